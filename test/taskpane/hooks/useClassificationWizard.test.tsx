/** @jest-environment jsdom */
// The classification wizard's hook in jsdom against the fake workbook of the classification tests
// (test/support/classifyHost.ts on the one fake Excel): lines read from a selection or typed in, the
// questions each bucket asks, errors beside their field in the pane's words, and the one batched write.
import { act, renderHook, waitFor } from "@testing-library/react";
import { useClassificationWizard } from "../../../src/taskpane/components/ClassificationWizard/useClassificationWizard";
import { createFakeExcel, type FakeExcelInit } from "../../support/classifyHost";
import { COST_LINES_HEADER_AND_TWO } from "../../support/costLines";

const T = "AIECON_Classification";
const SHEET = "AI Classification";

const COSTS: FakeExcelInit["sheets"] = {
  Costs: {
    ...COST_LINES_HEADER_AND_TWO,
    A4: "Vector DB cluster",
    B4: 2000,
    C4: "Pinecone",
    D4: "infra",
  },
  Model: { A3: "Revenue ($ / month)", B3: 100000 },
};

function host(init: FakeExcelInit = { sheets: COSTS, selection: "Costs!A1:D4" }) {
  const fake = createFakeExcel(init);
  (globalThis as { Excel?: unknown }).Excel = { run: fake.run };
  return fake.inspect;
}

/** The hook, mounted once the wizard has read the workbook (the write button waits for that read). */
async function mounted() {
  const view = renderHook(() => useClassificationWizard());
  // The read runs on mount; let it land before the test acts.
  await act(async () => new Promise((resolve) => setTimeout(resolve, 0)));
  return view;
}

type Wizard = ReturnType<typeof useClassificationWizard>;
const lineOf = (w: Wizard, workload: string) => {
  const index = w.lines.findIndex((l) => l.workload === workload);
  if (index < 0) throw new Error(`no line ${workload}`);
  return { line: w.lines[index], evaluation: w.evaluations[index] };
};

afterEach(() => {
  delete (globalThis as { Excel?: unknown }).Excel;
});

describe("lines from the selected range", () => {
  it("reads one line per row with the bucket the range names, and asks only that bucket's questions", async () => {
    host();
    const { result } = await mounted();
    await act(() => result.current.pickSelection());
    expect(result.current.notice).toEqual({ intent: "info", text: "3 cost lines read from Costs!A1:D4." });
    expect(result.current.lines.map((l) => [l.workload, l.monthlyUsd, l.vendor, l.choice])).toEqual([
      ["Support chat (prod)", 12000, "OpenAI", "customer-inference"],
      ["Base model training", 3000, "GPU cloud", "training"],
      ["Vector DB cluster", 2000, "Pinecone", "infrastructure"],
    ]);
    // Training has one rule: classified at once, no question.
    const training = lineOf(result.current, "Base model training").evaluation;
    expect(training.questions).toEqual([]);
    expect(training.result).toMatchObject({ classification: "OpEx", cogsShare: 0 });
    // Customer-facing inference asks only "production?".
    expect(lineOf(result.current, "Support chat (prod)").evaluation.questions).toEqual(["production"]);
    expect(result.current.pending).toBe(2);
    expect(result.current.canWrite).toBe(false);

    // Picking the same range again adds no duplicate.
    await act(() => result.current.pickSelection());
    expect(result.current.lines).toHaveLength(3);
  });

  it("says what went wrong, in the pane's words, when there is no selection to read", async () => {
    host({ sheets: COSTS });
    const { result } = await mounted();
    await act(() => result.current.pickSelection());
    expect(result.current.notice?.intent).toBe("error");
    expect(result.current.notice?.text).toMatch(/^Could not complete: .*nothing is selected/);
    expect(result.current.lines).toEqual([]);
  });
});

describe("the add-line form", () => {
  it("shows each field's problem beside it and clears it when that field is typed in", async () => {
    host();
    const { result } = await mounted();
    act(() => result.current.addLine());
    expect(result.current.draftErrors).toEqual({
      workload: "Enter the workload's name, e.g. Support chat.",
      monthly: "Enter the monthly cost in dollars, e.g. 1200.",
    });
    expect(result.current.lines).toEqual([]);

    act(() => result.current.setDraftField("workload", "Sales email drafts"));
    expect(result.current.draftErrors).toEqual({ workload: undefined, monthly: "Enter the monthly cost in dollars, e.g. 1200." });
    act(() => result.current.setDraftField("monthly", "twelve"));
    act(() => result.current.addLine());
    expect(result.current.draftErrors.monthly).toBe("'twelve' is not an amount: enter the monthly cost in dollars, e.g. 1200.");
    act(() => result.current.setDraftField("monthly", "-5"));
    act(() => result.current.addLine());
    expect(result.current.draftErrors.monthly).toBe("The monthly cost cannot be negative.");
    expect(result.current.lines).toEqual([]);
  });

  it("reads $ and thousands separators, empties the form, and replaces a line of the same workload", async () => {
    host();
    const { result } = await mounted();
    act(() => {
      result.current.setDraftField("workload", "  Sales email drafts ");
      result.current.setDraftField("monthly", "$1,250.50");
      result.current.setDraftField("vendor", "Anthropic");
    });
    act(() => result.current.addLine());
    expect(result.current.draftErrors).toEqual({ workload: undefined, monthly: undefined });
    expect(result.current.draft).toEqual({ workload: "", monthly: "", vendor: "" });
    expect(result.current.lines.map((l) => [l.workload, l.monthlyUsd, l.vendor, l.choice])).toEqual([
      ["Sales email drafts", 1250.5, "Anthropic", ""],
    ]);
    expect(result.current.evaluations[0]).toMatchObject({ questions: [], mixed: false });
    expect(result.current.evaluations[0].result).toBeUndefined();

    act(() => {
      result.current.setDraftField("workload", "sales EMAIL drafts");
      result.current.setDraftField("monthly", "300");
    });
    act(() => result.current.addLine());
    expect(result.current.lines.map((l) => [l.workload, l.monthlyUsd, l.vendor])).toEqual([["sales EMAIL drafts", 300, undefined]]);
  });
});

describe("answering a line", () => {
  it("plain inference asks customer-facing first, then the questions of the bucket it resolves to", async () => {
    host();
    const { result } = await mounted();
    act(() => {
      result.current.setDraftField("workload", "Sales email drafts");
      result.current.setDraftField("monthly", "250");
    });
    act(() => result.current.addLine());
    act(() => result.current.updateLine({ ...result.current.lines[0], choice: "inference" }));
    expect(result.current.evaluations[0].questions).toEqual(["customerFacing"]);
    act(() => result.current.updateLine({ ...result.current.lines[0], answers: { customerFacing: false } }));
    expect(result.current.evaluations[0].result).toMatchObject({ classification: "OpEx", bucket: "internal-inference" });
    act(() => result.current.updateLine({ ...result.current.lines[0], answers: { customerFacing: true } }));
    expect(result.current.evaluations[0].questions).toEqual(["customerFacing", "production"]);
    expect(result.current.evaluations[0].result).toBeUndefined();
  });

  it("a mixed line waits for share and driver without an error, reads the share as a percent, and warns about 0.6", async () => {
    host();
    const { result } = await mounted();
    await act(() => result.current.pickSelection());
    const answer = (patch: object) =>
      act(() => result.current.updateLine({ ...lineOf(result.current, "Vector DB cluster").line, ...patch }));
    const vector = () => lineOf(result.current, "Vector DB cluster").evaluation;

    answer({ answers: { production: "partly" } });
    expect(vector()).toMatchObject({ mixed: true, share: {} });
    expect(vector().result).toBeUndefined();
    expect(vector().error).toBeUndefined();

    answer({ sharePercent: "abc" });
    expect(vector().share?.error).toBe("'abc' is not a percent: enter a number such as 60 for 60%.");
    answer({ sharePercent: "100" });
    expect(vector().share?.error).toBe(
      "Enter a share above 0 and below 100 %. A workload that is all COGS or all OpEx is answered Yes or No, not Partly.",
    );
    answer({ sharePercent: "0.6" });
    expect(vector().share).toEqual({ fraction: 0.006, warning: "0.6 means 0.6% COGS. If you meant 60%, enter 60." });
    expect(vector().result).toBeUndefined(); // still no driver

    answer({ sharePercent: "75", driver: "share of queries" });
    expect(vector().result).toMatchObject({ classification: "Mixed", cogsShare: 0.75 });
    expect(vector().result?.rationale).toMatch(/75% COGS by share of queries/);
  });

  it("removes a line", async () => {
    host();
    const { result } = await mounted();
    await act(() => result.current.pickSelection());
    act(() => result.current.removeLine(lineOf(result.current, "Base model training").line.id));
    expect(result.current.lines.map((l) => l.workload)).toEqual(["Support chat (prod)", "Vector DB cluster"]);
  });
});

describe("writing to the workbook", () => {
  async function answeredWizard() {
    const inspect = host();
    const view = await mounted();
    const { result } = view;
    await act(() => result.current.pickSelection());
    act(() => result.current.updateLine({ ...lineOf(result.current, "Support chat (prod)").line, answers: { production: true } }));
    act(() =>
      result.current.updateLine({
        ...lineOf(result.current, "Vector DB cluster").line,
        answers: { production: "partly" },
        sharePercent: "75",
        driver: "share of queries",
      }),
    );
    return { inspect, ...view };
  }

  it("writes every line to AIECON_Classification in one go, with the revenue cell picked from the selection", async () => {
    const { inspect, result } = await answeredWizard();
    expect(result.current.pending).toBe(0);
    expect(result.current.canWrite).toBe(true);
    inspect.select("Model!B3");
    await act(() => result.current.readRevenueCell());
    expect(result.current.revenueCell).toBe("Model!B3");

    await act(() => result.current.write(false));
    expect(result.current.notice).toEqual({ intent: "success", text: `Written: 3 new and 0 updated lines in '${SHEET}'!A1:L4.` });
    expect(result.current.busy).toBe(false);
    expect(inspect.table(T)).toBe(`'${SHEET}'!A1:L4`);
    const rows = inspect.cells(`'${SHEET}'!A2:E4`);
    expect(rows).toEqual([
      ["Support chat (prod)", "Customer-facing inference", 12000, "COGS", 1],
      ["Base model training", "Training", 3000, "OpEx", 0],
      ["Vector DB cluster", "Infrastructure", 2000, "Mixed", 0.75],
    ]);
    // The summary divides by the revenue cell the user picked.
    expect(inspect.cell(SHEET, "O7")).toBe("=Model!B3");
  });

  it("a second run fills in last run's answers and updates the rows, flagging a changed classification", async () => {
    const { result, inspect } = await answeredWizard();
    await act(() => result.current.write(false));
    act(() => result.current.removeLine(lineOf(result.current, "Support chat (prod)").line.id));
    await act(() => result.current.pickSelection());
    const again = lineOf(result.current, "Support chat (prod)");
    expect(again.line.answers).toEqual({ production: true });
    expect(again.line.previousDate).toMatch(/\d/);
    expect(again.evaluation.result?.classification).toBe("COGS");
    act(() => result.current.updateLine({ ...again.line, answers: { production: false } }));
    await act(() => result.current.write(false));
    expect(result.current.notice).toEqual({
      intent: "warning",
      text: `Written: 0 new and 3 updated lines in '${SHEET}'!A1:L4. Classification changed since the last run (flagged in the table): Support chat (prod).`,
    });
    expect(inspect.cell(SHEET, "D2")).toBe("OpEx");
  });

  it("asks before rows push a user's cells down, writes nothing until told, and writes when told", async () => {
    const { result, inspect } = await answeredWizard();
    await act(() => result.current.write(false));
    act(() => {
      result.current.setDraftField("workload", "Chatbot evals");
      result.current.setDraftField("monthly", "90");
    });
    act(() => result.current.addLine());
    act(() => result.current.updateLine({ ...lineOf(result.current, "Chatbot evals").line, choice: "training" }));
    inspect.setCell(SHEET, "A5", "a note under the table");

    await act(() => result.current.write(false));
    expect(result.current.conflicts).toEqual({ status: "needsConfirmation", shifted: [`'${SHEET}'!A5`], rowsAdded: 1, overwritten: [] });
    expect(inspect.table(T)).toBe(`'${SHEET}'!A1:L4`);
    act(() => result.current.dismissConflicts());
    expect(result.current.conflicts).toBeNull();

    await act(() => result.current.write(false));
    await act(() => result.current.write(true));
    expect(result.current.conflicts).toBeNull();
    expect(result.current.notice?.text).toBe(`Written: 1 new and 3 updated lines in '${SHEET}'!A1:L5.`);
    expect(inspect.cell(SHEET, "A5")).toBe("Chatbot evals");
  });

  it("cannot write before every line is answered", async () => {
    host();
    const { result } = await mounted();
    await act(() => result.current.pickSelection());
    expect(result.current.pending).toBe(2);
    await waitFor(() => expect(result.current.canWrite).toBe(false));
  });
});
