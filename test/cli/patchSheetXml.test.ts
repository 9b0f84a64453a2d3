// The worksheet XML edits of the package patcher, on sheets written the way Excel writes them
// (spans, shared and array formulas, dynamic-array metadata, shared strings).
import { XMLValidator } from "fast-xml-parser";
import { patchPlan, patchSheetXml, removeSheet, type CellEdit } from "../../src/share/xlsx/patchPackage";
import { FormulaIndex } from "../../src/share/xlsx/dependents";
import { NO_EDITS } from "../../src/share/xlsx/fileChange";

const sheet = (rows: string, tail = "") =>
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
  '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">' +
  `<dimension ref="A1:D4"/><sheetData>${rows}</sheetData><pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>${tail}</worksheet>`;

const edits = (o: Record<string, CellEdit>) => new Map(Object.entries(o));
const cellsOf = (xml: string) => [...xml.matchAll(/<c r="([A-Z]+\d+)"/g)].map((m) => m[1]);

it("rewrites a formula cell keeping only its address and style", () => {
  const xml = sheet(
    '<row r="1" spans="1:3"><c r="A1" t="s"><v>0</v></c><c r="B1" s="4" t="str" cm="1"><f t="array" ref="B1:B3" aca="false">_xldudf_AIECON_X(1)</f><v>x</v></c></row>',
  );
  const out = patchSheetXml(xml, edits({ B1: { kind: "formula", formula: 'IF(A1<>"a&b",1,2)' } }))!;
  expect(out).toContain('<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" s="4"><f>IF(A1&lt;&gt;"a&amp;b",1,2)</f></c></row>');
  // Quotes in element text stay as they are (as Excel writes them); an attribute value escapes them.
  expect(out).toContain('<dimension ref="A1:D4"/>');
  expect(out.endsWith('<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/></worksheet>')).toBe(true);
  expect(XMLValidator.validate(out)).toBe(true);
});

it("writes numbers, booleans and inline strings (never the shared strings table)", () => {
  const xml = sheet(
    '<row r="2"><c r="A2" s="2"><f>AIECON.X()</f><v>1</v></c><c r="B2"><f>AIECON.Y()</f></c><c r="C2" s="7"><f>AIECON.Z()</f></c></row>',
  );
  const out = patchSheetXml(
    xml,
    edits({
      A2: { kind: "number", value: 0.000125 },
      B2: { kind: "boolean", value: true },
      C2: { kind: "string", value: ' as of <now> & "then" ' },
    }),
  )!;
  expect(out).toContain('<c r="A2" s="2"><v>0.000125</v></c>');
  expect(out).toContain('<c r="B2" t="b"><v>1</v></c>');
  expect(out).toContain('<c r="C2" s="7" t="inlineStr"><is><t xml:space="preserve"> as of &lt;now&gt; &amp; "then" </t></is></c>');
});

it("inserts new cells and rows in column and row order, leaving untouched rows byte for byte", () => {
  const row1 = '<row r="1" spans="1:4" ht="20" customHeight="1"><c r="B1"><v>1</v></c><c r="D1"><v>2</v></c></row>';
  const row5 = '<row r="5"><c r="A5" s="3"><v>5</v></c></row>';
  const out = patchSheetXml(
    sheet(row1 + row5),
    edits({
      C1: { kind: "number", value: 9 },
      A1: { kind: "number", value: 8 },
      A3: { kind: "string", value: "x" },
      A7: { kind: "number", value: 7 },
    }),
  )!;
  expect(cellsOf(out)).toEqual(["A1", "B1", "C1", "D1", "A3", "A5", "A7"]);
  expect(out).toContain('<row r="1" ht="20" customHeight="1"><c r="A1"><v>8</v></c>');
  expect(out).toContain(row5);
  // The used range grows to the new cells.
  expect(out).toContain('<dimension ref="A1:D7"/>');
});

it("drops every formula's cached result, so engines that do not recalculate on load compute it", () => {
  const row = '<row r="1"><c r="A1"><v>3</v></c><c r="B1" t="str"><f>A1&amp;"x"</f><v>3x</v></c></row>';
  const out = patchSheetXml(sheet(row), new Map())!;
  expect(out).toContain('<row r="1"><c r="A1"><v>3</v></c><c r="B1"><f>A1&amp;"x"</f></c></row>');
  // A sheet without formulas or edits is not touched at all.
  expect(patchSheetXml(sheet('<row r="1"><c r="A1"><v>3</v></c></row>'), new Map())).toBeUndefined();
});

it("refuses to orphan the followers of a rewritten shared formula", () => {
  const row =
    '<row r="1"><c r="A1"><f t="shared" ref="A1:A2" si="0">AIECON.X(B1)</f></c></row><row r="2"><c r="A2"><f t="shared" si="0"/></c></row>';
  expect(() => patchSheetXml(sheet(row), edits({ A1: { kind: "formula", formula: "B1*2" } }))).toThrow(/shared formula/);
  const both = patchSheetXml(sheet(row), edits({ A1: { kind: "formula", formula: "B1*2" }, A2: { kind: "formula", formula: "B2*2" } }))!;
  expect(both).toContain('<c r="A1"><f>B1*2</f></c>');
  expect(both).toContain('<c r="A2"><f>B2*2</f></c>');
});

it("removing a sheet moves the sheet-scoped names and the active tab of the sheets after it", () => {
  const R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
  const workbook =
    `<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="${R}"><bookViews><workbookView activeTab="2" firstSheet="0"/></bookViews>` +
    '<sheets><sheet name="A" sheetId="1" r:id="rId1"/><sheet name="AIECON_Originals" sheetId="5" state="veryHidden" r:id="rId2"/><sheet name="C &amp; D" sheetId="3" r:id="rId3"/></sheets>' +
    '<definedNames><definedName name="x" localSheetId="0">A!$A$1</definedName><definedName name="y" localSheetId="1">AIECON_Originals!$A$1</definedName>' +
    '<definedName name="z" localSheetId="2">\'C &amp; D\'!$A$1</definedName><definedName name="w">A!$B$1</definedName></definedNames><calcPr calcId="1"/></workbook>';
  const rels =
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
    [1, 2, 3].map((i) => `<Relationship Id="rId${i}" Type="${R}/worksheet" Target="worksheets/sheet${i}.xml"/>`).join("") +
    "</Relationships>";
  const types = `<Types>${[1, 2, 3].map((i) => `<Override PartName="/xl/worksheets/sheet${i}.xml" ContentType="x"/>`).join("")}</Types>`;
  const out = removeSheet(workbook, rels, types, "AIECON_Originals")!;
  expect(out.part).toBe("xl/worksheets/sheet2.xml");
  expect(out.workbook).not.toMatch(/AIECON_Originals/);
  expect(out.workbook).toMatch(/<definedName name="x" localSheetId="0">/);
  expect(out.workbook).toMatch(/<definedName name="z" localSheetId="1">/);
  expect(out.workbook).toMatch(/<definedName name="w">/);
  expect(out.workbook).toMatch(/<workbookView activeTab="1" firstSheet="0"\/>/);
  expect(out.wbRels).not.toMatch(/sheet2\.xml/);
  expect(out.types).not.toMatch(/sheet2\.xml/);
  expect(out.types).toMatch(/sheet3\.xml/);
  expect(XMLValidator.validate(out.workbook)).toBe(true);
});

it("drops a text result stored with xml:space together with its type, so no text is left typed as a number", () => {
  const row =
    '<row r="1"><c r="A1" t="str"><f>"a"&amp;" b"</f><v xml:space="preserve">a b</v></c><c r="B1" t="str"><f>A1</f><v/></c></row>';
  const out = patchSheetXml(sheet(row), new Map())!;
  expect(out).toContain('<row r="1"><c r="A1"><f>"a"&amp;" b"</f></c><c r="B1"><f>A1</f></c></row>');
  expect(XMLValidator.validate(out)).toBe(true);
});

it("keeps the cached result of formulas that do not depend on a converted cell, byte for byte", () => {
  const row1 = '<row r="1"><c r="A1"><f>AIECON.X()</f><v>1</v></c><c r="B1"><f>A1*2</f><v>2</v></c></row>';
  const row2 = '<row r="2"><c r="A2" t="str"><f>"x"</f><v xml:space="preserve">x</v></c></row>';
  const out = patchSheetXml(sheet(row1 + row2), edits({ A1: { kind: "formula", formula: "1+0" } }), (ref) => ref === "A1" || ref === "B1")!;
  expect(out).toContain('<row r="1"><c r="A1"><f>1+0</f></c><c r="B1"><f>A1*2</f></c></row>');
  expect(out).toContain(row2);
  expect(patchSheetXml(sheet(row2), new Map(), () => false)).toBeUndefined();
});

it("patches a sheet of 40,000 rows × 6 columns (the used range is grown without spreading every cell into one call)", () => {
  const rows: string[] = [];
  for (let r = 1; r <= 40_000; r++)
    rows.push(`<row r="${r}">${["A", "B", "C", "D", "E", "F"].map((c) => `<c r="${c}${r}"><f>ROW()</f><v>${r}</v></c>`).join("")}</row>`);
  const out = patchSheetXml(sheet(rows.join("")), edits({ G40001: { kind: "number", value: 1 } }))!;
  expect(out).toContain('<dimension ref="A1:G40001"/>');
  expect(out).toContain('<c r="F40000"><f>ROW()</f></c>');
});

it.each([
  ["B2:D4", { A3: 1 }, "A2:D4"],
  ["B2:D4", { C1: 1 }, "B1:D4"],
  ["B2:D4", { A9: 1, F1: 2 }, "A1:F9"],
  ["B2:D4", { C3: 1 }, "B2:D4"],
  ["B2", { B2: 1 }, "B2"],
  ["B2", { D5: 1 }, "B2:D5"],
])("grows the used range %s to the cells written (%o): %s", (before, cells, after) => {
  const xml = sheet('<row r="3"><c r="C3"><v>0</v></c></row>').replace('<dimension ref="A1:D4"/>', `<dimension ref="${before}"/>`);
  const out = patchSheetXml(xml, edits(Object.fromEntries(Object.entries(cells).map(([a, value]) => [a, { kind: "number", value }]))))!;
  expect(out).toContain(`<dimension ref="${after}"/>`);
});

it("follows a prefixed SpreadsheetML namespace, single quotes, inline and rich strings and '>' inside attributes", () => {
  const xml =
    '<?xml version="1.0" encoding="UTF-8"?>\n<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:dimension ref=\'A1:B2\'/><x:sheetData>' +
    "<x:row r='1'><x:c r='A1' t='inlineStr'><x:is><x:r><x:t xml:space='preserve'>a &lt;b&gt; </x:t></x:r><x:r><x:t>c</x:t></x:r></x:is></x:c><x:c r='B1' s='2' t='str'><x:f>AIECON.X(\"&gt;\")</x:f><x:v xml:space='preserve'> t </x:v></x:c></x:row>" +
    "<x:row r='2' x14ac:note='a&gt;b' xmlns:x14ac='urn:x'><x:c r='A2'><x:f>B1&amp;\"x\"</x:f><x:v>tx</x:v></x:c></x:row></x:sheetData></x:worksheet>";
  const out = patchSheetXml(xml, edits({ B1: { kind: "number", value: 7 }, C3: { kind: "string", value: "new" } }), (ref) => ref !== "A2")!;
  // Row 1 changed (B1); its rich text cell A1 keeps its bytes. Row 2's formula does not depend: untouched.
  expect(out).toContain(
    "<x:c r='A1' t='inlineStr'><x:is><x:r><x:t xml:space='preserve'>a &lt;b&gt; </x:t></x:r><x:r><x:t>c</x:t></x:r></x:is></x:c>",
  );
  expect(out).toContain('<x:c r="B1" s="2"><x:v>7</x:v></x:c>');
  expect(out).toContain(
    "<x:row r='2' x14ac:note='a&gt;b' xmlns:x14ac='urn:x'><x:c r='A2'><x:f>B1&amp;\"x\"</x:f><x:v>tx</x:v></x:c></x:row>",
  );
  expect(out).toContain('<x:row r="3"><x:c r="C3" t="inlineStr"><x:is><x:t xml:space="preserve">new</x:t></x:is></x:c></x:row>');
  expect(out).toContain('<x:dimension ref="A1:C3"/>');
  expect(XMLValidator.validate(out)).toBe(true);
});

it("adds rows between the sheet's own and cells inside them in column order, reading the rows from their text or with the parser", () => {
  // Rows 2, 4 and 6 exist (row 4's cells out of order); edits fall on rows before, between and after
  // them, on cells a row has and on cells it lacks (before, between and after its own).
  const rows =
    '<row r="2" spans="2:4"><c r="B2"><v>1</v></c><c r="D2"><f>B2</f><v>1</v></c></row>' +
    '<row r="4"><c r="D4"><v>4</v></c><c r="B4"><v>2</v></c></row>' +
    '<row r="6"><c r="C6" s="3"><v>6</v></c></row>';
  const changes = edits({
    C7: { kind: "number", value: 7 },
    A1: { kind: "number", value: 1 },
    E2: { kind: "number", value: 5 },
    A2: { kind: "number", value: 0 },
    C2: { kind: "blank" },
    C4: { kind: "boolean", value: true },
    A4: { kind: "number", value: 3 },
    C6: { kind: "string", value: "x" },
    B3: { kind: "number", value: 3 },
    A3: { kind: "number", value: 2 },
    B5: { kind: "formula", formula: "B4*2" },
  });
  const expected =
    '<row r="1"><c r="A1"><v>1</v></c></row>' +
    '<row r="2"><c r="A2"><v>0</v></c><c r="B2"><v>1</v></c><c r="C2"/><c r="D2"><f>B2</f></c><c r="E2"><v>5</v></c></row>' +
    '<row r="3"><c r="A3"><v>2</v></c><c r="B3"><v>3</v></c></row>' +
    '<row r="4"><c r="A4"><v>3</v></c><c r="C4" t="b"><v>1</v></c><c r="D4"><v>4</v></c><c r="B4"><v>2</v></c></row>' +
    '<row r="5"><c r="B5"><f>B4*2</f></c></row>' +
    '<row r="6"><c r="C6" s="3" t="inlineStr"><is><t xml:space="preserve">x</t></is></c></row>' +
    '<row r="7"><c r="C7"><v>7</v></c></row>';
  for (const textRows of [true, false]) {
    const out = patchSheetXml(sheet(rows), changes, () => true, textRows)!;
    expect(out.slice(out.indexOf("<sheetData>") + 11, out.indexOf("</sheetData>"))).toBe(expected);
  }
});

it("keeps a rewritten row's elements other than cells: an extLst stays last, after the cells an edit adds; a foreign element stays where it stood", () => {
  const ext = '<extLst><ext uri="{x}" xmlns:x14="urn:x"><x14:note a="1">kept</x14:note></ext></extLst>';
  const foreign = '<x14:mark xmlns:x14="urn:x"/>';
  const rows =
    `<row r="1"><c r="A1"><f>AIECON.X()</f><v>1</v></c>${ext}</row>` +
    `<row r="2"><c r="A2"><v>1</v></c>${foreign}<c r="C2"><f>A1*2</f><v>2</v></c>${ext}</row>`;
  const changes = edits({ A1: { kind: "number", value: 7 }, D1: { kind: "number", value: 8 }, B2: { kind: "number", value: 9 } });
  const expected =
    `<row r="1"><c r="A1"><v>7</v></c><c r="D1"><v>8</v></c>${ext}</row>` +
    `<row r="2"><c r="A2"><v>1</v></c>${foreign}<c r="B2"><v>9</v></c><c r="C2"><f>A1*2</f></c>${ext}</row>`;
  for (const textRows of [true, false]) {
    const out = patchSheetXml(sheet(rows), changes, () => true, textRows)!;
    expect(out.slice(out.indexOf("<sheetData>") + 11, out.indexOf("</sheetData>"))).toBe(expected);
  }
  // With the sheet's namespace prefixed, its extLst is still told from a foreign element.
  const prefixed = sheet(rows)
    .replace(/<(\/?)(worksheet|dimension|sheetData|row|c|f|v|pageMargins|extLst|ext)\b/g, "<$1x:$2")
    .replace('xmlns="', 'xmlns:x="');
  const out = patchSheetXml(prefixed, changes, () => true)!;
  expect(out).toContain('<x:c r="D1"><x:v>8</x:v></x:c><x:extLst>');
  expect(out).toContain(`<x:c r="A2"><x:v>1</x:v></x:c>${foreign}<x:c r="B2">`);
});

it("hands each sheet's edits and the formula index over once, so the plan lets go of them while the package is written", () => {
  const model = edits({ B2: { kind: "number", value: 1 } });
  const fileEdits = { ...NO_EDITS, cells: new Map([["Model", model]]) };
  const plan = patchPlan(fileEdits, new FormulaIndex());
  expect(plan.cells.get("Model")).toBe(model);
  expect(plan.takeCells("Model")).toBe(model);
  expect(plan.takeCells("Model")).toBeUndefined();
  expect(plan.cells.has("Model")).toBe(false);
  // The edits the plan was made from stay as they were.
  expect(fileEdits.cells.get("Model")).toBe(model);
  expect(plan.takeIndex()).toBeInstanceOf(FormulaIndex);
  expect(() => plan.takeIndex()).toThrow(/taken already/);
});
