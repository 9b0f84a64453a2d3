// The streaming halves of aiecon-share: SheetPatcher gives the same text whatever pieces the part
// arrives in (down to one character), wires or unwires the note drawing in the same pass, and
// SheetScanner reports each cell once, shared formulas moved to their cell.
import { XMLValidator } from "fast-xml-parser";
import { FormulaShift, shiftFormula } from "../../src/sheetModel/formula";
import { SheetScanner, type ScannedCell } from "../../src/share/xlsx/sheetScan";
import { patchSheetXml, SheetPatcher, type CellEdit, type SheetPatch } from "../../src/share/xlsx/sheetXml";

const MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
const R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

const sheet = (
  rows: string,
  tail = '<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>',
  root = `xmlns="${MAIN}" xmlns:r="${R}"`,
) =>
  `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet ${root}><dimension ref="A1:C3"/><sheetData>${rows}</sheetData>${tail}</worksheet>`;

const rows =
  '<row r="1" spans="1:3"><c r="A1" t="s"><v>0</v></c><c r="B1"><f>_xldudf_AIECON_COSTPERINTERACTION(100,50,"gpt-4o")</f><v>0.5</v></c><c r="C1"><f>B1*2</f><v>1</v></c></row>' +
  '<row r="2"><c r="A2" t="inlineStr"><is><r><t xml:space="preserve">a &lt;b&gt; </t></r><r><t>c</t></r><rPh sb="0" eb="1"><t>ふ</t></rPh></is></c><c r="B2"><f t="shared" ref="B2:B3" si="0">A2&amp;"x"</f><v>x</v></c></row>' +
  '<row r="3"><c r="B3"><f t="shared" si="0"/><v>y</v></c><c r="C3" t="str"><f>"é ✓ 😀"</f><v xml:space="preserve">é ✓ 😀</v></c></row>';

/** Feeds `xml` to a patcher in pieces of `size` characters. */
function inPieces(xml: string, patch: SheetPatch, size: number): string {
  const p = new SheetPatcher(patch);
  let out = "";
  for (let at = 0; at < xml.length; at += size) out += p.write(xml.slice(at, at + size));
  return out + p.end();
}

const edits = (o: Record<string, CellEdit>) => new Map(Object.entries(o));

describe("SheetPatcher", () => {
  const patches: [string, string, SheetPatch][] = [
    [
      "a converted cell, its dependent and a new row",
      sheet(rows),
      {
        edits: edits({ B1: { kind: "formula", formula: "100*2" }, A5: { kind: "string", value: "as of" } }),
        stale: (row, col) => row === 1 && (col === 2 || col === 3),
      },
    ],
    ["nothing but stale results", sheet(rows), { edits: new Map(), stale: () => true }],
    [
      "a note drawing wired in before tableParts",
      sheet(rows, '<pageMargins left="1" right="1" top="1" bottom="1" header="0" footer="0"/><tableParts count="0"/>', `xmlns="${MAIN}"`),
      { edits: new Map(), addLegacyDrawing: "rId9" },
    ],
    [
      "a note drawing taken away",
      sheet(rows, '<pageMargins left="1" right="1" top="1" bottom="1" header="0" footer="0"/><legacyDrawing r:id="rId2"/>'),
      { edits: new Map(), stale: () => false, removeLegacyDrawing: true },
    ],
    [
      "an empty sheet given a cell",
      sheet("").replace("<sheetData></sheetData>", "<sheetData/>"),
      { edits: edits({ B2: { kind: "number", value: 3 } }) },
    ],
  ];

  it.each(patches)("gives the same text in any pieces: %s", (_, xml, patch) => {
    const whole = inPieces(xml, patch, xml.length);
    expect(XMLValidator.validate(whole)).toBe(true);
    for (const size of [1, 2, 3, 7, 64, 1000]) expect([size, inPieces(xml, patch, size)]).toEqual([size, whole]);
  });

  it("wires the note drawing in its schema place and declares the relationships namespace once", () => {
    const [, xml, patch] = patches[2];
    const out = inPieces(xml, patch, 5);
    expect(out).toMatch(/<worksheet [^>]*>/);
    const root = /<worksheet [^>]*>/.exec(out)![0];
    expect(root).toContain(`xmlns="${MAIN}"`);
    expect(root).toContain(`xmlns:r="${R}"`);
    expect(out).toMatch(/<pageMargins [^>]*\/><legacyDrawing r:id="rId9"\/><tableParts count="0"\/><\/worksheet>$/);
    // Without a later element, it goes last.
    const plain = inPieces(sheet(rows), { edits: new Map(), addLegacyDrawing: "rId3" }, 11);
    expect(plain).toMatch(/<legacyDrawing r:id="rId3"\/><\/worksheet>$/);
    expect(plain.match(/xmlns:r=/g)).toHaveLength(1);
  });

  it("takes the note drawing away and keeps everything else", () => {
    const [, xml, patch] = patches[3];
    const out = inPieces(xml, patch, 4);
    expect(out).toBe(xml.replace('<legacyDrawing r:id="rId2"/>', ""));
  });

  it("keeps untouched rows, multi-byte text and the rich and phonetic runs as they are", () => {
    const [, xml, patch] = patches[0];
    const out = inPieces(xml, patch, 3);
    expect(out).toContain(rows.slice(rows.indexOf('<row r="2">')));
    expect(out).toContain('<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1"><f>100*2</f></c><c r="C1"><f>B1*2</f></c></row>');
    expect(out).toContain('<row r="5"><c r="A5" t="inlineStr"><is><t xml:space="preserve">as of</t></is></c></row></sheetData>');
    expect(out).toContain('<dimension ref="A1:C5"/>');
  });

  it("refuses, in any pieces, to cut a shared formula's first cell from the others", () => {
    for (const size of [1, 50, 10_000])
      expect(() => inPieces(sheet(rows), { edits: edits({ B2: { kind: "number", value: 1 } }) }, size)).toThrow(/shared formula/);
  });

  it("patchSheetXml is the same patcher fed at once, and says when nothing changed", () => {
    expect(patchSheetXml(sheet(rows), new Map(), () => false)).toBeUndefined();
    expect(patchSheetXml(sheet(rows), new Map())).toBe(inPieces(sheet(rows), { edits: new Map() }, 9));
  });
});

describe("SheetPatcher copies the rows nothing changes without parsing them", () => {
  // Rows of every shape the cheap scan must step over: numbers, shared strings, formulas with cached
  // results, self-closing rows, a ">" inside an attribute, a comment inside a row, and a prefixed sheet.
  const manyRows = (p = "") =>
    Array.from({ length: 40 }, (_, i) => {
      const r = i + 1;
      if (r % 13 === 0) return `<${p}row r="${r}" spans="1:3"/>`;
      if (r === 7) return `<${p}row r="7" x14ac:note="a>b"><${p}c r="A7"><${p}v>7</${p}v></${p}c><!-- </${p}row> --></${p}row>`;
      return (
        `<${p}row r="${r}"><${p}c r="A${r}" t="s"><${p}v>${r % 3}</${p}v></${p}c><${p}c r="B${r}"><${p}v>${r * 2}</${p}v></${p}c>` +
        `<${p}c r="C${r}"><${p}f>A${r}*B${r}</${p}f><${p}v>${r}</${p}v></${p}c></${p}row>`
      );
    }).join("\n");
  const prefixed = (rowsXml: string) =>
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<x:worksheet xmlns:x="${MAIN}"><x:sheetData>${rowsXml}</x:sheetData></x:worksheet>`;
  const staleRows = new Set([5, 20]);
  const patch: SheetPatch = {
    edits: edits({ B9: { kind: "number", value: 1 }, A50: { kind: "string", value: "new" } }),
    stale: (row) => staleRows.has(row),
  };

  it.each([
    ["plain", sheet(manyRows()), ""],
    ["prefixed", prefixed(manyRows("x:")), "x:"],
  ])("gives, in any pieces, what parsing every row gives (%s)", (_name, xml, p) => {
    const parsedAll = inPieces(xml, patch, xml.length);
    const copying = { ...patch, staleRow: (r: number) => staleRows.has(r) };
    for (const size of [1, 2, 7, 50, 333, xml.length]) expect(inPieces(xml, copying, size)).toBe(parsedAll);
    // Only the edited row and the rows with stale results changed; every other row kept its bytes.
    expect(parsedAll).toContain(
      `<${p}row r="5"><${p}c r="A5" t="s"><${p}v>2</${p}v></${p}c><${p}c r="B5"><${p}v>10</${p}v></${p}c><${p}c r="C5"><${p}f>A5*B5</${p}f></${p}c></${p}row>`,
    );
    expect(parsedAll).toContain(`<${p}c r="B9"><${p}v>1</${p}v></${p}c>`);
    for (const r of [1, 6, 7, 13, 40]) expect(parsedAll).toContain(manyRows(p).split("\n")[r - 1]);
    expect(parsedAll).toContain(`<${p}row r="50"><${p}c r="A50" t="inlineStr">`);
  });

  it("never parses a row it copies: one the parser would refuse goes out as it came", () => {
    // (The scan that planned the patch reads every row; this shows the copy does not read it again.)
    const odd = '<row r="3"><c r="A3"><f>1+1</f><v>2</w></c></row>';
    const xml = sheet(manyRows().replace(/<row r="3">.*/, odd));
    const copying = { ...patch, staleRow: (r: number) => staleRows.has(r) };
    expect(inPieces(xml, copying, 64)).toContain(odd);
    expect(() => inPieces(xml, patch, 64)).toThrow(/unexpected close tag|mismatch/i);
  });
});

describe("SheetScanner", () => {
  const scan = (xml: string, size: number, stop?: (c: ScannedCell) => boolean) => {
    const cells: ScannedCell[] = [];
    const s = new SheetScanner((c) => {
      cells.push(c);
      return stop?.(c) ? "stop" : undefined;
    }, true);
    for (let at = 0; at < xml.length && s.write(xml.slice(at, at + size)); at += size);
    return { cells, shape: s.end() };
  };

  it("reports every cell once, in any pieces, with shared formulas moved to their cell", () => {
    const xml = sheet(rows, '<pageMargins left="1" right="1" top="1" bottom="1" header="0" footer="0"/><legacyDrawing r:id="rId4"/>');
    const whole = scan(xml, xml.length);
    expect(whole.cells.map((c) => c.ref)).toEqual(["A1", "B1", "C1", "A2", "B2", "B3", "C3"]);
    const byRef = Object.fromEntries(whole.cells.map((c) => [c.ref, c]));
    expect(byRef.A1).toMatchObject({ type: "s", value: "0", formula: undefined });
    expect(byRef.A2.inline).toBe("a <b> c"); // the phonetic run is not the cell's text
    expect(byRef.B2.formula).toBe('A2&"x"');
    expect(byRef.B3.formula).toBe('A3&"x"');
    expect(byRef.C3).toMatchObject({ type: "str", formula: '"é ✓ 😀"', value: "é ✓ 😀" });
    expect(whole.shape.legacyDrawing).toBe("rId4");
    expect(whole.shape.before).toBe(xml.slice(0, xml.indexOf("<sheetData>")));
    expect(whole.shape.after).toBe(xml.slice(xml.indexOf("</sheetData>") + "</sheetData>".length));
    for (const size of [1, 3, 17]) expect(scan(xml, size)).toEqual(whole);
  });

  it("reads plain rows from their text exactly as the XML parser reads them, whatever the prefix, and leaves odd rows to the parser", () => {
    const plainXml = sheet(rows);
    const whole = scan(plainXml, plainXml.length).cells;
    // A prefixed sheet reads the same.
    const prefixedRows = rows.replace(/<(\/?)(row|c|f|v|is|t|r|rPh)\b/g, "<$1x:$2");
    const prefixed = `<?xml version="1.0"?><x:worksheet xmlns:x="${MAIN}"><x:sheetData>${prefixedRows}</x:sheetData></x:worksheet>`;
    for (const size of [1, 5, 64, prefixed.length]) expect(scan(prefixed, size).cells).toEqual(whole);
    // Rows the text reader declines (a comment, a line break in an attribute, a foreign element) are
    // read by the parser, with the same result; a character reference reads the same either way.
    const odd = rows
      .replace('<c r="A1" t="s">', '<!-- a note --><c r="A1" t="s">')
      .replace('A2&amp;"x"', 'A2&#38;"x"')
      .replace('<c r="C3" t="str">', '<c r="C3"\nt="str">')
      .replace("</row>", '<x14:ext xmlns:x14="urn:x"/></row>');
    for (const size of [1, 5, 64, 10_000]) expect(scan(sheet(odd), size).cells).toEqual(whole);
    // A formula's comparison and an attribute's entity decode as the parser decodes them.
    const cmp = sheet('<row r="1"><c r="A1" s="&#49;"><f>IF(B1&lt;&gt;"",B1&amp;"&quot;",0)</f><v>0</v></c></row>');
    expect(scan(cmp, 7).cells[0]).toMatchObject({ style: "1", formula: 'IF(B1<>"",B1&""",0)', value: "0" });
  });

  it("moves a long fill-down group's text to each of its cells and says which rows each group spans", () => {
    const master = "SUM(B2:C3)*$A$1+D$4/$E5+Sheet2!F6";
    // Each cell's text written out in full, by a regular expression over its cell references (the formula has no strings).
    const moved = (dr: number) =>
      master.replace(
        /(\$?)([A-Z]+)(\$?)(\d+)/g,
        (_, dc: string, c: string, d: string, r: string) => `${dc}${c}${d}${d ? r : Number(r) + dr}`,
      );
    let xml = `<row r="2"><c r="G2"><f t="shared" ref="G2:G201" si="0">${master}</f><v>1</v></c><c r="H2"><f t="shared" ref="H2:H3" si="7">G2</f></c></row>`;
    xml += '<row r="3"><c r="G3"><f t="shared" si="0"/><v>1</v></c><c r="H3"><f t="shared" si="7"/></c></row>';
    for (let r = 4; r <= 201; r++) xml += `<row r="${r}"><c r="G${r}"><f t="shared" si="0"/><v>1</v></c></row>`;
    // A cell of group 0 beyond its ref: the span counts it (a patcher must still look there).
    xml += '<row r="250"><c r="G250"><f t="shared" si="0"/></c></row>';
    const { cells, shape } = scan(sheet(xml), 997);
    const g = cells.filter((c) => c.col === 7);
    expect(g).toHaveLength(201);
    g.forEach((c) => expect(c.formula).toBe(moved(c.row - 2)));
    expect(cells.find((c) => c.ref === "H3")!.formula).toBe("G3");
    expect(Object.fromEntries(shape.sharedRows!)).toEqual({ "0": { first: 2, last: 250 }, "7": { first: 2, last: 3 } });
    // A scan that stopped early cannot say where groups end.
    expect(scan(sheet(xml), 997, (c) => c.row >= 5).shape.sharedRows).toBeUndefined();
  });

  it("stops where the caller has what it needs", () => {
    const { cells } = scan(sheet(rows), 1, (c) => c.row >= 2);
    expect(cells.map((c) => c.ref)).toEqual(["A1", "B1", "C1", "A2"]);
  });
});

it("moves a shared formula's relative references (other workbooks' too, as Excel does) and keeps absolute ones, names and tables", () => {
  expect(shiftFormula("A1+$B$1+B$2+$C3+SUM(D1:E2)+Sheet2!F1+'My sheet'!G1#", 2, 1)).toBe(
    "B3+$B$1+C$2+$C5+SUM(E3:F4)+Sheet2!G3+'My sheet'!H3#",
  );
  expect(shiftFormula("SUM(A:B)+SUM(1:2)+Rate*[1]Data!A1+Costs[Amount]", 1, 1)).toBe("SUM(B:C)+SUM(2:3)+Rate*[1]Data!B2+Costs[Amount]");
  expect(shiftFormula("A2+1", -2, 0)).toBe("#REF!+1");
  expect(shiftFormula('"A1"&A1', 0, 0)).toBe('"A1"&A1');
});

it("moves one shared formula to many cells as shiftFormula moves it to each, whatever the order", () => {
  const body = "A1+$B$1+B$2+$C3+SUM(D1:E2)+Sheet2!F1+'My sheet'!G1#+SUM(A:B)+SUM(1:2)+Rate*[1]Data!A1+Costs[Amount]&\"A1\"";
  const shift = new FormulaShift(body);
  for (const [r, c] of [
    [3, 2],
    [0, 0],
    [-1, 0],
    [1, -1],
    [40, 7],
    [1, 0],
  ])
    expect(shift.at(r, c)).toBe(shiftFormula(body, r, c));
  expect(shift.at(2, 1)).toBe("B3+$B$1+C$2+$C5+SUM(E3:F4)+Sheet2!G3+'My sheet'!H3#+SUM(B:C)+SUM(3:4)+Rate*[1]Data!B3+Costs[Amount]&\"A1\"");
  // A reference that would leave the sheet becomes #REF! whole, its sheet name with it.
  expect(shift.at(-1, 0)).toBe('#REF!+$B$1+B$2+$C2+SUM(#REF!)+#REF!+#REF!+SUM(A:B)+SUM(#REF!)+Rate*#REF!+Costs[Amount]&"A1"');
});

it("tells whether a text is a shared formula moved to a cell exactly as at() would write it", () => {
  const bodies = [
    "A1+$B$1+B$2+$C3+SUM(D1:E2)+Sheet2!F1+'My sheet'!G1#+SUM(A:B)+SUM($1:2)+Rate*[1]Data!A1+Costs[Amount]&\"A1\"",
    "b2*c02+AA10-$XFD$1048576",
    'IF(B2>0,B2*INDEX(P[In],MATCH("m",P[Model],0))/1000000,NA())',
  ];
  const variants = (t: string) => [
    t,
    t + "1",
    t.slice(0, -1),
    t.replace(/\d/, (d) => String((Number(d) + 1) % 10)),
    t.replace(/(\D)(\d)/, "$10$2"),
    t.replace("$", ""),
    t.replace(/[A-Z]/, (c) => c.toLowerCase()),
    "#REF!" + t.slice(1),
  ];
  for (const body of bodies) {
    const shift = new FormulaShift(body);
    for (const [r, c] of [
      [0, 0],
      [1, 0],
      [9, 0],
      [-1, 0],
      [0, 3],
      [-2, -1],
      [120, 0],
    ])
      // Texts moved to this cell and to the next one, and their variants: only the exact text is.
      for (const from of [r, r + 1])
        for (const text of variants(shift.at(from, c)))
          expect([body, r, c, text, shift.is(text, r, c)]).toEqual([body, r, c, text, shift.at(r, c) === text]);
  }
});
