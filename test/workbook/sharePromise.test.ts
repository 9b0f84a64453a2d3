// The pane's Prepare for sharing keeps the CLI's promise inside Excel: nothing changes but the
// converted cells, the sheets it adds (AI Prices, AIECON_Originals) and the notes on converted
// cells; Restore live functions brings every cell and note back, and removes what it added, the
// price sheet too while it is as the conversion left it (issue 22: as the CLI's --restore does).
// Checked cell by cell against the fake host.
import { DEFAULT_PRICE_TABLE } from "../../src/data/defaultPrices";
import { ORIGINALS_SHEET } from "../../src/share/originals";
import { PREPARE_STEPS, prepareForSharing, restoreLiveFunctions } from "../../src/workbook/share";
import type { RepairProgress } from "../../src/workbook/share";
import { FakeWorkbook } from "../support/shareHost";

const now = new Date("2026-11-23T10:00:00Z");

type Picture = Map<string, { visibility: string; cells: Map<string, string>; notes: Map<string, string> }>;

/** Every sheet's cells (formula, value, format) and notes, as comparable text. */
const picture = (wb: FakeWorkbook): Picture =>
  new Map(
    wb.sheets.map((s) => [
      s.name,
      { visibility: s.visibility, cells: new Map([...s.cells].map(([k, c]) => [k, JSON.stringify(c)])), notes: new Map(s.notes) },
    ]),
  );

function board(): FakeWorkbook {
  const wb = new FakeWorkbook();
  const m = wb.sheet("Model");
  m.put("A1", "Cost per interaction");
  m.put("B1", '=AIECON.COSTPERINTERACTION(7000,1000,"gpt-4o")', 0.0275);
  m.put("B2", "=_xldudf_AIECON_COSTPERUSER(B1,50)", 1.375);
  m.put("B3", "=B2*12", 16.5); // depends on a converted cell: its formula stays
  m.put("B4", '=AIECON.CLASSIFY("chat")', "COGS"); // kept as values, with a note
  m.put("C1", "=SUM(1,2)", 3);
  m.notes.set("A1", "Reviewed by FP&A");
  const d = wb.sheet("Data");
  d.put("A1", "Month");
  d.put("A2", 46000);
  d.put("B2", "=A2+1", 46001);
  d.visibility = "Hidden";
  wb.install();
  return wb;
}

const key = (address: string) => {
  const m = /^([A-Z]+)(\d+)$/.exec(address)!;
  return `${Number(m[2]) - 1},${m[1].charCodeAt(0) - 65}`;
};

it("Prepare for sharing changes only the converted cells, their notes and the sheets it adds, with progress", async () => {
  const wb = board();
  const before = picture(wb);
  const steps: RepairProgress[] = [];
  const report = await prepareForSharing("workbook", { now, prices: DEFAULT_PRICE_TABLE, onProgress: (p) => steps.push(p) });
  expect(report).toMatchObject({ formulas: 2, values: 1, warnings: [] });
  expect(steps.map((p) => p.done)).toEqual([0, 1, 2, 3, PREPARE_STEPS]);
  expect(steps.every((p) => p.total === PREPARE_STEPS)).toBe(true);

  const after = picture(wb);
  expect([...after.keys()].filter((n) => !before.has(n)).sort()).toEqual([ORIGINALS_SHEET, "AI Prices"].sort());
  const converted = new Set(["B1", "B2", "B4"].map(key));
  for (const [name, was] of before) {
    const now = after.get(name)!;
    expect([name, now.visibility]).toEqual([name, was.visibility]);
    const changed = [...new Set([...was.cells.keys(), ...now.cells.keys()])].filter((k) => was.cells.get(k) !== now.cells.get(k));
    expect([name, changed.filter((k) => name !== "Model" || !converted.has(k))]).toEqual([name, []]);
    const notesChanged = [...new Set([...was.notes.keys(), ...now.notes.keys()])].filter((k) => was.notes.get(k) !== now.notes.get(k));
    expect([name, notesChanged]).toEqual([name, name === "Model" ? ["B4"] : []]);
  }
  expect(wb.sheet("Model").at("B3")).toEqual({ formula: "=B2*12", value: 16.5 });
  expect(wb.tables.map((t) => t.name)).toEqual(["AIECON_Prices"]);

  // Restore: every cell's formula and every note as before; the price sheet it created goes too.
  expect((await restoreLiveFunctions()).restored).toBe(3);
  const back = picture(wb);
  expect([...back.keys()].filter((n) => !before.has(n))).toEqual([]);
  for (const [name, was] of before) {
    const now = back.get(name)!;
    expect([name, now.notes]).toEqual([name, was.notes]);
    const formulaOf = (json: string | undefined) =>
      json === undefined ? undefined : ((JSON.parse(json) as { formula?: string; value: unknown }).formula ?? JSON.parse(json).value);
    for (const k of new Set([...was.cells.keys(), ...now.cells.keys()]))
      expect([name, k, formulaOf(now.cells.get(k))]).toEqual([name, k, formulaOf(was.cells.get(k))]);
  }
});
