// The small parts of a package (workbook, relationships, content types, tables, notes) are edited
// through an XML parser: a SpreadsheetML prefix, single quotes or a strict package change nothing,
// and what an edit does not name keeps its bytes.
import { XMLValidator } from "fast-xml-parser";
import JSZip from "jszip";
import { readFileSync, writeFileSync } from "fs";
import { join } from "path";
import { removeSheet } from "../../src/share/xlsx/patchPackage";
import { editXml, XmlDoc, MAX_XML_DEPTH } from "../../src/share/xlsx/xmlEdit";
import { runCli } from "../support/realworld";
import { tempDir } from "../support/tempDir";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { bigWorkbook } = require("../support/bigWorkbook.cjs") as { bigWorkbook: (o: { rows: number; aiecon?: number }) => Promise<Buffer> };

const MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
const R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

it("finds elements whatever their prefix and edits only what it names", () => {
  const xml = `<?xml version="1.0"?>\n<x:workbook xmlns:x='${MAIN}'>\n  <x:sheets><x:sheet name='A &amp; B' sheetId='1'/></x:sheets>\n  <x:calcPr calcId='191029'/>\n</x:workbook>`;
  const doc = new XmlDoc(xml);
  expect(doc.all("sheet").map((n) => n.attrs.name)).toEqual(["A & B"]);
  const out = editXml(xml, (d) => {
    d.setAttrs(d.first("calcPr")!, { fullCalcOnLoad: "1" });
    d.append(d.first("sheets")!, `<${d.root.prefix}sheet name="New" sheetId="2" ${d.prefixFor(R, "r")}id="rId9"/>`);
  });
  expect(out).toBe(
    `<?xml version="1.0"?>\n<x:workbook xmlns:x="${MAIN}" xmlns:r="${R}">\n  <x:sheets><x:sheet name='A &amp; B' sheetId='1'/><x:sheet name="New" sheetId="2" r:id="rId9"/></x:sheets>\n  <x:calcPr calcId="191029" fullCalcOnLoad="1"/>\n</x:workbook>`,
  );
  expect(XMLValidator.validate(out)).toBe(true);
  // Appending to an empty self-closing element opens it.
  expect(editXml("<a><b/></a>", (d) => d.append(d.first("b")!, "<c/>"))).toBe("<a><b><c/></b></a>");
  expect(() => editXml("<a><b/></a>", (d) => (d.remove(d.first("b")!), d.append(d.first("b")!, "<c/>")))).toThrow(/overlapping/);
});

it("takes a sheet out of a prefixed workbook part, moving sheet-scoped names and views", () => {
  const workbook =
    `<x:workbook xmlns:x="${MAIN}" xmlns:r="${R}"><x:bookViews><x:workbookView activeTab="2" firstSheet="0"/></x:bookViews>` +
    '<x:sheets><x:sheet name="A" sheetId="1" r:id="rId1"/><x:sheet name="AIECON_Originals" sheetId="3" state="veryHidden" r:id="rId3"/><x:sheet name="B" sheetId="2" r:id="rId2"/></x:sheets>' +
    '<x:definedNames><x:definedName name="gone" localSheetId="1">AIECON_Originals!$A$1</x:definedName></x:definedNames></x:workbook>';
  const rels = `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId3" Type="${R}/worksheet" Target="worksheets/sheet3.xml"/><Relationship Id="rId1" Type="${R}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`;
  const types =
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override PartName="/xl/worksheets/sheet3.xml" ContentType="x"/></Types>';
  const out = removeSheet(workbook, rels, types, "AIECON_Originals")!;
  expect(out.part).toBe("xl/worksheets/sheet3.xml");
  expect(out.workbook).toBe(
    `<x:workbook xmlns:x="${MAIN}" xmlns:r="${R}"><x:bookViews><x:workbookView activeTab="1" firstSheet="0"/></x:bookViews>` +
      '<x:sheets><x:sheet name="A" sheetId="1" r:id="rId1"/><x:sheet name="B" sheetId="2" r:id="rId2"/></x:sheets></x:workbook>',
  );
  expect(out.wbRels).not.toContain("sheet3.xml");
  expect(out.types).not.toContain("sheet3.xml");
});

it("converts and restores a workbook whose parts all use a SpreadsheetML prefix", async () => {
  const zip = await JSZip.loadAsync(await bigWorkbook({ rows: 50, aiecon: 3 }));
  // The same package as a generator writing prefixed SpreadsheetML would write it.
  const prefixed = (xml: string) =>
    xml.replace(/<(\/?)(?!\?)([A-Za-z]+)([\s/>])/g, "<$1x:$2$3").replace(`xmlns="${MAIN}"`, `xmlns:x="${MAIN}"`);
  for (const p of ["xl/workbook.xml", "xl/worksheets/sheet1.xml", "xl/sharedStrings.xml"])
    zip.file(p, prefixed(await zip.file(p)!.async("string")));
  // A call kept as its value gets an "as of" note: comments, a note drawing and <x:legacyDrawing>.
  const withNote = (await zip.file("xl/worksheets/sheet1.xml")!.async("string")).replace(
    "</x:row>",
    '<x:c r="I2"><x:f>_xldudf_AIECON_TOKENCOUNT("hello world")</x:f><x:v>2</x:v></x:c></x:row>',
  );
  zip.file("xl/worksheets/sheet1.xml", withNote);
  const dir = tempDir("prefixed");
  const input = join(dir, "in.xlsx");
  writeFileSync(input, await zip.generateAsync({ type: "nodebuffer" }));
  const r = await runCli(input, join(dir, "out.xlsx"));
  expect(r.err).toBe("");
  expect(r.out).toMatch(/3 formula\(s\) now native Excel, 1 written as values/);
  const out = await JSZip.loadAsync(readFileSync(join(dir, "out.xlsx")));
  const workbook = await out.file("xl/workbook.xml")!.async("string");
  expect(workbook).toMatch(
    /<x:sheet name="AI Prices" sheetId="2" r:id="rId\d+"\/><x:sheet name="AIECON_Originals" sheetId="3" state="veryHidden" r:id="rId\d+"\/><\/x:sheets>/,
  );
  expect(workbook).toMatch(/<x:calcPr calcId="191029" fullCalcOnLoad="1"\/>/);
  const sheet = await out.file("xl/worksheets/sheet1.xml")!.async("string");
  // G2:G4 filled down: one shared formula group, the others pointing at it (prefixed as the sheet is).
  expect(sheet).toMatch(/<x:c r="G2"><x:f t="shared" ref="G2:G4" si="0">[^<]*INDEX\(AIECON_Prices/);
  expect(sheet).toContain('<x:c r="G4"><x:f t="shared" si="0"/></x:c>');
  expect(sheet).toMatch(/<x:c r="I2"><x:v>2<\/x:v><\/x:c>/);
  expect(sheet).toMatch(/<x:legacyDrawing r:id="rId\d+"\/><\/x:worksheet>$/);
  expect(Object.keys(out.files).filter((f) => /comments|vmlDrawing|worksheets\/_rels\/sheet1/.test(f))).toHaveLength(3); // comments, drawing, the sheet's rels
  for (const p of Object.keys(out.files).filter((f) => /\.xml$/.test(f)))
    expect([p, XMLValidator.validate(await out.file(p)!.async("string"))]).toEqual([p, true]);

  const back = await runCli(join(dir, "out.xlsx"), join(dir, "back.xlsx"), "--restore");
  expect(back.out).toMatch(/4 AIECON formula\(s\) restored/);
  const restored = await JSZip.loadAsync(readFileSync(join(dir, "back.xlsx")));
  expect(Object.keys(restored.files).filter((f) => /comments|vmlDrawing|worksheets\/_rels\/sheet1/.test(f))).toEqual([]);
  expect(await restored.file("xl/worksheets/sheet1.xml")!.async("string")).not.toContain("legacyDrawing");
  expect(await restored.file("xl/workbook.xml")!.async("string")).not.toContain("AIECON_Originals");
  expect(await restored.file("xl/worksheets/sheet1.xml")!.async("string")).toContain(
    '<x:c r="G2"><x:f t="shared" ref="G2:G4" si="1">_xldudf_AIECON_COSTPERINTERACTION(B2,C2,"gpt-4o")</x:f></x:c>',
  );
});

test("an element's text is all its descendants' text, joined when asked for, with the nesting bounded", () => {
  const doc = new XmlDoc("<r><a>one<b>two<c>three</c></b>four &amp; <d/>five</a><e>six</e></r>");
  const text = (name: string) => doc.first(name)!.text;
  expect([text("r"), text("a"), text("b"), text("c"), text("d"), text("e")]).toEqual([
    "onetwothreefour & fivesix",
    "onetwothreefour & five",
    "twothree",
    "three",
    "",
    "six",
  ]);
  const deep = (n: number) => `${"<a>t".repeat(n)}${"</a>".repeat(n)}`;
  expect(new XmlDoc(deep(MAX_XML_DEPTH)).root.text).toBe("t".repeat(MAX_XML_DEPTH));
  expect(() => new XmlDoc(deep(MAX_XML_DEPTH + 1))).toThrow(/nests elements more than 256 deep/);
});
