// The first scan's quick paths read exactly what the general ones read: PlainRow (rows by character
// codes) what the XML parser reports, a RowInterest only leaves out the cells of rows nobody keeps,
// FormulaIndex.addFormula stores what add stores, and SheetCells answers as the Map it replaces.
import JSZip from "jszip";
import { readFileSync } from "fs";
import { join } from "path";
import * as formulaModule from "../../src/sheetModel/formula";
import { shiftFormula } from "../../src/sheetModel/formula";
import { FormulaIndex } from "../../src/share/xlsx/dependents";
import { RowMap, SheetCells } from "../../src/share/xlsx/sheetCells";
import { decode, indexOfTag, opensRow, PlainRow, rowEnd, RowFormulas } from "../../src/share/xlsx/rowText";
import { Kept } from "../../src/share/xlsx/scanPlan";
import { ScannedBook } from "../../src/share/xlsx/scannedBook";
import { SheetScanner, type RowInterest, type ScannedCell } from "../../src/share/xlsx/sheetScan";
import { realworldFiles, REALWORLD_DIR, worksheetParts } from "../support/realworld";

const MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";

/** A small deterministic random source, so a failure can be replayed. */
function random(seed: number) {
  let s = seed >>> 0;
  return (n: number) => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s % n;
  };
}

/** Cells in the shapes files hold, `{r}` standing for the cell's address and `{n}` for its row. */
const CELL_SHAPES = [
  '<c r="{r}"><v>12</v></c>',
  '<c r="{r}" s="3" t="s"><v>4</v></c>',
  '<c r="{r}"><f>B{n}*C{n}</f><v>600</v></c>',
  '<c r="{r}" s="7"><f>SUM(A1:B{n})+Sheet2!C{n}</f><v>1</v></c>',
  '<c r="{r}"><f>_xldudf_AIECON_COSTPERINTERACTION(B{n},C{n},"gpt-4o")</f><v>0.01</v></c>',
  '<c r="{r}" t="str"><f>IF(B{n}&lt;&gt;"",B{n}&amp;"&quot;x",0)</f><v>x</v></c>',
  '<c r="{r}" t="inlineStr"><is><t xml:space="preserve">a &lt;b&gt; </t></is></c>',
  '<c r="{r}" t="inlineStr"><is><r><t>rich</t></r><rPh sb="0" eb="1"><t>ふ</t></rPh></is></c>',
  '<c r="{r}"/>',
  '<c r="{r}" s="2"/>',
  '<c r="{r}"><f/><v>3</v></c>',
  '<c r="{r}"><v/></c>',
  '<c r="{r}" t="e"><f>1/0</f><v>#DIV/0!</v></c>',
  '<c r="{r}" cm="1"><f t="array" ref="{r}:{r}">SUM(A1:A3*B1:B3)</f><v>5</v></c>',
  '<c r="{r}" t="b" vm="1"><v>1</v></c>',
  "<c r='{r}' s='1'><v>2.5</v></c>",
  '<c r="{r}">\n  <f>A{n}+1</f>\n  <v>2</v>\n</c>',
  '<c r="{r}"><v xml:space="preserve">é ✓ 😀</v></c>',
  '<c r="{r}" s="&#49;"><v>1</v></c>',
  '<c r="{r}"><v>a&#38;b</v></c>',
  '<c r="{r}"><f>A{n}&amp;"\r\n"</f><v>x</v></c>',
  '<c r="{r}" s="1"\nt="n"><v>1</v></c>',
  '<!-- a note --><c r="{r}"><v>1</v></c>',
  '<c r="{r}"><v>1</v><extLst/></c>',
];

const letters = "ABCDEFGH";

/** A sheet of `rows` random rows (with shared formula groups running down column H when `shared`), with `prefix` on every element. */
function randomSheet(seed: number, rows: number, prefix = "", shared = true): string {
  const pick = random(seed);
  const out: string[] = [];
  for (let r = 1; r <= rows; r++) {
    if (pick(12) === 0) {
      out.push(`<row r="${r}"/>`);
      continue;
    }
    const cells: string[] = [];
    const n = 1 + pick(6);
    for (let k = 0; k < n; k++) {
      const ref = `${letters[k]}${r}`;
      cells.push(CELL_SHAPES[pick(CELL_SHAPES.length)].replace(/\{r\}/g, ref).replace(/\{n\}/g, String(r)));
    }
    // A shared formula group of three rows: its first cell holds the text, the others point to it.
    if (shared && r % 3 === 1) cells.push(`<c r="H${r}"><f t="shared" ref="H${r}:H${r + 2}" si="${r}">G${r}*2</f><v>1</v></c>`);
    else if (shared) cells.push(`<c r="H${r}"><f t="shared" si="${r - ((r - 1) % 3)}"/><v>1</v></c>`);
    const spans = pick(2) ? ' spans="1:8" x14ac:dyDescent="0.25"' : "";
    out.push(`<row r="${r}"${spans}>${cells.join(pick(4) ? "" : "\n ")}</row>`);
  }
  const body = out.join(pick(2) ? "" : "\n");
  const xml = `<?xml version="1.0"?>\n<worksheet xmlns="${MAIN}"><dimension ref="A1:H${rows}"/><sheetData>${body}</sheetData><pageMargins left="1"/></worksheet>`;
  return prefix
    ? xml
        .replace(/<(\/?)(worksheet|dimension|sheetData|row|c|f|v|is|t|r|rPh|pageMargins|extLst)\b/g, `<$1${prefix}$2`)
        .replace(`xmlns=`, `xmlns:${prefix.slice(0, -1)}=`)
    : xml;
}

/** The cells a scanner reports for `xml` fed in pieces of `size`. */
function scan(xml: string, size: number, readRowText: boolean, interest?: RowInterest) {
  const cells: ScannedCell[] = [];
  const s = new SheetScanner((c) => void cells.push(c), true, interest, readRowText);
  for (let at = 0; at < xml.length; at += size) s.write(xml.slice(at, at + size));
  return { cells, shape: s.end() };
}

describe("the first scan's quick row reading", () => {
  const sheets: [string, string][] = [];
  for (const seed of [1, 2, 3, 4, 5, 6]) sheets.push([`seed ${seed}`, randomSheet(seed, 60)]);
  sheets.push(["prefixed x:", randomSheet(7, 60, "x:")]);
  sheets.push(["prefixed s:", randomSheet(8, 60, "s:")]);
  sheets.push(["seed 9, no shared formulas", randomSheet(9, 120, "", false)]);
  sheets.push(["prefixed x:, no shared formulas", randomSheet(10, 120, "x:", false)]);

  it.each(sheets)("reports what the XML parser reports, in any pieces: %s", (_, xml) => {
    const general = scan(xml, xml.length, false);
    expect(general.cells.length).toBeGreaterThan(150);
    const read = jest.spyOn(PlainRow.prototype, "read");
    for (const size of [xml.length, 4096, 333, 17]) expect([size, scan(xml, size, true)]).toEqual([size, general]);
    // The sheets hold rows of every kind: plain ones, and ones PlainRow leaves to readRowCells or the parser.
    const answers = read.mock.results.map((r) => r.value as boolean);
    read.mockRestore();
    expect(answers.filter((a) => a).length).toBeGreaterThan(40);
    expect(answers.filter((a) => !a).length).toBeGreaterThan(40);
  });

  it.each(sheets)("with a row interest, leaves out only the non-formula cells of rows nobody keeps: %s", (_, xml) => {
    const general = scan(xml, xml.length, false).cells;
    const wantedRows = new Set([3, 10, 11, 40]);
    const interest: RowInterest = { row: (r) => wantedRows.has(r), formula: (f) => /AIECON/i.test(f) };
    const whole = new Set(general.filter((c) => wantedRows.has(c.row) || (c.formula && /AIECON/i.test(c.formula))).map((c) => c.row));
    const filtered = scan(xml, 1000, true, interest).cells;
    // Every formula cell, and every cell of a row kept whole, in order; the rest only as the parser read them.
    const expected = general.filter((c) => c.formula !== undefined || whole.has(c.row));
    expect(filtered.filter((c) => c.formula !== undefined || whole.has(c.row))).toEqual(expected);
    expect(filtered.length).toBeLessThan(general.length);
    const all = new Set(general.map((c) => JSON.stringify(c)));
    for (const c of filtered) if (!all.has(JSON.stringify(c))) throw new Error(`${c.ref} reads otherwise`);
  });

  it.each(sheets)("with onFormula, gives the formulas of declined rows as row, column and formula, the rest as before: %s", (_, xml) => {
    const interest: RowInterest = { row: (r) => r % 7 === 0, formula: (f) => /AIECON/i.test(f) };
    const before = scan(xml, 1000, true, interest).cells;
    const cells: ScannedCell[] = [];
    const formulas: [number, number, string][] = [];
    const s = new SheetScanner(
      (c) => void cells.push(c),
      true,
      interest,
      true,
      (row, col, formula) => void formulas.push([row, col, formula]),
    );
    const quick = jest.spyOn(RowFormulas.prototype, "read");
    for (let at = 0; at < xml.length; at += 1000) s.write(xml.slice(at, at + 1000));
    s.end();
    // Declined rows of the plain shape were read for their formulas alone (RowFormulas).
    const quickAnswers = quick.mock.results.map((r) => r.value as boolean);
    quick.mockRestore();
    expect(quickAnswers.filter((a) => a).length).toBeGreaterThan(10);
    expect(formulas.length).toBeGreaterThan(5);
    // Together, the same cells with a formula; the cells as ScannedCell all reported before too.
    const key = (c: [number, number, string]) => c.join("|");
    const all = [...cells.filter((c) => c.formula !== undefined).map((c) => key([c.row, c.col, c.formula!])), ...formulas.map(key)];
    expect(all.sort()).toEqual(
      before
        .filter((c) => c.formula !== undefined)
        .map((c) => key([c.row, c.col, c.formula!]))
        .sort(),
    );
    const reported = new Set(before.map((c) => JSON.stringify(c)));
    for (const c of cells) expect(reported.has(JSON.stringify(c))).toBe(true);
    // A declined row's formulas come through onFormula only, never both ways.
    const seen = new Set(cells.map((c) => `${c.row}|${c.col}`));
    for (const [row, col] of formulas) expect(seen.has(`${row}|${col}`)).toBe(false);
  });

  it.each(sheets)("with onRow, gives the rows it reads from their text as rows whose cells are the ones it reported: %s", (_, xml) => {
    const interest: RowInterest = { row: (r) => r % 3 === 0, formula: (f) => /AIECON/i.test(f) };
    const onFormula = () => undefined;
    const before: ScannedCell[] = [];
    const b = new SheetScanner((c) => void before.push(c), true, interest, true, onFormula);
    const cells: ScannedCell[] = [];
    let rows = 0;
    const s = new SheetScanner(
      (c) => void cells.push(c),
      true,
      interest,
      true,
      onFormula,
      (r) => {
        rows++;
        for (let k = 0; k < r.count; k++) {
          const c = r.cell(k);
          // A cell's place and formula as its ScannedCell has them, told without making it.
          expect([r.row(k), r.col(k), r.formula(k)]).toEqual([c.row, c.col, c.formula]);
          cells.push(c);
        }
      },
    );
    for (let at = 0; at < xml.length; at += 1000) {
      b.write(xml.slice(at, at + 1000));
      s.write(xml.slice(at, at + 1000));
    }
    expect(s.end()).toEqual(b.end());
    expect(rows).toBeGreaterThan(3);
    expect(cells).toEqual(before);
  });

  it.each(sheets)("with onMoved, gives it a shared group's other cells first, the rest as before: %s", (_, xml) => {
    const interest: RowInterest = { row: (r) => r % 5 === 0, formula: (f) => /AIECON/i.test(f) };
    type Seen = [number, number, string | undefined];
    /** Every formula a scanner gives, by onCell, onFormula, onRow and onMoved (a moved cell with the text moved to it). */
    const run = (moved: boolean) => {
      const seen: Seen[] = [];
      let taken = 0;
      const s = new SheetScanner(
        (c) => void (c.formula !== undefined && seen.push([c.row, c.col, c.formula])),
        true,
        interest,
        true,
        (row, col, formula) => void seen.push([row, col, formula]),
        (r) => {
          for (let k = 0; k < r.count; k++) {
            const first = r.movedFrom?.(k);
            // Its formula is its group's first cell's text moved to it, made when asked for.
            if (first) {
              taken++;
              expect(r.formula(k)).toBe(shiftFormula(first.formula, r.row(k) - first.row, r.col(k) - first.col));
            }
            if (r.formula(k) !== undefined) seen.push([r.row(k), r.col(k), r.formula(k)]);
            expect(r.cell(k).formula).toBe(r.formula(k));
          }
        },
        moved
          ? (row, col, first) => {
              // Taken on even rows; on odd ones left to onFormula, with its text.
              if (row % 2) return false;
              taken++;
              seen.push([row, col, shiftFormula(first.formula, row - first.row, col - first.col)]);
              return true;
            }
          : undefined,
      );
      for (let at = 0; at < xml.length; at += 1000) s.write(xml.slice(at, at + 1000));
      return { shape: s.end(), seen: seen.map((c) => c.join("|")).sort(), taken };
    };
    const before = run(false);
    const after = run(true);
    expect(after.seen).toEqual(before.seen);
    expect(after.shape).toEqual(before.shape);
    // Some cells were given without their text, in declined rows or as moved in kept ones.
    if (xml.includes('t="shared"')) expect(after.taken).toBeGreaterThan(0);
    expect(before.taken).toBe(0);
  });

  it("reads a row of Excel's shape from its text, not the parser", () => {
    const xml = `<worksheet xmlns="${MAIN}"><sheetData><row r="2" spans="1:3"><c r="A2" s="3" t="s"><v>4</v></c><c r="B2"><f>A2*2</f><v>8</v></c></row></sheetData></worksheet>`;
    const s = new SheetScanner(() => undefined);
    const parserEvents = jest.spyOn((s as unknown as { parser: { write: (t: string) => void } }).parser, "write");
    s.write(xml);
    s.end();
    const fed = parserEvents.mock.calls.map((c) => c[0]).join("");
    expect(fed).not.toContain("<c ");
  });
});

/** What RowFormulas read of the row at `lt` (undefined when it declined it), and what PlainRow read of it in the same terms. */
function formulasOfRow(text: string, lt: number, prefix: string) {
  const open = rowEnd(text, lt, prefix);
  if (!open) return undefined;
  type Formula = [cell: number, text: string, t: string | undefined, ref: string | undefined, si: string | undefined];
  const read = (r: { count: number; row: (k: number) => number; col: (k: number) => number }, formulas: Formula[]) => ({
    cells: Array.from({ length: r.count }, (_, k) => [r.row(k), r.col(k)]),
    formulas,
  });
  const quick = new RowFormulas();
  const quickRead = quick.read(text, lt, open.end, open.open.length, prefix)
    ? read(
        { count: quick.count, row: (k) => quick.rows[k], col: (k) => quick.cols[k] },
        Array.from({ length: quick.formulaCount }, (_, j): Formula => [
          quick.formulaCells[j],
          quick.formulas[j],
          quick.formulaTypes[j],
          quick.formulaRefs[j],
          quick.sharedIndexes[j],
        ]),
      )
    : undefined;
  const plain = new PlainRow();
  const plainRead = plain.read(text, lt, open.end, open.open.length, prefix)
    ? read(
        plain,
        Array.from({ length: plain.count }, (_, k) => k)
          .filter((k) => plain.hasFormula(k))
          .map((k): Formula => [k, plain.formula(k), plain.formulaType(k), plain.formulaRef(k), plain.sharedIndex(k)]),
      )
    : undefined;
  return { quick: quickRead, plain: plainRead };
}

/** Where each row of `xml` opens. */
const rowStarts = (xml: string, prefix: string) => [...xml.matchAll(new RegExp(`<${prefix}row[\\s/>]`, "g"))].map((m) => m.index);

it("indexOfTag finds a row's closing tag, a formula's opening and '<!' where indexOf finds them, from anywhere", () => {
  // Texts thick with the tag's pieces: its last character alone, its start alone, both, overlaps.
  const parts = ["</row", "</x:row", "w", "<", "</ro", "row", "ww", "</roww", "a", " ", ">", "é", "<f", "<x:f", "f", "!", "<!", "<<!"];
  const pick = random(7);
  for (let n = 0; n < 300; n++) {
    const text = Array.from({ length: 1 + pick(40) }, () => parts[pick(parts.length)]).join("");
    for (const tag of ["</row", "</x:row", "<f", "<x:f", "<!"])
      for (let from = 0; from <= text.length + 1; from++)
        expect([text, tag, from, indexOfTag(text, tag, from)]).toEqual([text, tag, from, text.indexOf(tag, from)]);
  }
});

describe("RowFormulas (a row's formulas alone, for rows nobody keeps)", () => {
  it.each([
    ["seed 11", randomSheet(11, 200), ""],
    ["seed 12", randomSheet(12, 200), ""],
    ["prefixed x:", randomSheet(13, 200, "x:"), "x:"],
    ["seed 14, no shared formulas", randomSheet(14, 200, "", false), ""],
    ["prefixed x:, no shared formulas", randomSheet(15, 200, "x:", false), "x:"],
  ])("reads only rows PlainRow reads, and the same cells and formulas: %s", (_, xml, prefix) => {
    let accepted = 0;
    let declined = 0;
    for (const lt of rowStarts(xml, prefix)) {
      const r = formulasOfRow(xml, lt, prefix)!;
      if (!r.quick) {
        declined++;
        continue;
      }
      accepted++;
      expect(r.quick).toEqual(r.plain);
    }
    expect(accepted).toBeGreaterThan(10);
    expect(declined).toBeGreaterThan(50);
  });

  it("reads a row changed at any one character only as PlainRow reads it", () => {
    const pick = random(99);
    const row =
      '<row r="7" spans="1:4"><c r="A7" s="3" t="s"><v>4</v></c><c r="B7"><f>A7*2&amp;"x"</f><v>8</v></c>' +
      '<c r="C7"/><c r="$D$7"><v/><f>SUM(A1:C7)</f></c></row>';
    const pieces = [
      "<",
      ">",
      "/",
      '"',
      "'",
      " ",
      "\n",
      "\r",
      "&",
      "&amp;",
      "&#1;",
      "=",
      "c",
      "f",
      "v",
      "r",
      "t",
      "si",
      "ref",
      "x:",
      "7",
      "<!---->",
      "",
    ];
    expect(formulasOfRow(`${row}<row>`, 0, "")).toEqual({
      quick: {
        cells: [
          [7, 1],
          [7, 2],
          [7, 3],
          [7, 4],
        ],
        formulas: [
          [1, 'A7*2&"x"', undefined, undefined, undefined],
          [3, "SUM(A1:C7)", undefined, undefined, undefined],
        ],
      },
      plain: expect.anything(),
    });
    // And a row as Excel saves formulas filled down: shared, with attributes, the group's other cells without text.
    const shared =
      '<row r="7" spans="1:4"><c r="A7"><f t="shared" ref="A7:A9" si="0">B7*2</f><v>8</v></c>' +
      '<c r=\'B7\'><f si=\'1\' t=\'shared\'/><v>1</v></c><c r="C7"><f t="array" ref="C7" aca="0">SUM(A7)</f></c></row>';
    for (const base of [row, shared]) {
      let accepted = 0;
      for (let n = 0; n < 4000; n++) {
        const i = 1 + pick(base.length - 1);
        const changed = base.slice(0, i) + pieces[pick(pieces.length)] + base.slice(i + pick(3));
        const r = formulasOfRow(`${changed}<row>`, 0, "");
        if (!r?.quick) continue;
        accepted++;
        expect([changed, r.quick]).toEqual([changed, r.plain]);
      }
      expect(accepted).toBeGreaterThan(200);
    }
  });

  it("declines an attribute on <v> and a carriage return (PlainRow or readRowCells reads them)", () => {
    const cells: [string, boolean][] = [
      ['<c r="A1"><v xml:space="preserve">1</v></c>', true],
      ['<c r="A1"><f>B1&amp;"\r"</f></c>', false],
    ];
    for (const [cell, plainReads] of cells) {
      const r = formulasOfRow(`<row r="1">${cell}</row><row>`, 0, "")!;
      expect([cell, r.quick, r.plain !== undefined]).toEqual([cell, undefined, plainReads]);
    }
  });

  it("reads a formula's t, ref and si as PlainRow does, as Excel saves a column filled down (a shared formula)", () => {
    const cells: [string, [string, string | undefined, string | undefined, string | undefined]][] = [
      ['<c r="A1"><f t="shared" ref="A1:A9" si="0">B1*2</f><v>1</v></c>', ["B1*2", "shared", "A1:A9", "0"]],
      ['<c r="A1"><f t="shared" si="0"/><v>1</v></c>', ["", "shared", undefined, "0"]],
      ["<c r='A1'><f si='12'  t='shared' /></c>", ["", "shared", undefined, "12"]],
      ['<c r="A1"><f t="array" ref="A1" aca="false">B1</f></c>', ["B1", "array", "A1", undefined]],
      ['<c r="A1"><f ca="1">NOW()</f></c>', ["NOW()", undefined, undefined, undefined]],
      ['<c r="A1"><f/><v>1</v></c>', ["", undefined, undefined, undefined]],
      ['<c r="A1"><f t="a" t="shared" si="1">B1</f></c>', ["B1", "shared", undefined, "1"]],
    ];
    for (const [cell, formula] of cells) {
      const r = formulasOfRow(`<row r="1">${cell}</row><row>`, 0, "")!;
      expect([cell, r.quick]).toEqual([cell, r.plain]);
      expect([cell, r.quick?.formulas]).toEqual([cell, [[0, ...formula]]]);
    }
    // Not of the plain shape: each declined by both.
    for (const cell of ['<c r="A1"><f t="shared" si="&#48;"/></c>', '<c r="A1"><f t=shared/></c>', '<c r="A1"><f t="x"si="0"/></c>']) {
      const r = formulasOfRow(`<row r="1">${cell}</row><row>`, 0, "")!;
      expect([cell, r.quick, r.plain]).toEqual([cell, undefined, undefined]);
    }
  });
});

/** What a FormulaIndex holds, as plain numbers. */
function stored(index: FormulaIndex) {
  const i = index as unknown as Record<string, { data: ArrayLike<number>; length: number }>;
  const list = (k: string) => Array.from(i[k].data).slice(0, i[k].length);
  return {
    ownRow: list("ownRow"),
    ownCol: list("ownCol"),
    runStart: list("runStart"),
    runSheet: list("runSheet"),
    singleEnd: list("singleEnd"),
    rangeEnd: list("rangeEnd"),
    singles: list("singles"),
    ranges: list("ranges"),
    count: index.count,
  };
}

describe("FormulaIndex.addFormula", () => {
  const formulas = [
    "B5*C5",
    "=B5+F5",
    "$A$1*B$2-$C3",
    "(A1+B2)/C3%",
    "A1:B5*2",
    "B9:$A$2",
    "XFD1048576+A1",
    "XFE1+A1",
    "A1048577",
    "A0+B1",
    "A01*2",
    "AAAA1",
    "1E5+A1",
    "A1:B2:C3",
    "A1:",
    "A:A",
    "1:2",
    "-A1^2",
    "A1<>B1",
    ".5*A1",
    "A1.5",
    "A$$1",
    "SUM(A1:B5)",
    "Sheet2!A1*2",
    "a1+B1",
    "2",
    "",
    "A1(",
    "TAX2023*A1",
    "INDIRECT(A1)",
  ];

  it("stores every formula as add does", () => {
    const general = new FormulaIndex();
    const quick = new FormulaIndex();
    formulas.forEach((f, i) => {
      general.add("Usage", i + 1, 3, f);
      quick.addFormula("Usage", i + 1, 3, f);
    });
    expect(stored(quick)).toEqual(stored(general));
    const changed = new Map([["Usage", [{ row: 1, col: 1 }]]]);
    expect(quick.dependents(changed)).toEqual(general.dependents(changed));
    expect(quick.hasFormulas("usage")).toBe(true);
    expect(quick.hasFormulas("Sheet2")).toBe(false);
  });

  it("stores random reference formulas as add does", () => {
    const pick = random(42);
    const ref = () => `${pick(3) ? "" : "$"}${"ABCXYZ"[pick(6)]}${pick(4) ? "" : "$"}${1 + pick(30)}`;
    const general = new FormulaIndex();
    const quick = new FormulaIndex();
    for (let i = 0; i < 2000; i++) {
      let f = ref();
      for (let k = pick(4); k > 0; k--) f += "+-*/&^,"[pick(7)] + (pick(3) ? ref() : `${ref()}:${ref()}`) + (pick(8) ? "" : "%");
      if (!pick(10)) f = `(${f})`;
      general.add("S", 1 + (i % 40), 1 + pick(9), f);
      quick.addFormula("S", 1 + (i % 40), 1 + pick(9), f);
    }
    // The columns differ between the two (pick), so compare what each formula reads.
    const a = stored(general);
    const b = stored(quick);
    expect([b.singles, b.ranges, b.singleEnd, b.rangeEnd]).toEqual([a.singles, a.ranges, a.singleEnd, a.rangeEnd]);
  });
});

describe("FormulaIndex on formulas of one shape", () => {
  const names = [{ name: "Rate", refersTo: "Prices!$B$2" }];
  const tables = [{ name: "Costs", sheet: "Usage", range: { top: 1, left: 1, bottom: 9, right: 3 } }];
  const shapes = [
    '_xldudf_AIECON_COSTPERINTERACTION(B2,C2,"gpt-4o")',
    "SUM($A$1:B2)*Rate+Prices!C2",
    "'My sheet'!D2+IF(B2>0,C2,\"B2\")",
    "B2:C3*2+SUM(A:A)+COUNT(1:1)",
    "VLOOKUP(A2,Prices!$A$2:$C$99,3,FALSE)*B$1",
    "Costs[Amount]+A2",
    "INDIRECT(A2)+B2",
    "A2#+B2",
    "[1]Data!A2+B2",
    "b2+C2",
    "Z9+AA9+XFD2",
    "COLUMNS(A2:D9)+B2",
    "SUM(B2, C2)",
    "SUM(B2:B9 C2:C9)-B2%+B2^2",
    '{1,2}*B2&"A1"&Sheet2!B2:$C3',
    "'It''s'!B2+LOG10(B2)+#REF!",
    "B2:B3:C4+R2C2+@B2",
    "SUM(B2)+IFERROR(1/B2,0)",
  ];
  it("reads each formula as a fresh index (no shape known) reads it, whether a known shape fits it or not", () => {
    const pick = random(5);
    const index = new FormulaIndex(names, tables);
    const added: [string, number, number, unknown][] = [];
    for (const base of shapes)
      for (let row = 2; row <= 30; row++) {
        // Mostly the same shape moved down; now and then another shape, or the same text moved oddly.
        const col = 4 + (pick(6) === 0 ? 1 : 0);
        const f = pick(8) === 0 ? shapes[pick(shapes.length)] : shiftFormula(base, row - 2, col - 4);
        const g = pick(10) === 0 ? f.replace(/\b([A-Z])(\d)/, "$$$1$2") : f;
        added.push([g, row, col, index.add("Usage", row, col, g)]);
      }
    const fresh = (g: string) => new FormulaIndex(names, tables).reads(g, "Usage");
    for (const [g, row, col, read] of added) expect([g, row, col, read]).toEqual([g, row, col, fresh(g)]);
    // And asked again (the planner asks the index for the AIECON formulas' areas), from the shapes.
    for (const [g] of added) expect([g, index.reads(g, "Usage")]).toEqual([g, fresh(g)]);
  });

  it("tokenizes a formula of a shape it read before only once", () => {
    const index = new FormulaIndex(names, tables);
    const tokenized = jest.spyOn(formulaModule, "tokenize");
    for (let row = 2; row <= 101; row++)
      index.add("Usage", row, 7, row % 10 ? shiftFormula(shapes[0], row - 2, 0) : shiftFormula(shapes[1], row - 2, 0));
    // The first AIECON call and the first SUM (one a row in ten), tokenized once each, and the
    // definition of the name the SUM reads (Rate) once.
    expect(tokenized.mock.calls.length).toBe(3);
    tokenized.mockRestore();
  });
});

describe("SheetCells", () => {
  const cells: ScannedCell[] = [
    { ref: "B2", row: 2, col: 2, type: "s", style: "3", formula: undefined, arrayRef: undefined, value: "4", inline: undefined },
    { ref: "C2", row: 2, col: 3, type: undefined, style: undefined, formula: "A2*2", arrayRef: undefined, value: "8", inline: undefined },
    { ref: "A01", row: 1, col: 1, type: "weird", style: "3", formula: undefined, arrayRef: undefined, value: "1", inline: undefined },
    {
      ref: "D7",
      row: 7,
      col: 4,
      type: "inlineStr",
      style: "11",
      formula: undefined,
      arrayRef: undefined,
      value: undefined,
      inline: "a text longer than thirteen",
    },
    {
      ref: "E7",
      row: 7,
      col: 5,
      type: "str",
      style: undefined,
      formula: "SUM(A1:A3*B1:B3)",
      arrayRef: "E7:E9",
      value: "5",
      inline: undefined,
    },
    { ref: "C2", row: 2, col: 3, type: "n", style: "3", formula: "A2*3", arrayRef: undefined, value: "12", inline: undefined },
    {
      ref: "A1",
      row: 1,
      col: 1,
      type: undefined,
      style: undefined,
      formula: undefined,
      arrayRef: undefined,
      value: undefined,
      inline: undefined,
    },
    // An address that does not say the cell's row and column (a caller's mistake) is kept as said.
    {
      ref: "B9",
      row: 9,
      col: 3,
      type: undefined,
      style: undefined,
      formula: undefined,
      arrayRef: undefined,
      value: "9",
      inline: undefined,
    },
    {
      ref: "C0",
      row: 0,
      col: 3,
      type: undefined,
      style: undefined,
      formula: undefined,
      arrayRef: undefined,
      value: "0",
      inline: undefined,
    },
    // A row and a column beyond any Excel's grid (a crafted file) are kept as they are.
    {
      ref: "A99999999999",
      row: 99999999999,
      col: 1,
      type: undefined,
      style: undefined,
      formula: undefined,
      arrayRef: undefined,
      value: "1",
      inline: undefined,
    },
    {
      ref: "ZZZZZZZ3",
      row: 3,
      col: 8353082582,
      type: undefined,
      style: undefined,
      formula: undefined,
      arrayRef: undefined,
      value: "2",
      inline: undefined,
    },
    // Values that read as numbers but are not written as String writes them stay as they were.
    ...["0", "7", "123456789", "1234567890", "007", "-5", "1.50", "1e3", " 12", ""].map((value, i) => ({
      ref: `F${i + 1}`,
      row: i + 1,
      col: 6,
      type: undefined,
      style: undefined,
      formula: undefined,
      arrayRef: undefined,
      value,
      inline: undefined,
    })),
  ];

  it("lists the formulas and shared-string indexes of its cells as its values tell them", () => {
    const kept = new SheetCells();
    for (const c of cells) kept.put(c);
    kept.put({ ...cells[0], ref: "B12", row: 12, value: "x12" }); // a shared string whose index is not a number
    kept.put({ ...cells[0], ref: "B13", row: 13, value: "1234567890" });
    const formulas: [number, number, string, string | undefined][] = [];
    kept.forEachFormula((row, col, formula, arrayRef) => void formulas.push([row, col, formula, arrayRef]));
    expect(formulas).toEqual([...kept.values()].filter((c) => c.formula !== undefined).map((c) => [c.row, c.col, c.formula, c.arrayRef]));
    expect(formulas.some(([, , , arrayRef]) => arrayRef === "E7:E9")).toBe(true);
    const rows: number[] = [];
    kept.forEachRow((row) => void rows.push(row));
    expect(rows).toEqual([...kept.values()].map((c) => c.row));
    expect(rows).toContain(99999999999);
    const strings: number[] = [];
    kept.forEachSharedString((i) => void strings.push(i));
    const expected = [...kept.values()].filter((c) => c.type === "s" && c.formula === undefined).map((c) => Number(c.value));
    expect(strings).toEqual(expected);
    expect(expected).toContain(1234567890);
    expect(expected.some((i) => Number.isNaN(i))).toBe(true);
  });

  it("gives planning each formula cell row by row, with its '=', however the cells were kept", () => {
    const kept = new Kept();
    // Kept out of order (cells a later scan fetched come after), with formulas far beyond the grid.
    const formulaCells = [...cells].reverse().map((c, i) => (c.formula === undefined && i % 2 === 0 ? { ...c, formula: `SUM(A${i})` } : c));
    for (const c of formulaCells) kept.keep("Usage", c);
    const book = new ScannedBook(["Usage"], [], kept);
    // A cell kept again under its address takes the place of the first.
    const expected = [...new Map(formulaCells.map((c) => [c.ref, c])).values()]
      .filter((c) => c.formula !== undefined)
      .map((c) => ({ row: c.row, col: c.col, formula: `=${c.formula}`, arrayRange: c.arrayRef }))
      .sort((a, b) => a.row - b.row || a.col - b.col);
    expect(expected.some((c) => c.row === 99999999999 || c.col === 8353082582)).toBe(true);
    expect(expected.some((c) => c.arrayRange === "E7:E9")).toBe(true);
    const listed = book.formulaCells("Usage");
    expect([...listed]).toEqual(expected);
    // Read again, the same cells.
    expect([...listed]).toEqual(expected);
    // A kept cell still reads without its "=".
    const arrayCell = formulaCells.find((c) => c.arrayRef === "E7:E9")!;
    expect(kept.cellAt("Usage", arrayCell.row, arrayCell.col)?.formula).toBe(arrayCell.formula);
  });

  it("answers as a Map of the same cells", () => {
    const map = new Map<string, ScannedCell>();
    const kept = new SheetCells();
    for (const c of cells) {
      map.set(c.ref, c);
      kept.put(c);
    }
    expect([...kept]).toEqual([...map]);
    expect([...kept.values()]).toEqual([...map.values()]);
    expect([...kept.keys()]).toEqual([...map.keys()]);
    expect(kept.size).toBe(map.size);
    for (const ref of ["A1", "A01", "B2", "C2", "D7", "E7", "Z9", "B3", "$B$2", "nonsense", "A99999999999", "ZZZZZZZ3", "B9", "C9", "C0"]) {
      expect([ref, kept.get(ref)]).toEqual([ref, map.get(ref)]);
      expect([ref, kept.has(ref)]).toEqual([ref, map.has(ref)]);
    }
    // By row and column, only a cell under its own address counts (has(cellAddress(row, col)), as the Map told).
    expect([kept.hasCell(2, 3), kept.hasCell(1, 1), kept.hasCell(3, 3), kept.hasCell(9, 3), kept.hasCell(99999999999, 1)]).toEqual([
      true,
      true,
      false,
      false,
      true,
    ]);
    expect(kept.cellAt(9, 3)).toBeUndefined();
    // By row and column, the cell under its own address (A1, not A01), as get("A1") finds it.
    expect([kept.cellAt(1, 1), kept.cellAt(2, 3), kept.cellAt(3, 3)]).toEqual([map.get("A1"), map.get("C2"), undefined]);
  });
});

describe("Kept's areas", () => {
  it("says which cells lie in what was covered, each area once, in the order covered", () => {
    const pick = random(9);
    const kept = new Kept();
    const areas: { top: number; left: number; bottom: number; right: number }[] = [];
    for (let i = 0; i < 400; i++) {
      const top = 1 + pick(300);
      const left = 1 + pick(10);
      const a = { top, left, bottom: top + (pick(5) ? pick(3) : pick(200)), right: left + pick(3) };
      const again = pick(4) === 0 && areas.length ? areas[pick(areas.length)] : a;
      kept.cover("S", { ...again });
      if (!areas.some((b) => JSON.stringify(b) === JSON.stringify(again))) areas.push(again);
    }
    expect([...kept.areas.get("S")!]).toEqual(areas);
    for (let row = 1; row <= 520; row++)
      for (let col = 1; col <= 14; col++) {
        const inside = areas.some((a) => row >= a.top && row <= a.bottom && col >= a.left && col <= a.right);
        if (kept.has("S", row, col) !== inside) throw new Error(`cell ${row},${col}: ${!inside}`);
      }
  });
});

describe("the first scan's quick paths on the real-world workbooks", () => {
  it.each(realworldFiles())(
    "%s: every sheet reads as the XML parser reads it, every formula as the general path reads it",
    async (file) => {
      const zip = await JSZip.loadAsync(readFileSync(join(REALWORLD_DIR, file)));
      for (const { name, part } of await worksheetParts(zip)) {
        const f = zip.file(part);
        if (!f) continue;
        const xml = await f.async("string");
        const general = scan(xml, xml.length, false);
        for (const size of [xml.length, 1000]) expect([file, name, size, scan(xml, size, true)]).toEqual([file, name, size, general]);
        // The formulas: as add stores them, as a fresh index (no shape known) reads them.
        const quick = new FormulaIndex();
        const full = new FormulaIndex();
        const formulas = general.cells.filter((c) => c.formula !== undefined);
        for (const c of formulas) {
          quick.addFormula(name, c.row, c.col, c.formula!);
          full.add(name, c.row, c.col, c.formula!);
        }
        expect(stored(quick)).toEqual(stored(full));
        for (const c of formulas)
          expect([c.ref, full.reads(c.formula!, name)]).toEqual([c.ref, new FormulaIndex().reads(c.formula!, name)]);
      }
    },
  );
});

it("opensRow tells a row's opening tag by the character after its name as /[\\s/>]/ does, for every UTF-16 unit", () => {
  const wrong: number[] = [];
  for (let code = 0; code < 0x10000; code++) {
    const ch = String.fromCharCode(code);
    if (opensRow(`<x:row${ch}`, 0, "x:") !== /[\s/>]/.test(ch)) wrong.push(code);
  }
  expect(wrong).toEqual([]);
  expect([opensRow("<ro", 0, ""), opensRow("<rox", 0, ""), opensRow("<rows", 0, ""), opensRow("a<row>", 1, "")]).toEqual([
    "more",
    false,
    false,
    true,
  ]);
});

it("RowMap answers as a Map for rows in order, scattered, repeated and beyond an Int32", () => {
  const pick = random(11);
  const rows = new RowMap();
  const map = new Map<number, number>();
  const keys = [
    ...Array.from({ length: 3000 }, (_, i) => i + 1),
    ...Array.from({ length: 3000 }, () => pick(1_048_577)),
    0,
    2 ** 31 - 1,
    2 ** 31,
    99999999999,
  ];
  keys.forEach((row, i) => {
    rows.set(row, i);
    map.set(row, i);
  });
  for (const row of [...keys, 5_000_000, 2 ** 32, 1_048_577])
    expect([row, rows.get(row), rows.has(row)]).toEqual([row, map.get(row), map.has(row)]);
});

describe("decode", () => {
  const ENTITY: Record<string, string> = { lt: "<", gt: ">", amp: "&", quot: '"', apos: "'" };
  const isXmlChar = (c: number) =>
    c === 9 || c === 10 || c === 13 || (c >= 0x20 && c <= 0xd7ff) || (c >= 0xe000 && c <= 0xfffd) || (c >= 0x10000 && c <= 0x10ffff);
  /** decode as it was first written, by a regular expression (with no entity from Object's prototype). */
  function byExpression(text: string): string | undefined {
    let bad = false;
    const out = text.replace(/&(#x[0-9a-fA-F]+|#\d+|[a-z]+);|&/g, (all, ref: string | undefined) => {
      if (ref === undefined) return ((bad = true), all);
      if (ref[0] !== "#") return Object.hasOwn(ENTITY, ref) ? ENTITY[ref] : ((bad = true), all);
      const code = ref[1] === "x" ? parseInt(ref.slice(2), 16) : Number(ref.slice(1));
      if (!isXmlChar(code)) return ((bad = true), all);
      return String.fromCodePoint(code);
    });
    return bad ? undefined : out;
  }

  it("reads entities and character references as the expression did, and refuses what it refused", () => {
    const fixed = [
      "",
      "a",
      "&",
      "&;",
      "&amp;",
      "&amp",
      "&AMP;",
      "&quot;gpt-4o&quot;",
      "&#65;&#x42;&#x1F600;",
      "&#x;",
      "&#;",
      "&#X41;",
      "&#1;",
      "&#xFFFE;",
    ];
    const more = ["&constructor;", "&toString;", "&#99999999999999999999;", "a&lt;b&gt;c&apos;d", "&#x10FFFF;&#x110000;", "x&&amp;"];
    const pick = random(7);
    const pieces = ["&", ";", "#", "x", "X", "a", "m", "p", "q", "u", "o", "t", "l", "g", "1", "0", "F", "é", " ", "&amp;", "&#"];
    const generated = Array.from({ length: 5000 }, () => Array.from({ length: 1 + pick(10) }, () => pieces[pick(pieces.length)]).join(""));
    for (const text of [...fixed, ...more, ...generated]) expect([text, decode(text)]).toEqual([text, byExpression(text)]);
  });
});
