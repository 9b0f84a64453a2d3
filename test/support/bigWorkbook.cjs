// Generates a large workbook as Excel lays one out (numbers, shared strings, formulas with cached
// results) with AIECON formulas in its first rows: the input of the 200,000-row test and of the
// sharing benchmark. CommonJS so jest and bench/share.mjs both load it as is.
const JSZip = require("jszip");

const MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
const REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const PKG = "http://schemas.openxmlformats.org/package/2006/relationships";

/**
 * rows: data rows; aiecon: how many of the first rows carry AIECON formulas (in column G); level: deflate level.
 * Returns the xlsx bytes. Row r: A text (shared), B input tokens, C output tokens, D B*C formula,
 * E a running total (chain), F a number; G the AIECON call (rows 2..aiecon+1), H a formula reading G.
 * shared: each filled-down column (D, E, and G and H over the AIECON rows) saved as Excel saves a
 * fill-down, as one shared formula group (ECMA-376 §18.3.1.40): row 2 holds the text with the
 * group's range, `<f t="shared" ref="D2:D…" si="0">B2*C2</f>`, every other cell only
 * `<f t="shared" si="0"/>` and its cached result; si numbers the groups D, E, G, H from 0. A
 * column of one cell is written in full, as Excel does. False (the default): every formula in full.
 */
async function bigWorkbook({ rows, aiecon = 100, level = 6, shared = false }) {
  const lastRow = rows + 1;
  const lastAiecon = Math.min(aiecon, rows) + 1;
  // Cell r of the fill-down of `text` (as row r holds it) down `col` to row `last`, group si.
  const filled = (col, r, last, si, text) =>
    !shared || last === 2
      ? `<f>${text}</f>`
      : r === 2
        ? `<f t="shared" ref="${col}2:${col}${last}" si="${si}">${text}</f>`
        : `<f t="shared" si="${si}"/>`;
  const chunks = [];
  chunks.push(
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="${MAIN}" xmlns:r="${REL}"><dimension ref="A1:H${rows + 1}"/><sheetData>`,
  );
  chunks.push('<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c></row>');
  let part = [];
  for (let r = 2; r <= rows + 1; r++) {
    const inTok = 1000 + (r % 5000);
    const outTok = 100 + (r % 700);
    let row =
      `<row r="${r}"><c r="A${r}" t="s"><v>${3 + (r % 4)}</v></c><c r="B${r}"><v>${inTok}</v></c><c r="C${r}"><v>${outTok}</v></c>` +
      `<c r="D${r}">${filled("D", r, lastRow, 0, `B${r}*C${r}`)}<v>${inTok * outTok}</v></c>` +
      `<c r="E${r}">${filled("E", r, lastRow, 1, `B${r}+F${r}`)}<v>${inTok + r * 0.5}</v></c><c r="F${r}"><v>${r * 0.5}</v></c>`;
    if (r <= aiecon + 1)
      row +=
        `<c r="G${r}">${filled("G", r, lastAiecon, 2, `_xldudf_AIECON_COSTPERINTERACTION(B${r},C${r},"gpt-4o")`)}<v>0.01</v></c>` +
        `<c r="H${r}">${filled("H", r, lastAiecon, 3, `G${r}*2`)}<v>0.02</v></c>`;
    part.push(row + "</row>");
    if (part.length === 5000) {
      chunks.push(Buffer.from(part.join("")));
      part = [];
    }
  }
  chunks.push(Buffer.from(part.join("") + "</sheetData></worksheet>"));
  // Buffers, not one string: a 100 MB workbook's sheet is beyond V8's longest string.
  const sheet = Buffer.concat(chunks.map((c) => (typeof c === "string" ? Buffer.from(c) : c)));
  const zip = new JSZip();
  zip.file(
    "[Content_Types].xml",
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
      '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>' +
      '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
      '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>' +
      '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
  );
  zip.file(
    "_rels/.rels",
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="${PKG}"><Relationship Id="rId1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
  );
  zip.file(
    "xl/workbook.xml",
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook xmlns="${MAIN}" xmlns:r="${REL}"><sheets><sheet name="Usage" sheetId="1" r:id="rId1"/></sheets><calcPr calcId="191029"/></workbook>`,
  );
  zip.file(
    "xl/_rels/workbook.xml.rels",
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="${PKG}"><Relationship Id="rId1" Type="${REL}/worksheet" Target="worksheets/sheet1.xml"/>` +
      `<Relationship Id="rId2" Type="${REL}/sharedStrings" Target="sharedStrings.xml"/></Relationships>`,
  );
  const strings = ["Feature", "Input tokens", "Output tokens", "chat", "search", "summarise", "agent"];
  zip.file(
    "xl/sharedStrings.xml",
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="${MAIN}" count="${strings.length}" uniqueCount="${strings.length}">${strings.map((s) => `<si><t>${s}</t></si>`).join("")}</sst>`,
  );
  zip.file("xl/worksheets/sheet1.xml", sheet);
  return zip.generateAsync({ type: "nodebuffer", compression: "DEFLATE", compressionOptions: { level } });
}

module.exports = { bigWorkbook };
