/** @jest-environment jsdom */
// The "New feature cost model" hook in jsdom against the fake workbook the feature-model writer's
// tests and the pane's browser walk use (test/support/classifyHost.ts, wrapped as the browser walk
// wraps it, so the price-table read finds application.load): the models it
// offers come from the workbook's price table, each refused field carries its problem in the pane's
// words, a write adds a sheet of live formulas and changes nothing else, and a re-opened model is
// edited in place.
import { act, renderHook, waitFor } from "@testing-library/react";
import type { ModelPrice } from "../../../src/calc/prices";
import { DEFAULT_PRICE_ROWS } from "../../../src/data/defaultPrices";
import { messages } from "../../../src/calc/messages";
import { cellAddress } from "../../../src/sheetModel/refs";
import { featureStrings as s } from "../../../src/taskpane/components/FeatureModel/featureStrings";
import { useFeatureModel, type FeatureModelProps } from "../../../src/taskpane/components/FeatureModel/useFeatureModel";
import { priceRuntime } from "../../../src/runtime/priceRuntime";
import { FEATURE_INPUTS, FEATURE_OUTPUTS } from "../../../src/sheetModel/featureModelSpec";
import { PRICE_HEADERS, toTableRow } from "../../../src/sheetModel/priceTable";
import { createFakeExcel, type FakeExcelInit } from "../../support/classifyHost";

/** A workbook row of the user's own model, priced in $ per 1M tokens. */
const price = (model: string, input: number, output: number) =>
  ({ ...DEFAULT_PRICE_ROWS[0], model, provider: "inhouse", input, output, cachedInput: null, source: "user" }) as ModelPrice;
const PRICES = [price("normal-llm", 10, 10), price("small-llm", 1, 1)];

function workbook(extra: Record<string, Record<string, unknown>> = {}): FakeExcelInit {
  const priceSheet: Record<string, unknown> = {};
  [[...PRICE_HEADERS], ...PRICES.map(toTableRow)].forEach((row, r) =>
    row.forEach((v, c) => {
      if (v !== "" && v !== null) priceSheet[cellAddress(r + 1, c + 1)] = v;
    }),
  );
  return {
    sheets: { Budget: { A1: "Plan" }, "AI Prices": priceSheet, ...extra },
    tables: [{ name: "AIECON_Prices", address: `'AI Prices'!A1:${cellAddress(PRICES.length + 1, PRICE_HEADERS.length)}` }],
  };
}

function host(init: FakeExcelInit) {
  const fake = createFakeExcel(init);
  (globalThis as unknown as { Excel: unknown }).Excel = { run: fake.run, CalculationType: { full: "Full" } };
  return fake.inspect as {
    sheetNames(): string[];
    cell(sheet: string, address: string): unknown;
    activate(sheet: string): void;
    readonly syncs: number;
  };
}

/** The hook once its first reads (the price table, the active sheet) have landed. */
async function opened(props?: FeatureModelProps) {
  const hook = renderHook(() => useFeatureModel(props));
  await waitFor(() => expect(hook.result.current.choices[0]?.model).toBe("normal-llm"));
  return hook;
}

/** Fills the fields a valid model needs. */
function fill(result: { current: ReturnType<typeof useFeatureModel> }) {
  act(() => result.current.set({ feature: "Support chat" }, "feature"));
  act(() => result.current.set({ model: "normal-llm" }, "model"));
  act(() => result.current.set({ interactions: "50", activeUsers: "1,000", arpu: "$100" }, "interactions", "activeUsers", "arpu"));
}

afterEach(() => priceRuntime.reset());

describe("useFeatureModel", () => {
  it("offers the workbook's price rows first, then the bundled models it does not override", async () => {
    host(workbook());
    const { result } = await opened();
    expect(result.current.choices.slice(0, 2).map((m) => m.model)).toEqual(["normal-llm", "small-llm"]);
    expect(result.current.choices.length).toBeGreaterThan(PRICES.length);
    expect(result.current.editing).toBeUndefined();
  });

  it("outside Excel starts a new model quietly", async () => {
    delete (globalThis as { Excel?: unknown }).Excel;
    const { result } = renderHook(() => useFeatureModel());
    await act(async () => undefined);
    expect([result.current.editing, result.current.notice, result.current.draft.feature]).toEqual([undefined, undefined, ""]);
    expect(result.current.choices.length).toBeGreaterThan(0);
  });

  it("refuses a write with each problem beside its field, in the pane's words, and writes nothing", async () => {
    const inspect = host(workbook());
    const { result } = await opened();
    act(() => result.current.set({ model: "no-such-llm", arpu: "0", cachedShare: "120", pricingDate: "2026-13-01" }));
    await act(() => result.current.write());
    expect(result.current.status).toEqual({ kind: "invalid" });
    expect(result.current.errors).toEqual({
      feature: s.featureRequired,
      model: "'no-such-llm' is not in the price table: add it on the Prices tab, or formulas will show #N/A.",
      cachedShare: "Cached share of the system prompt (%): enter a percent from 0 to 100.",
      pricingDate: "'2026-13-01' is not a date: type it as yyyy-mm-dd, e.g. 2027-01-01, or leave it blank.",
      arpu: "Enter ARPU above $0 (revenue per user per month).",
    });
    expect(inspect.sheetNames()).toEqual(["Budget", "AI Prices"]);

    // Typing in a field clears that field's problem only.
    act(() => result.current.set({ feature: "Support chat" }, "feature"));
    expect(result.current.errors.feature).toBeUndefined();
    expect(result.current.errors.arpu).toBe(s.arpuPositive);
    // A step switched on asks for its own model and token counts.
    act(() => result.current.setStep("evaluation", { on: true }));
    act(() => result.current.setStep("evaluation", { model: "", inputTokens: "lots" }, "evaluation.inputTokens"));
    await act(() => result.current.write());
    expect(result.current.errors["evaluation.model"]).toBe(s.modelRequired);
    expect(result.current.errors["evaluation.inputTokens"]).toBe("Evaluation pass: input tokens: enter a number of 0 or more.");
  });

  it("writes a new sheet of live formulas beside the others, then edits that sheet in place", async () => {
    const inspect = host(workbook());
    const { result } = await opened();
    fill(result);
    act(() => result.current.set({ compare: ["small-llm", "normal-llm"] }));
    await act(() => result.current.write());
    expect(result.current.status).toEqual({ kind: "done", result: { sheet: "Support chat cost", created: true } });
    expect(result.current.errors).toEqual({});
    expect(result.current.editing).toBe("Support chat cost");
    expect(inspect.sheetNames()).toEqual(["Budget", "AI Prices", "Support chat cost"]);
    expect(inspect.cell("Budget", "A1")).toBe("Plan");
    const sheet = (address: string) => inspect.cell("Support chat cost", address);
    expect(sheet(FEATURE_INPUTS.model)).toBe("normal-llm");
    expect(sheet(FEATURE_INPUTS.perMonth)).toBe(50);
    expect(sheet(FEATURE_INPUTS.activeUsers)).toBe(1000);
    expect(sheet(FEATURE_OUTPUTS.costPerUser)).toBe("=AIECON.COSTPERUSER(B44,B21)");
    expect(sheet("I27")).toBe("small-llm");

    // The next write changes that sheet's inputs: no second sheet.
    act(() => result.current.set({ interactions: "500" }, "interactions"));
    await act(() => result.current.write());
    expect(result.current.status).toEqual({ kind: "done", result: { sheet: "Support chat cost", created: false } });
    expect(inspect.sheetNames()).toEqual(["Budget", "AI Prices", "Support chat cost"]);
    expect(sheet(FEATURE_INPUTS.perMonth)).toBe(500);

    // "Start a new model instead" keeps the inputs but not the name, and writes a new sheet next.
    act(() => result.current.startNew());
    expect([result.current.editing, result.current.draft.feature, result.current.draft.interactions]).toEqual([undefined, "", "500"]);
  });

  it("opened on a sheet this form wrote, reads its inputs back; elsewhere, says there is no model to edit", async () => {
    const inspect = host(workbook());
    const first = await opened();
    fill(first.result);
    await act(() => first.result.current.write());
    first.unmount();

    // The written sheet is active: a new pane starts on it.
    const { result } = renderHook(() => useFeatureModel());
    await waitFor(() => expect(result.current.editing).toBe("Support chat cost"));
    expect(result.current.draft.feature).toBe("Support chat");
    expect(result.current.draft.activeUsers).toBe("1000");

    act(() => result.current.startNew());
    inspect.activate("Budget");
    await act(() => result.current.readActive());
    expect(result.current.notice).toBe(s.noModelOnSheet);
    expect(result.current.editing).toBeUndefined();
  });

  it("a failed write says why; the review says the active sheet is not a model", async () => {
    host(workbook());
    const save: FeatureModelProps["save"] = async () => {
      throw new Error("The workbook is protected.");
    };
    const { result } = await opened({ save });
    fill(result);
    await act(() => result.current.write());
    expect(result.current.status).toEqual({ kind: "failed", reason: "The workbook is protected." });

    await act(() => result.current.runReview());
    expect(result.current.reviewed).toEqual({ ok: false, text: messages.reviewNotFeatureSheet() });
    expect(result.current.reviewing).toBe(false);
  });
});
