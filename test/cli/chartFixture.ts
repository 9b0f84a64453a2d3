// A workbook with a real chart, as Excel saves one: exceljs writes the cells, then the chart parts
// (chart, drawing, their relationships and content types) are added to the package with JSZip,
// since exceljs can neither write nor keep charts.
import type * as ExcelJS from "exceljs";
import JSZip from "jszip";

const REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

/** A clustered column chart of `values` labelled by `categories` (both absolute ranges like 'Sheet'!$B$5:$B$7). */
export function chartXml(title: string, categories: string, values: string, cached: readonly number[]): string {
  const pts = cached.map((v, i) => `<c:pt idx="${i}"><c:v>${v}</c:v></c:pt>`).join("");
  return (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
    `<c:chartSpace xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:r="${REL}">` +
    '<c:roundedCorners val="0"/><c:chart>' +
    `<c:title><c:tx><c:rich><a:bodyPr/><a:p><a:r><a:t>${title.replace(/&/g, "&amp;").replace(/</g, "&lt;")}</a:t></a:r></a:p></c:rich></c:tx><c:overlay val="0"/></c:title>` +
    '<c:autoTitleDeleted val="0"/><c:plotArea><c:layout/>' +
    '<c:barChart><c:barDir val="col"/><c:grouping val="clustered"/><c:varyColors val="0"/>' +
    '<c:ser><c:idx val="0"/><c:order val="0"/><c:tx><c:v>Cost</c:v></c:tx>' +
    `<c:cat><c:strRef><c:f>${categories.replace(/&/g, "&amp;")}</c:f></c:strRef></c:cat>` +
    `<c:val><c:numRef><c:f>${values.replace(/&/g, "&amp;")}</c:f><c:numCache><c:formatCode>General</c:formatCode><c:ptCount val="${cached.length}"/>${pts}</c:numCache></c:numRef></c:val>` +
    '</c:ser><c:gapWidth val="150"/><c:axId val="50010001"/><c:axId val="50010002"/></c:barChart>' +
    '<c:catAx><c:axId val="50010001"/><c:scaling><c:orientation val="minMax"/></c:scaling><c:delete val="0"/><c:axPos val="b"/>' +
    '<c:numFmt formatCode="General" sourceLinked="1"/><c:tickLblPos val="nextTo"/><c:crossAx val="50010002"/><c:crosses val="autoZero"/><c:auto val="1"/><c:lblAlgn val="ctr"/><c:lblOffset val="100"/></c:catAx>' +
    '<c:valAx><c:axId val="50010002"/><c:scaling><c:orientation val="minMax"/></c:scaling><c:delete val="0"/><c:axPos val="l"/><c:majorGridlines/>' +
    '<c:numFmt formatCode="General" sourceLinked="1"/><c:tickLblPos val="nextTo"/><c:crossAx val="50010001"/><c:crosses val="autoZero"/><c:crossBetween val="between"/></c:valAx>' +
    '</c:plotArea><c:legend><c:legendPos val="r"/><c:overlay val="0"/></c:legend><c:plotVisOnly val="1"/><c:dispBlanksAs val="gap"/></c:chart></c:chartSpace>'
  );
}

export const DRAWING_XML =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
  '<xdr:wsDr xmlns:xdr="http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main">' +
  "<xdr:twoCellAnchor><xdr:from><xdr:col>3</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>1</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:from>" +
  "<xdr:to><xdr:col>10</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>16</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:to>" +
  '<xdr:graphicFrame macro=""><xdr:nvGraphicFramePr><xdr:cNvPr id="2" name="Chart 1"/><xdr:cNvGraphicFramePr/></xdr:nvGraphicFramePr>' +
  '<xdr:xfrm><a:off x="0" y="0"/><a:ext cx="0" cy="0"/></xdr:xfrm>' +
  '<a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/chart">' +
  `<c:chart xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart" xmlns:r="${REL}" r:id="rId1"/>` +
  "</a:graphicData></a:graphic></xdr:graphicFrame><xdr:clientData/></xdr:twoCellAnchor></xdr:wsDr>";

const DRAWING_RELS =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
  '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
  `<Relationship Id="rId1" Type="${REL}/chart" Target="../charts/chart1.xml"/></Relationships>`;

/** The package of `wb` with a chart drawn on its first sheet; also returns that sheet's part name. */
export async function withChart(wb: ExcelJS.Workbook, chart: string): Promise<{ xlsx: Buffer; sheetPart: string }> {
  const zip = await JSZip.loadAsync((await wb.xlsx.writeBuffer()) as ArrayBuffer);
  const sheetPart = "xl/worksheets/sheet1.xml";
  const relsPart = "xl/worksheets/_rels/sheet1.xml.rels";
  zip.file("xl/charts/chart1.xml", chart);
  zip.file("xl/drawings/drawing1.xml", DRAWING_XML);
  zip.file("xl/drawings/_rels/drawing1.xml.rels", DRAWING_RELS);
  let rels =
    (await zip.file(relsPart)?.async("string")) ??
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"></Relationships>';
  rels = rels.replace(
    "</Relationships>",
    `<Relationship Id="rIdChart1" Type="${REL}/drawing" Target="../drawings/drawing1.xml"/></Relationships>`,
  );
  zip.file(relsPart, rels);
  // CT_Worksheet's order: <drawing> after the page setup elements, before legacyDrawing, tableParts and extLst.
  let sheet = await zip.file(sheetPart)!.async("string");
  const at = /<(?:legacyDrawing|legacyDrawingHF|picture|oleObjects|controls|webPublishItems|tableParts|extLst)\b|<\/worksheet>/.exec(
    sheet,
  )!;
  sheet = sheet.slice(0, at.index) + '<drawing r:id="rIdChart1"/>' + sheet.slice(at.index);
  if (!/<worksheet\b[^>]*xmlns:r=/.test(sheet)) sheet = sheet.replace("<worksheet", `<worksheet xmlns:r="${REL}"`);
  zip.file(sheetPart, sheet);
  let types = await zip.file("[Content_Types].xml")!.async("string");
  types = types.replace(
    "</Types>",
    '<Override PartName="/xl/charts/chart1.xml" ContentType="application/vnd.openxmlformats-officedocument.drawingml.chart+xml"/>' +
      '<Override PartName="/xl/drawings/drawing1.xml" ContentType="application/vnd.openxmlformats-officedocument.drawing+xml"/></Types>',
  );
  zip.file("[Content_Types].xml", types);
  // Excel saves a calculation chain; the converted file must drop it (its formulas changed).
  zip.file(
    "xl/calcChain.xml",
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<calcChain xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><c r="B1" i="1"/></calcChain>',
  );
  zip.file(
    "[Content_Types].xml",
    types.replace(
      "</Types>",
      '<Override PartName="/xl/calcChain.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.calcChain+xml"/></Types>',
    ),
  );
  const wbRels = await zip.file("xl/_rels/workbook.xml.rels")!.async("string");
  zip.file(
    "xl/_rels/workbook.xml.rels",
    wbRels.replace("</Relationships>", `<Relationship Id="rIdCalc" Type="${REL}/calcChain" Target="calcChain.xml"/></Relationships>`),
  );
  return { xlsx: await zip.generateAsync({ type: "nodebuffer", compression: "DEFLATE" }), sheetPart };
}
