// Rows that change are rewritten from their text (rowPatch.ts) when they are of the plain shape,
// and must come out byte for byte as the XML parser path writes them: many varied rows (prefixes,
// self-closing cells and values, every cell type, shared and array formulas, inline and rich
// strings, quoting and entities, pretty-printed rows, odd rows the text reading declines), with
// and without edits and stale results, in any pieces; and every worksheet of the real workbooks
// in ../shared/workbooks/realworld with every formula stale.
import { readFileSync } from "fs";
import { join } from "path";
import JSZip from "jszip";
import { XMLValidator } from "fast-xml-parser";
import { columnLetters } from "../../src/sheetModel/refs";
import * as rowPatch from "../../src/share/xlsx/rowPatch";
import { cellPosition, patchCells, patchEveryCell, patchRowText, type PlannedEdit, type RowChange } from "../../src/share/xlsx/rowPatch";
import { SheetPatcher, type CellEdit, type SheetPatch } from "../../src/share/xlsx/sheetXml";
import { sameEdit } from "../../src/share/xlsx/scannedBook";
import { realworldFiles, REALWORLD_DIR, worksheetParts } from "../support/realworld";

const MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";

/** A small deterministic generator (mulberry32), so a failure reproduces. */
function random(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The shapes a cell's text takes; `p` is the prefix, `r` the address, `g` a shared group's number. */
const CELL_SHAPES: ((p: string, r: string, g: number) => string)[] = [
  (p, r) => `<${p}c r="${r}" s="1"><${p}v>3.5</${p}v></${p}c>`,
  (p, r) => `<${p}c r="${r}" t="s"><${p}v>2</${p}v></${p}c>`,
  (p, r) => `<${p}c r="${r}"/>`,
  (p, r) => `<${p}c r="${r}" s="4" />`,
  (p, r) => `<${p}c r="${r}"><${p}f>A1+1</${p}f><${p}v>2</${p}v></${p}c>`,
  (p, r) => `<${p}c r="${r}" t="str"><${p}f>"a"&amp;"b"</${p}f><${p}v>ab</${p}v></${p}c>`,
  (p, r) => `<${p}c r="${r}" s="2" t="e"><${p}f>1/0</${p}f><${p}v>#DIV/0!</${p}v></${p}c>`,
  (p, r) => `<${p}c r="${r}" t="b"><${p}f>TRUE()</${p}f><${p}v>1</${p}v></${p}c>`,
  (p, r) => `<${p}c r="${r}"><${p}f>B1</${p}f><${p}v/></${p}c>`,
  (p, r) => `<${p}c r="${r}" t="str"><${p}f>X1</${p}f><${p}v></${p}v></${p}c>`,
  (p, r) => `<${p}c r="${r}"><${p}f>IF(A1&lt;&gt;"",1,2)</${p}f></${p}c>`,
  (p, r) => `<${p}c r="${r}" t="n"><${p}f>1</${p}f></${p}c>`,
  (p, r) => `<${p}c r="${r}" t="inlineStr"><${p}is><${p}t>plain</${p}t></${p}is></${p}c>`,
  (p, r) =>
    `<${p}c r="${r}" t="inlineStr" s="3"><${p}is><${p}r><${p}rPr><${p}b/><${p}sz val="11"/><${p}rFont val='Calibri'/></${p}rPr>` +
    `<${p}t xml:space="preserve"> a &amp; b &gt; </${p}t></${p}r><${p}r><${p}t>c</${p}t></${p}r><${p}rPh sb="0" eb="1"><${p}t>ふ</${p}t></${p}rPh></${p}is></${p}c>`,
  (p, r) => `<${p}c r='${r}' s='2' t='str'><${p}f>"&quot;q&quot;"</${p}f><${p}v xml:space='preserve'>"q" &amp; 'x'</${p}v></${p}c>`,
  (p, r) => `<${p}c r="${r}" s="&#51;" t="s"><${p}v>&#49;</${p}v></${p}c>`,
  (p, r) => `<${p}c r="${r}" s="5" t="str"><${p}f t="array" ref="${r}">SUM(A1:A2*B1:B2)</${p}f><${p}v>5</${p}v></${p}c>`,
  (p, r) => `<${p}c  r="${r}"  t="str" ><${p}f >x</${p}f ><${p}v >y</${p}v ></${p}c >`,
  (p, r) => `<${p}c r="${r}" cm="1" t="e"><${p}f aca="false">NA()</${p}f><${p}v>#N/A</${p}v></${p}c>`,
  (p, r) => `<${p}c r="${r}" t="str"><${p}f>"é ✓ 😀 &#x1F600;"</${p}f><${p}v>é ✓ 😀 😀</${p}v></${p}c>`,
  (p, r) => `<${p}c r="${r}" t="inlineStr"><${p}is/></${p}c>`,
  (p, r) => `<${p}c r="${r}" s="7" t="d"><${p}v>2024-01-01T00:00:00</${p}v></${p}c>`,
  (p, r) => `<${p}c r="${r}" s="a&amp;b&lt;&gt;&quot;&apos;"><${p}f>C1&amp;"&lt;"</${p}f><${p}v>1</${p}v></${p}c>`,
  (p, r, g) =>
    `<${p}c r="${r}"><${p}f t="shared" ref="${r}:${r.replace(/\d+$/, (n) => String(Number(n) + 3))}" si="${g}">A1*2</${p}f><${p}v>4</${p}v></${p}c>`,
  (p, r, g) => `<${p}c r="${r}"><${p}f t="shared" si="${g}"/><${p}v>4</${p}v></${p}c>`,
];

/** A shared formula group's other cells as files write them: attributes in either order, quoted either way, a reference in a value. */
const SHARED_MEMBERS: ((p: string, r: string, g: number) => string)[] = [
  CELL_SHAPES[CELL_SHAPES.length - 1],
  (p, r, g) => `<${p}c r="${r}" s="2"><${p}f si='${g}' t='shared' /><${p}v>4</${p}v></${p}c>`,
  (p, r, g) => `<${p}c r="${r}"><${p}f t="&#115;hared" si="${g}"/><${p}v>4</${p}v></${p}c>`,
  (p, r, g) => `<${p}c r="${r}"><${p}f ca="1" t="shared" si="${g}"></${p}f></${p}c>`,
  (p, r, g) => `<${p}c r="${r}"><${p}f si="${String(g).replace(/^\d/, (d) => `&#${d.charCodeAt(0)};`)}" aca="&#48;" t="shared"/></${p}c>`,
];

/** Rows the text reading declines: the parser reads them, with the same result. */
const ODD_ROWS: ((p: string, r: number) => string)[] = [
  (p, r) => `<${p}row r="${r}"><!-- a note --><${p}c r="A${r}"><${p}f>1+1</${p}f><${p}v>2</${p}v></${p}c></${p}row>`,
  (p, r) => `<${p}row r="${r}"><${p}c r="A${r}"><${p}f>1+1</${p}f><${p}v>2</${p}v></${p}c><x14:ext xmlns:x14="urn:x"/></${p}row>`,
  (p, r) => `<${p}row r="${r}"><${p}c r="A${r}" s="1\n"><${p}f>"a"</${p}f><${p}v>a</${p}v></${p}c></${p}row>`,
  (p, r) => `<${p}row r="${r}"><${p}c r="A${r}" t="str"><${p}f>"a"</${p}f><${p}v><![CDATA[a]]></${p}v></${p}c></${p}row>`,
  (p, r) => `<${p}row r="${r}"><?pi x?><${p}c r="A${r}" s="1"><${p}f>1</${p}f><${p}v>1</${p}v></${p}c></${p}row>`,
  (p, r) => `<${p}row r="${r}">\r\n<${p}c r="A${r}"><${p}f>1</${p}f><${p}v>1</${p}v></${p}c>\r\n</${p}row>`,
  (p, r) => `<${p}row r="${r}"><${p}c r="A${r}"><${p}f>1</${p}f><${p}v>1</${p}v><${p}v>2</${p}v></${p}c></${p}row>`,
  (p, r) => `<${p}row r="${r}"><${p}c r="A${r}" t="str"><${p}f>1</${p}f><${p}extLst/><${p}v>1</${p}v></${p}c></${p}row>`,
];

const EDITS: CellEdit[] = [
  { kind: "formula", formula: 'IF(A1<>"a&b",1,2)' },
  { kind: "number", value: 42.5 },
  { kind: "string", value: ' as of "now" <1> & more ' },
  { kind: "boolean", value: false },
  { kind: "blank" },
];

interface Case {
  xml: string;
  patch: SheetPatch;
  /** The rows' text, and whether it is of the plain shape (read from its text). */
  rows: { text: string; plain: boolean }[];
}

/** A sheet of `n` varied rows, edits on some cells (and on cells and rows it does not have), stale results on others. */
function varied(seed: number, p: string, n: number, pretty: boolean): Case {
  const rnd = random(seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)];
  const edits = new Map<string, CellEdit>();
  const stale = new Set<string>();
  const rows: { text: string; plain: boolean }[] = [];
  let group = 0;
  for (let r = 1; r <= n; r++) {
    if (rnd() < 0.06) {
      rows.push({ text: pick(ODD_ROWS)(p, r), plain: false });
      if (rnd() < 0.5) edits.set(`A${r}`, pick(EDITS));
      continue;
    }
    if (rnd() < 0.04) continue; // a gap: an edit may add the row
    const attrs = pick([
      ` r="${r}"`,
      ` r="${r}" spans="1:9"`,
      ` r='${r}' spans='2:4' ht='15.75' customHeight='1'`,
      ` r="${r}" x14ac:dyDescent="0.25" s="&#50;" customFormat="1"`,
      ` spans="1:3" r="${r}" hidden="1"`,
      ` r="${r}" ht="15&#10;" x14ac:note="a>b"`, // a character reference's line break stays one (the parser path writes it so)
    ]);
    const cols = [...new Set(Array.from({ length: Math.floor(rnd() * 8) }, () => 1 + Math.floor(rnd() * 12)))].sort((a, b) => a - b);
    if (cols.length && rnd() < 0.05) cols.reverse(); // cells out of order: missing ones still go before the first greater column
    const cells = cols.map((c) => {
      const ref = `${columnLetters(c)}${r}`;
      // Shared formulas: a group's first cell, the others pointing at it (edits of those are not made,
      // so the group is never cut unless the first cell is edited; both paths must then refuse alike).
      const shape = CELL_SHAPES[Math.floor(rnd() * (CELL_SHAPES.length - 2))];
      if (rnd() < 0.03) return CELL_SHAPES[CELL_SHAPES.length - 2](p, ref, ++group);
      if (group && rnd() < 0.03) return pick(SHARED_MEMBERS)(p, ref, group);
      if (rnd() < 0.3) stale.add(ref);
      if (rnd() < 0.15) edits.set(ref, pick(EDITS));
      return shape(p, ref, group);
    });
    if (rnd() < 0.2) edits.set(`${columnLetters(1 + Math.floor(rnd() * 14))}${r}`, pick(EDITS)); // maybe a cell it lacks
    const sep = pretty ? pick(["", "\n    ", " ", "\t"]) : "";
    rows.push({
      text:
        cells.length || rnd() < 0.5
          ? `<${p}row${attrs}>${sep}${cells.join(sep)}${sep}</${p}row${pick(["", " ", "\n"])}>`
          : `<${p}row${attrs}${pick(["/", " /"])}>`,
      plain: true,
    });
  }
  for (let k = 0; k < 4; k++) edits.set(`${columnLetters(1 + Math.floor(rnd() * 5))}${n + 2 + k * 3}`, pick(EDITS)); // rows it does not have
  const xml =
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<${p}worksheet xmlns${p ? `:${p.slice(0, -1)}` : ""}="${MAIN}" ` +
    `xmlns:x14ac="urn:x14ac"><${p}dimension ref="A1:L${n}"/><${p}sheetData>${rows.map((row) => row.text).join(pretty ? "\n  " : "")}</${p}sheetData></${p}worksheet>`;
  return {
    xml,
    patch: {
      edits,
      stale: (row, col) => stale.has(`${columnLetters(col)}${row}`),
      staleRow: (row) => [...stale].some((s) => s.endsWith(`${row}`)),
    },
    rows,
  };
}

/** The patched text in pieces of `size` characters, or the error the patcher refused it with. */
function outcome(xml: string, patch: SheetPatch, size: number): string {
  try {
    const p = new SheetPatcher(patch);
    let out = "";
    for (let at = 0; at < xml.length; at += size) out += p.write(xml.slice(at, at + size));
    return out + p.end();
  } catch (e) {
    return `refused: ${(e as Error).message}`;
  }
}

/** The patched bytes, fed as bytes in pieces of `size`, or the error the patcher refused them with; `copied`: whether rows came out as input bytes. */
function byteOutcome(bytes: Buffer, patch: SheetPatch, size: number): { text: string; copied: boolean } {
  try {
    const p = new SheetPatcher(patch);
    const out: (string | Buffer)[] = [];
    for (let at = 0; at < bytes.length; at += size) out.push(...p.writeBytes(bytes.subarray(at, at + size)));
    out.push(...p.endBytes());
    const text = Buffer.concat(out.map((piece) => (typeof piece === "string" ? Buffer.from(piece) : piece))).toString("utf8");
    return { text, copied: out.some((piece) => Buffer.isBuffer(piece) && piece.length > 100) };
  } catch (e) {
    return { text: `refused: ${(e as Error).message}`, copied: false };
  }
}

/** A refusal without the place the parser stopped at: the byte lane gives the parser fewer rows, so it names another place. */
const unplaced = (text: string) => text.replace(/^refused: \d+:\d+: /, "refused: ");

/** A RowChange from the edits by row, as SheetPatcher makes one from its RowEdits (no cut group). */
function rowChange(p: string, editsOf: (r: number) => ReadonlyMap<number, PlannedEdit> | undefined, stale: RowChange["stale"]): RowChange {
  return {
    prefix: p,
    editsOf,
    editCount: (r) => editsOf(r)?.size ?? 0,
    editAt: (r, col) => editsOf(r)?.get(col)?.edit,
    stale,
    cutGroups: new Set(),
  };
}

describe("a sheet fed as bytes", () => {
  const cases = [1, 2, 3, 4, 5, 6].map((seed) => [seed, seed % 2 ? "" : "x:", seed > 4] as const);

  it.each(cases)("gives the bytes the text path gives, in any pieces (seed %d, prefix %p, pretty %p)", (seed, p, pretty) => {
    const { xml, patch } = varied(seed, p, 300, pretty);
    // A byte-order mark, and characters of two to four bytes that the pieces cut.
    for (const text of [xml, `\ufeff${xml}`]) {
      const bytes = Buffer.from(text);
      const written = outcome(text.replace(/^\ufeff/, ""), patch, text.length);
      const expected = text.startsWith("\ufeff") && !written.startsWith("refused") ? `\ufeff${written}` : written;
      for (const size of [bytes.length, 1, 2, 7, 100, 4096]) expect([size, byteOutcome(bytes, patch, size).text]).toEqual([size, expected]);
    }
  });

  it("gives the parser path's result for changed rows holding a carriage return, a character XML forbids or one beyond ASCII", () => {
    // Among plain rows that change, one holding what the text reading declines or must read whole:
    // a carriage return in a formula, a character XML forbids (the parser refuses the sheet),
    // characters of two and three bytes (which the pieces cut), a tab.
    const cell = (r: number, f: string) => `<c r="A${r}"><f>${f}</f><v>1</v></c><c r="B${r}"><f>A${r}*2</f><v>2</v></c>`;
    const rows = (odd: string) =>
      Array.from({ length: 40 }, (_, k) => `<row r="${k + 1}">${cell(k + 1, k === 20 ? odd : `${k}+1`)}</row>`).join("");
    const patch: SheetPatch = { edits: new Map([["C5", { kind: "number", value: 7 }]]), stale: (_row, col) => col === 2 };
    for (const odd of ['"a\r\nb"', '"a\u0001b"', '"caf\u00e9"', '"\u20ac"', '"tab\there"', "1+1"]) {
      const xml = `<worksheet xmlns="${MAIN}"><sheetData>${rows(odd)}</sheetData></worksheet>`;
      const expected = unplaced(outcome(xml, { ...patch, textRows: false }, xml.length));
      if (odd.includes("\u0001")) expect(expected).toMatch(/^refused: /);
      else expect(expected).toContain("<f>A21*2</f></c>");
      for (const size of [xml.length, 64, 4096])
        expect([odd, size, unplaced(byteOutcome(Buffer.from(xml), patch, size).text)]).toEqual([odd, size, expected]);
    }
  });

  it("copies the rows nothing changes as the bytes that came in", () => {
    const { xml, patch } = varied(1, "", 300, false);
    const few = { edits: new Map([...patch.edits].slice(0, 3)), stale: () => false, staleRow: () => false };
    const bytes = Buffer.from(xml);
    const { text, copied } = byteOutcome(bytes, few, 4096);
    expect(copied).toBe(true);
    expect(text).toBe(outcome(xml, few, xml.length));
    expect(text).not.toBe(xml);
  });
});

describe("a changed row rewritten by its formula cells alone", () => {
  /** The change SheetPatcher hands a row: the edits of the row by column, the stale cells, no cut group. */
  const changeOf = (p: string, edits: ReadonlyMap<string, CellEdit>, stale: (row: number, col: number) => boolean): RowChange => {
    const byRow = new Map<number, Map<number, PlannedEdit>>();
    for (const [ref, edit] of edits) {
      const at = cellPosition(ref)!;
      if (!byRow.has(at.row)) byRow.set(at.row, new Map());
      byRow.get(at.row)!.set(at.col, { ref, edit });
    }
    return rowChange(p, (r) => byRow.get(r), stale);
  };
  // A model filled down: a label, inputs, a formula, an AIECON formula (converted) and one reading it (stale).
  const dense = (r: number) =>
    `<row r="${r}" spans="1:8"><c r="A${r}" t="s"><v>5</v></c><c r="B${r}"><v>100${r}</v></c><c r="C${r}" s="3"><f>B${r}*2</f><v>200${r}</v></c>` +
    `<c r="G${r}" s="4"><f>_xldudf_AIECON_COSTPERINTERACTION(B${r},C${r},"gpt-4o")</f><v>0.01</v></c><c r="H${r}"><f>G${r}*2</f><v>0.02</v></c></row>`;
  const denseEdits = new Map<string, CellEdit>(
    Array.from({ length: 5 }, (_, k) => [`G${k + 2}`, { kind: "formula", formula: `B${k + 2}*0.5` }] as const),
  );
  const denseStale = (_row: number, col: number) => col === 8;

  it("takes the rows of a model filled down, and gives what reading every cell gives", () => {
    for (let r = 2; r <= 6; r++) {
      const change = changeOf("", denseEdits, denseStale);
      const byCells = patchCells(dense(r), change);
      expect(byCells).toEqual(patchEveryCell(dense(r), changeOf("", denseEdits, denseStale)));
      // The converted cell and the stale one change; the others keep their text, spans goes.
      expect(byCells?.text).toBe(
        `<row r="${r}"><c r="A${r}" t="s"><v>5</v></c><c r="B${r}"><v>100${r}</v></c><c r="C${r}" s="3"><f>B${r}*2</f><v>200${r}</v></c>` +
          `<c r="G${r}" s="4"><f>B${r}*0.5</f></c><c r="H${r}"><f>G${r}*2</f></c></row>`,
      );
    }
  });

  it.each([1, 2, 3, 4, 5, 6])("gives what reading every cell gives wherever it takes a varied row (seed %d)", (seed) => {
    const p = seed % 2 ? "" : "x:";
    const { rows, patch } = varied(seed, p, 300, seed > 4);
    const change = () => changeOf(p, patch.edits as ReadonlyMap<string, CellEdit>, patch.stale!);
    let taken = 0;
    for (const row of rows) {
      const byCells = patchCells(row.text, change());
      const whole = patchEveryCell(row.text, change());
      if (!byCells) continue;
      taken++;
      // (Where reading every cell declines the row, the parser path reads it: "is what the parser path writes" below compares those.)
      if (whole) expect([row.text, byCells]).toEqual([row.text, whole]);
    }
    // (The varied rows are mostly odd ones: ten to seventeen a seed are plain enough. Pretty rows, with
    // spaces between their cells, it declines.)
    if (seed <= 4) expect(taken).toBeGreaterThanOrEqual(8);
  });

  it("applies the shared-group rule to every formula cell, in the row's order, as the reading of every cell does", () => {
    // Excel's fill: a group's first cell holds the formula and the range, the others point at it.
    const shared = (r: number) =>
      dense(r)
        .replace(`<f>B${r}*2</f>`, r === 2 ? `<f t="shared" ref="C2:C9" si="0">B2*2</f>` : `<f t="shared" si="0"/>`)
        .replace(`<f>G${r}*2</f>`, r === 2 ? `<f t="shared" ref="H2:H9" si="1">G2*2</f>` : `<f t="shared" si="1"/>`);
    for (let r = 2; r <= 4; r++) {
      const byCells = patchCells(shared(r), changeOf("", denseEdits, denseStale));
      expect(byCells).toBeDefined();
      expect(byCells).toEqual(patchEveryCell(shared(r), changeOf("", denseEdits, denseStale)));
    }
    // Group 0's first cell converted, another of its cells not: both readings refuse, alike.
    const cutFirst = changeOf("", new Map([...denseEdits, ["C2", { kind: "number", value: 1 }]]), denseStale);
    expect(patchCells(shared(2), cutFirst)?.changed).toBe(true);
    expect(cutFirst.cutGroups).toEqual(new Set(["0"]));
    const later = (change: RowChange) => () => (change.cutGroups.add("0"), patchCells(shared(3), change));
    expect(later(changeOf("", denseEdits, denseStale))).toThrow(/shared formula whose first cell was converted/);
    const whole = changeOf("", denseEdits, denseStale);
    whole.cutGroups.add("0");
    expect(() => patchEveryCell(shared(3), whole)).toThrow(/shared formula whose first cell was converted/);
  });

  it("declines a row it cannot rewrite exactly so, for the reading of every cell", () => {
    // (Each: what of the dense row is written instead, and with what.)
    const changes: [string, string][] = [
      // another element in the row (the parser path places it), a comment
      ["</row>", '<x14:ext xmlns:x14="urn:x"/></row>'],
      ['<c r="B2">', '<!-- n --><c r="B2">'],
      // a space, a tab or a line end between elements; an entity; rich text
      ['</c><c r="B2">', '</c> <c r="B2">'],
      ['</c><c r="B2">', '</c>\t<c r="B2">'],
      ["<v>5</v>", "<v>&#53;</v>"],
      ['<c r="A2" t="s"><v>5</v></c>', '<c r="A2" t="inlineStr"><is><r><t>a</t></r></is></c>'],
      // a formula cell whose address is not its first attribute; a formula in no cell; text in the row
      ['<c r="H2">', '<c s="1" r="H2">'],
      ['<c r="B2"><v>1002</v></c>', '<c r="B2"/><f>1</f>'],
      ['<c r="B2"><v>1002</v></c>', '<c r="B2"/></c>'],
      ['<c r="B2">', 'x<c r="B2">'],
      // a cell of two formulas or two values
      ["<v>1002</v>", "<v>1002</v><v>1</v>"],
      ["<f>B2*2</f>", "<f>B2*2</f><f>1</f>"],
    ];
    const declined = changes.map(([from, to]) => dense(2).replace(from, to));
    expect(declined.every((row) => row !== dense(2))).toBe(true);
    for (const row of declined) expect([row, patchCells(row, changeOf("", denseEdits, denseStale))]).toEqual([row, undefined]);
    // An edit of a cell with no formula, or of a cell the row does not have.
    for (const ref of ["B2", "K2"])
      expect(patchCells(dense(2), changeOf("", new Map([[ref, { kind: "number", value: 1 }]]), denseStale))).toBeUndefined();
  });
});

describe("a changed row rewritten from its text", () => {
  const cases = [1, 2, 3, 4, 5, 6].map((seed) => [seed, seed % 2 ? "" : "x:", seed > 4] as const);

  it.each(cases)("is what the parser path writes (seed %d, prefix %p, pretty %p)", (seed, p, pretty) => {
    const { xml, patch } = varied(seed, p, 300, pretty);
    const parsed = outcome(xml, { ...patch, textRows: false }, xml.length);
    const all = { edits: patch.edits, stale: patch.stale };
    for (const size of [xml.length, 1, 7, 100, 4096]) {
      expect([size, outcome(xml, patch, size)]).toEqual([size, parsed]);
      expect([size, outcome(xml, all, size)]).toEqual([size, outcome(xml, { ...all, textRows: false }, xml.length)]);
    }
    if (!parsed.startsWith("refused")) expect(XMLValidator.validate(parsed)).toBe(true);
  });

  it("changes something in most cases, and refuses to cut a shared formula as the parser does", () => {
    const results = cases.map(([seed, p, pretty]) => {
      const { xml, patch } = varied(seed, p, 300, pretty);
      return outcome(xml, patch, xml.length);
    });
    // (The comparison above means little if every case were refused, or none.)
    expect(results.filter((r) => !r.startsWith("refused")).length).toBeGreaterThanOrEqual(2);
    const cut = varied(1, "", 300, false);
    // A group with another cell (not edited) after its first one.
    const [, firstShared] = [...cut.xml.matchAll(/<c r="([A-Z]+\d+)"><f t="shared" ref="[^"]*" si="(\d+)">/g)].find(([, , si]) =>
      [...cut.xml.matchAll(new RegExp(`<c r="([A-Z]+\\d+)"[^>]*><f [^>]*\\bsi=["']${si}["'][^>]*>`, "g"))].some(
        ([, ref]) => !cut.patch.edits.has(ref),
      ),
    )!;
    const edits = new Map(cut.patch.edits).set(firstShared, { kind: "number", value: 1 });
    // The group's other cells are not edited: both paths refuse, with the same message.
    const refused = outcome(cut.xml, { ...cut.patch, edits }, 64);
    expect(refused).toMatch(/^refused: .*shared formula/);
    expect(outcome(cut.xml, { ...cut.patch, edits, textRows: false }, 64)).toBe(refused);
  });

  it("reads the plain rows from their text and declines the odd ones", () => {
    const change = (p: string, edits?: ReadonlyMap<number, PlannedEdit>): RowChange =>
      rowChange(
        p,
        () => edits,
        () => true,
      );
    for (const [seed, p] of [
      [1, ""],
      [2, "x:"],
      [5, ""],
    ] as const) {
      const { rows } = varied(seed, p, 300, seed === 5);
      expect(rows.filter((row) => row.plain).length).toBeGreaterThan(200);
      for (const row of rows) expect([row, patchRowText(row.text, change(p)) !== undefined]).toEqual([row, row.plain]);
    }
    for (const odd of ODD_ROWS) expect(patchRowText(odd("", 4), change("")) === undefined).toBe(true);
    // A cell address written with a reference, or an attribute given twice (a formula's too, the
    // shared-group rule's or another): declined, and the parser decides.
    for (const row of [
      '<row r="4"><c r="&#65;4"><f>1</f><v>1</v></c></row>',
      '<row r="4"><c r="A4" s="1" s="2"><f>1</f><v>1</v></c></row>',
      '<row r="4"><c r="A4"><f t="normal" si="1" t="shared">1</f><v>1</v></c></row>',
      '<row r="4"><c r="A4"><f ca="1" t="shared" si="0" ca="0"/><v>1</v></c></row>',
      '<row r="4"><c r="A4"><f __proto__="1">1</f><v>1</v></c></row>',
    ]) {
      expect(patchRowText(row, change(""))).toBeUndefined();
      const xml = `<worksheet xmlns="${MAIN}"><sheetData>${row}</sheetData></worksheet>`;
      const stale = { edits: new Map(), stale: () => true };
      expect(outcome(xml, stale, 10)).toBe(outcome(xml, { ...stale, textRows: false }, xml.length));
    }
    // A reference to a character XML forbids: declined, and the parser refuses the sheet either way.
    for (const row of [
      '<row r="4"><c r="A4" t="str"><f>"a"</f><v>&#1;</v></c></row>',
      '<row r="4" x="&#xFFFE;"><c r="A4"><f>1</f><v>1</v></c></row>',
    ]) {
      expect(patchRowText(row, change(""))).toBeUndefined();
      const xml = `<worksheet xmlns="${MAIN}"><sheetData>${row}</sheetData></worksheet>`;
      expect(outcome(xml, { edits: new Map() }, 10)).toMatch(/^refused: /);
    }
    for (const shape of CELL_SHAPES) {
      const row = `<row r="4" spans="1:2">${shape("", "B4", 1)}</row>`;
      const edited = patchRowText(row, change("", new Map([[2, { ref: "B4", edit: { kind: "number", value: 1 } }]])));
      const style = / s=['"]([^'"]*)/.exec(shape("", "B4", 1))?.[1];
      // The style as the file means it, written as the parser path writes it (esc: no &apos;).
      const written: Record<string, string> = { "&#51;": "3", "a&amp;b&lt;&gt;&quot;&apos;": "a&amp;b&lt;&gt;&quot;'" };
      const s = style === undefined ? "" : ` s="${written[style] ?? style}"`;
      expect(edited).toEqual({ r: 4, changed: true, text: `<row r="4"><c r="B4"${s}><v>1</v></c></row>` });
    }
  });
});

describe("every worksheet of the real workbooks, every formula stale", () => {
  const files = realworldFiles();
  const read = { text: 0, parser: 0 };
  let spy: jest.SpiedFunction<typeof rowPatch.patchRowText>;
  beforeAll(() => (spy = jest.spyOn(rowPatch, "patchRowText")));
  afterEach(() => {
    for (const r of spy.mock.results) if (r.type === "return") read[r.value === undefined ? "parser" : "text"]++;
    spy.mockClear();
  });
  afterAll(() => spy.mockRestore());

  it.each(files)("%s: the text reading writes what the parser writes", async (file) => {
    const zip = await JSZip.loadAsync(readFileSync(join(REALWORLD_DIR, file)));
    for (const { part } of await worksheetParts(zip)) {
      const xml = await zip.file(part)!.async("string");
      const all: SheetPatch = { edits: new Map() };
      expect([part, outcome(xml, all, 8192)]).toEqual([part, outcome(xml, { ...all, textRows: false }, xml.length)]);
      // And with every fifth cell converted (a sheet whose shared formulas this cuts is refused alike).
      const refs = [...xml.matchAll(/<(?:\w+:)?c r="([A-Z]+\d+)"/g)].map((m) => m[1]).filter((_, i) => i % 5 === 0);
      const edited: SheetPatch = { edits: new Map(refs.map((ref) => [ref, { kind: "formula", formula: `${ref}*2` }])) };
      const parsed = outcome(xml, { ...edited, textRows: false }, xml.length);
      expect([part, outcome(xml, edited, 8192)]).toEqual([part, parsed]);
      // Fed as bytes (rows nothing changes copied, the others decoded and rewritten), the same.
      expect([part, unplaced(byteOutcome(Buffer.from(xml), edited, 8192).text)]).toEqual([part, unplaced(parsed)]);
    }
  });

  it("read their changed rows from the text (Excel writes rows of the plain shape)", () => {
    // (5,921 rows when written, none declined.)
    expect(read.text).toBeGreaterThan(5000);
    expect(read.parser).toBeLessThan(read.text / 100);
  });
});

describe("a shared formula group whose first cell is rewritten", () => {
  // Group 3 (G2:G3) is converted whole; group 5 (D9:D10) stays. The rows after group 3's last need
  // no reading for its cells, so they go out as they came (spans kept); a scan that found group 3
  // further down keeps every row up to there read, and a cell of it left unconverted is refused.
  const rows = (extra = "") =>
    `<worksheet xmlns="${MAIN}"><sheetData>` +
    '<row r="2" spans="1:7"><c r="G2"><f t="shared" ref="G2:G3" si="3">_xldudf_AIECON_TOKENCOUNT(A2)</f><v>1</v></c></row>' +
    '<row r="3" spans="1:7"><c r="G3"><f t="shared" si="3"/><v>1</v></c></row>' +
    '<row r="9" spans="1:7"><c r="D9"><f t="shared" ref="D9:D10" si="5">B9*2</f><v>4</v></c></row>' +
    `<row r="10" spans="1:7"><c r="D10"><f t="shared" si="5"/><v>6</v></c>${extra}</row>` +
    // A row the XML parser would refuse: it goes out as it came only when it is not read again.
    '<row r="11"><c r="D11"><f t="shared" si="5"/><v>8</w></c></row>' +
    "</sheetData></worksheet>";
  const edits = new Map<string, CellEdit>([
    ["G2", { kind: "formula", formula: "LEN(A2)" }],
    ["G3", { kind: "formula", formula: "LEN(A3)" }],
  ]);
  const spans = (last3: number) =>
    new Map([
      ["3", { first: 2, last: last3 }],
      ["5", { first: 9, last: 10 }],
    ]);

  it.each([1, 7, 4096])("copies the rows past the group as they came, in pieces of %d", (size) => {
    const xml = rows();
    const known = outcome(xml, { edits, stale: () => false, staleRow: () => false, sharedRows: spans(3) }, size);
    expect(known).toContain(
      '<row r="10" spans="1:7"><c r="D10"><f t="shared" si="5"/><v>6</v></c></row><row r="11"><c r="D11"><f t="shared" si="5"/><v>8</w></c></row>',
    );
    expect(known).toContain('<c r="G3"><f>LEN(A3)</f></c>');
    expect(byteOutcome(Buffer.from(xml), { edits, stale: () => false, staleRow: () => false, sharedRows: spans(3) }, size).text).toBe(
      known,
    );
    // Without the spans every later row holding a shared formula is read again.
    expect(outcome(xml, { edits, stale: () => false, staleRow: () => false }, size)).toMatch(
      /^refused: .*(unexpected close tag|mismatch)/i,
    );
  });

  it("still refuses a cell of the group left behind further down, as far as the scan saw the group", () => {
    const xml = rows('<c r="G10"><f t="shared" si="3"/></c>');
    for (const size of [5, xml.length]) {
      expect(outcome(xml, { edits, stale: () => false, staleRow: () => false, sharedRows: spans(10) }, size)).toMatch(
        /^refused: .*cannot patch a shared formula/,
      );
      expect(byteOutcome(Buffer.from(xml), { edits, stale: () => false, staleRow: () => false, sharedRows: spans(10) }, size).text).toMatch(
        /^refused: .*cannot patch a shared formula/,
      );
    }
  });
});

it("a formula edit is written without the leading '=' a translation's text has, and compares equal to the same formula without it", () => {
  // A converted cell's edit is its translation itself ("=" and all), not a copy of its text.
  const translated: CellEdit = { kind: "formula", formula: '=B2*INDEX(AIECON_Prices[Input],1)&"<"' };
  expect(rowPatch.cellXml("G2", "3", translated)).toBe('<c r="G2" s="3"><f>B2*INDEX(AIECON_Prices[Input],1)&amp;"&lt;"</f></c>');
  expect(rowPatch.cellXml("G2", undefined, { ...translated, shared: { si: 4, ref: "G2:G9" } }, "x:")).toBe(
    '<x:c r="G2"><x:f t="shared" ref="G2:G9" si="4">B2*INDEX(AIECON_Prices[Input],1)&amp;"&lt;"</x:f></x:c>',
  );
  expect(rowPatch.cellXml("A1", undefined, { kind: "formula", formula: "SUM(A2:A9)" })).toBe('<c r="A1"><f>SUM(A2:A9)</f></c>');
  expect(sameEdit(translated, { kind: "formula", formula: 'B2*INDEX(AIECON_Prices[Input],1)&"<"' })).toBe(true);
  expect(sameEdit(translated, { kind: "formula", formula: "B2" })).toBe(false);
});
