import { OfficeMockObject } from "office-addin-mock";
import { classify, type Answers, type BucketId } from "../../src/calc/classification";
import { CalcError } from "../../src/calc/errors";
import { readClassificationState, readSelectedCostLines, writeClassification } from "../../src/workbook/classification";
import { COLUMNS, excelDate, type ClassifiedLine } from "../../src/sheetModel/classificationLayout";
import { createFakeExcel, type FakeExcelInit } from "../support/classifyHost";
import { landsAs } from "../support/excelText";

const T = "AIECON_Classification";
const SHEET = "AI Classification";

function host(init: FakeExcelInit = { sheets: { Model: {} } }) {
  const fake = createFakeExcel(init, (data) => new OfficeMockObject(data));
  (globalThis as any).Excel = { run: fake.run };
  const sync = jest.spyOn(fake.context, "sync");
  return { fake, inspect: fake.inspect, sync };
}

function line(
  workload: string,
  monthlyUsd: number,
  bucket: BucketId,
  answers: Answers,
  cogsShare?: number,
  allocationDriver?: string,
): ClassifiedLine {
  return { workload, monthlyUsd, answers, allocationDriver, result: classify({ bucket, answers, cogsShare, allocationDriver }) };
}

const lines = [
  line("Chat assistant (prod)", 12000, "customer-inference", { customerFacing: true, production: true }),
  line("Base model training", 3000, "training", {}),
  line("Vector DB cluster", 2000, "infrastructure", { production: "partly" }, 0.75, "share of queries"),
];
const NOV = new Date(2026, 10, 23);
const DEC = new Date(2026, 11, 23);

describe("first run on a workbook without the table", () => {
  it("creates the table on its own sheet, row formulas for COGS $ and OpEx $, a live summary, in 2 syncs", async () => {
    const { inspect, sync } = host();
    const state = await readClassificationState();
    expect(sync).toHaveBeenCalledTimes(1);
    expect(state.table).toBeNull();
    expect(state.newSheet).toBe(SHEET);

    sync.mockClear();
    const outcome = await writeClassification(state, lines, { today: NOV, revenueCell: "Model!B3" });
    expect(sync).toHaveBeenCalledTimes(2);
    expect(outcome).toEqual({
      status: "written",
      tableAddress: `'${SHEET}'!A1:L4`,
      summaryAddress: `'${SHEET}'!N1:O9`,
      updated: 0,
      added: 3,
      changed: [],
    });
    expect(inspect.table(T)).toBe(`'${SHEET}'!A1:L4`);
    expect(inspect.cells(`'${SHEET}'!A1:L1`)).toEqual([[...COLUMNS]]);
    const [chat, training, vector] = inspect.cells(`'${SHEET}'!A2:K4`);
    expect(chat.slice(0, 7)).toEqual([
      "Chat assistant (prod)",
      "Customer-facing inference",
      12000,
      "COGS",
      1,
      "=[@[Monthly $]]*[@[COGS %]]",
      "=[@[Monthly $]]-[@[COGS $]]",
    ]);
    expect(chat[7]).toMatch(/production calls serving customers are COGS/);
    expect(chat[8]).toBe(excelDate(NOV));
    expect(training.slice(0, 5)).toEqual(["Base model training", "Training", 3000, "OpEx", 0]);
    expect(vector.slice(0, 5)).toEqual(["Vector DB cluster", "Infrastructure", 2000, "Mixed", 0.75]);
    expect(vector[9]).toBe("share of queries");
    expect(vector[10]).toBe("");

    expect(inspect.cells(`'${SHEET}'!N2:O9`)).toEqual([
      ["Monthly AI cost ($ / month)", `=SUM(${T}[[Monthly $]])`],
      ["AI COGS ($ / month)", `=SUM(${T}[[COGS $]])`],
      ["AI OpEx, R&D ($ / month)", `=SUM(${T}[[OpEx $]])`],
      ["Mixed lines, before split ($ / month)", `=SUMIFS(${T}[[Monthly $]],${T}[[Classification]],"Mixed")`],
      ["AI COGS share of AI cost (%)", `=IF($O$2=0,"",SUMPRODUCT(${T}[[Monthly $]],${T}[[COGS %]])/$O$2)`],
      ["Revenue ($ / month, input)", "=Model!B3"],
      ["AI COGS share of revenue (%)", `=IF(N($O$7)>0,$O$3/$O$7,"")`],
      ["Gross-margin change (points of revenue)", `=IF($O$8="","",-$O$8)`],
    ]);
    expect(inspect.name("AIECON_ClassificationSummary")).toBe(`'${SHEET}'!N1:O9`);
    expect(inspect.hiddenColumns(SHEET)).toEqual(["L"]);
    expect(inspect.formatOf(SHEET, "C4")).toBe("$#,##0.00");
    expect(inspect.formatOf(SHEET, "E3")).toBe("0.0%");
    expect(inspect.formatOf(SHEET, "I2")).toBe("yyyy-mm-dd");
    expect(inspect.formatOf(SHEET, "O8")).toBe("0.0%");
    expect(JSON.parse(String(inspect.cell(SHEET, "L4")))).toEqual({ bucket: "infrastructure", answers: { production: "partly" } });
  });

  it("uses at most 2 syncs for 200 lines", async () => {
    const { inspect, sync } = host();
    const many = Array.from({ length: 200 }, (_, i) => line(`Workload ${i}`, i, "infrastructure", { production: i % 2 === 0 }));
    const state = await readClassificationState();
    sync.mockClear();
    await writeClassification(state, many, { today: NOV });
    expect(sync.mock.calls.length).toBeLessThanOrEqual(2);
    expect(inspect.table(T)).toBe(`'${SHEET}'!A1:L201`);
    expect(inspect.cell(SHEET, "D201")).toBe("OpEx");
  });

  it("never writes into an existing sheet of the same name: it takes the next free name", async () => {
    const { inspect } = host({ sheets: { [SHEET]: { A1: "someone's notes" } } });
    const state = await readClassificationState();
    expect(state.newSheet).toBe(`${SHEET} 2`);
    await writeClassification(state, lines, { today: NOV });
    expect(inspect.cell(SHEET, "A1")).toBe("someone's notes");
    expect(inspect.table(T)).toBe(`'${SHEET} 2'!A1:L4`);
  });
});

describe("re-running", () => {
  async function firstRun() {
    const h = host();
    await writeClassification(await readClassificationState(), lines, { today: NOV, revenueCell: "Model!B3" });
    return h;
  }

  it("reads earlier answers back as defaults (2 syncs)", async () => {
    const { sync } = await firstRun();
    sync.mockClear();
    const state = await readClassificationState();
    expect(sync).toHaveBeenCalledTimes(2);
    expect(state.table?.address).toBe(`'${SHEET}'!A1:L4`);
    expect(state.summaryAddress).toBe(`'${SHEET}'!N1:O9`);
    const vector = state.previous.get("vector db cluster");
    expect(vector).toMatchObject({
      bucket: "infrastructure",
      answers: { production: "partly" },
      cogsShare: 0.75,
      allocationDriver: "share of queries",
      classification: "Mixed",
    });
    expect(state.previous.get("chat assistant (prod)")?.answers).toEqual({ customerFacing: true, production: true });
  });

  it("updates rows matched by workload name, appends new ones, flags a changed classification, keeps the revenue cell", async () => {
    const { inspect, sync } = await firstRun();
    const state = await readClassificationState();
    sync.mockClear();
    const outcome = await writeClassification(
      state,
      [
        line("  chat ASSISTANT (prod) ", 13000, "customer-inference", { customerFacing: true, production: true }),
        line("Vector DB cluster", 2000, "infrastructure", { production: true }),
        line("Eval platform", 800, "monitoring", { contractuallyRequired: false }),
      ],
      { today: DEC },
    );
    expect(sync).toHaveBeenCalledTimes(2);
    expect(outcome).toMatchObject({
      status: "written",
      updated: 2,
      added: 1,
      changed: ["Vector DB cluster"],
      tableAddress: `'${SHEET}'!A1:L5`,
    });
    expect(inspect.table(T)).toBe(`'${SHEET}'!A1:L5`);
    const rows = inspect.cells(`'${SHEET}'!A2:K5`);
    expect(rows.map((r: unknown[]) => r[0])).toEqual([
      "chat ASSISTANT (prod)",
      "Base model training",
      "Vector DB cluster",
      "Eval platform",
    ]);
    expect(rows[0].slice(2, 4)).toEqual([13000, "COGS"]);
    expect(rows[0][8]).toBe(excelDate(DEC));
    expect(rows[0][10]).toBe("");
    // Untouched line keeps its earlier date.
    expect(rows[1][8]).toBe(excelDate(NOV));
    expect(rows[2].slice(3, 5)).toEqual(["COGS", 1]);
    expect(rows[2][10]).toBe("CHANGED since 2026-11-23: Mixed (75% COGS) → COGS (100% COGS). Document why (consistency rule).");
    expect(rows[3].slice(0, 6)).toEqual(["Eval platform", "Monitoring and evaluation", 800, "OpEx", 0, "=[@[Monthly $]]*[@[COGS %]]"]);
    expect(inspect.cell(SHEET, "O7")).toBe("=Model!B3");
    expect(inspect.name("AIECON_ClassificationSummary")).toBe(`'${SHEET}'!N1:O9`);
    expect(inspect.formatOf(SHEET, "G5")).toBe("$#,##0.00");
  });

  it("asks before new rows push the cells under the table down, and writes nothing until allowed", async () => {
    const { inspect, sync } = await firstRun();
    inspect.setCell(SHEET, "B6", "a note under the table");
    const state = await readClassificationState();
    const more = [line("New A", 1, "training", {}), line("New B", 2, "training", {})];
    sync.mockClear();
    const outcome = await writeClassification(state, more, { today: DEC });
    expect(sync).toHaveBeenCalledTimes(1);
    expect(outcome).toEqual({ status: "needsConfirmation", shifted: [`'${SHEET}'!B6`], rowsAdded: 2, overwritten: [] });
    expect(inspect.table(T)).toBe(`'${SHEET}'!A1:L4`);
    expect(inspect.cell(SHEET, "B6")).toBe("a note under the table");

    sync.mockClear();
    const allowed = await writeClassification(state, more, { today: DEC, allowOverwrite: true });
    expect(sync).toHaveBeenCalledTimes(2);
    expect(allowed.status).toBe("written");
    expect(inspect.cell(SHEET, "A6")).toBe("New B");
  });

  it("asks before putting a summary over a user's cells when its name was removed", async () => {
    const { inspect } = host({
      sheets: { [SHEET]: { A1: "Workload", N2: "user's number" } },
      tables: [{ name: T, address: `'${SHEET}'!A1:L2` }],
    });
    COLUMNS.forEach((c, i) => inspect.setCell(SHEET, `${String.fromCharCode(65 + i)}1`, c));
    inspect.setCell(SHEET, "A2", "Old line");
    const state = await readClassificationState();
    expect(state.summaryAddress).toBeNull();
    const outcome = await writeClassification(state, [line("Old line", 5, "training", {})], { today: DEC });
    expect(outcome).toEqual({ status: "needsConfirmation", shifted: [], rowsAdded: 0, overwritten: [`'${SHEET}'!N2`] });
    expect(inspect.cell(SHEET, "N2")).toBe("user's number");
  });

  it("refuses to write when the table changed after the wizard read it", async () => {
    const { inspect } = await firstRun();
    const state = await readClassificationState();
    inspect.setCell(SHEET, "C3", 9999);
    await expect(writeClassification(state, [line("Base model training", 1, "training", {})], { today: DEC })).rejects.toThrow(
      /changed while the wizard was open/,
    );
    expect(inspect.cell(SHEET, "C3")).toBe(9999);
  });

  it("refuses a table whose columns were changed", async () => {
    const { inspect } = await firstRun();
    inspect.setCell(SHEET, "C1", "Monthly cost");
    const state = await readClassificationState();
    await expect(writeClassification(state, lines, { today: DEC })).rejects.toThrow(/columns were changed/);
  });
});

describe("inputs", () => {
  it("refuses a revenue reference that is not a cell, before touching the workbook", async () => {
    const { sync } = host();
    const state = await readClassificationState();
    sync.mockClear();
    const error = await writeClassification(state, lines, { today: NOV, revenueCell: "B3+1" }).catch((e) => e);
    expect(error).toBeInstanceOf(CalcError);
    expect(error.message).toBe("Revenue cell 'B3+1' is not a single cell address like B3 or 'Model'!B3.");
    expect(sync).not.toHaveBeenCalled();
  });

  it("reads cost lines from the selected range in one sync", async () => {
    const { sync } = host({
      sheets: { Costs: { A1: "Vendor", B1: "Workload", C1: "Monthly $", A2: "OpenAI", B2: "Support bot", C2: 4200, B3: "Evals", C3: 300 } },
      selection: "Costs!A1:C3",
    });
    const picked = await readSelectedCostLines();
    expect(sync).toHaveBeenCalledTimes(1);
    expect(picked.address).toBe("Costs!A1:C3");
    expect(picked.lines).toEqual([
      { workload: "Support bot", monthlyUsd: 4200, vendor: "OpenAI", bucketName: undefined },
      { workload: "Evals", monthlyUsd: 300, vendor: undefined, bucketName: undefined },
    ]);
  });
});

describe("workload names and drivers from a range land as text", () => {
  it("hostile names picked from a range stay text on the first run and when a later run writes their rows back", async () => {
    const hostile = ['=HYPERLINK("http://evil","x")', "+1+1", "@SUM(A1)", "-2"];
    const { inspect } = host({
      sheets: {
        Costs: Object.fromEntries(
          hostile.flatMap((name, i) => [
            [`A${i + 1}`, `'${name}`],
            [`B${i + 1}`, 100 * (i + 1)],
          ]),
        ),
      },
      selection: `Costs!A1:B${hostile.length}`,
    });
    const picked = await readSelectedCostLines();
    expect(picked.lines.map((l) => l.workload)).toEqual(hostile);
    const classified = picked.lines.map((l) =>
      line(l.workload, l.monthlyUsd!, "infrastructure", { production: "partly" }, 0.5, '=WEBSERVICE("http://evil")'),
    );
    await writeClassification(await readClassificationState(), classified, { today: NOV });
    const rows = () => inspect.cells(`'${SHEET}'!A2:L${hostile.length + 1}`) as unknown[][];
    const check = () => {
      expect(rows().map((r) => landsAs(r[0] as string))).toEqual(hostile.map((text) => ({ kind: "text", text })));
      expect(rows().every((r) => landsAs(r[9] as string).kind === "text")).toBe(true);
    };
    check();
    // A second run that changes one line rewrites the body through .formulas, read back without the apostrophes.
    await writeClassification(await readClassificationState(), [line(hostile[1], 999, "training", {})], { today: DEC });
    expect(rows()[1][3]).toBe("OpEx");
    expect(landsAs(rows()[0][0] as string)).toEqual({ kind: "text", text: hostile[0] });
    expect(rows().every((r, i) => i === 1 || landsAs(r[9] as string).kind === "text")).toBe(true);
    expect(rows().every((r) => landsAs(r[0] as string).kind === "text")).toBe(true);
  });
});

describe("a summary name left behind by a deleted table", () => {
  it("is moved to the new summary block", async () => {
    const { inspect, sync } = host({
      sheets: { Old: { N1: "stale" } },
      names: [{ name: "AIECON_ClassificationSummary", address: "Old!N1:O9" }],
    });
    const state = await readClassificationState();
    expect(state.table).toBeNull();
    sync.mockClear();
    const outcome = await writeClassification(state, lines, { today: NOV });
    expect(sync).toHaveBeenCalledTimes(2);
    expect(outcome.status).toBe("written");
    expect(inspect.name("AIECON_ClassificationSummary")).toBe(`'${SHEET}'!N1:O9`);
    expect(inspect.cell("Old", "N1")).toBe("stale");
    // No revenue cell given: the input stays blank and the revenue-based rows show "".
    expect(inspect.cell(SHEET, "O7")).toBeUndefined();
  });
});
