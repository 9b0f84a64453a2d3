import { breakdownTable, costTreeLines, evaluateCostTree, parseCostTree } from "../../src/calc/costTree";
import { calcFailure } from "../support/calcFailure";
import { PriceTable, type ModelPrice } from "../../src/calc/prices";
import type { UsdPerMillionTokens } from "../../src/calc/units";

const usd = (n: number) => n as UsdPerMillionTokens;
const model = (name: string, input: number, output: number, cached: number | null): ModelPrice => ({
  model: name,
  provider: "acme",
  input: usd(input),
  output: usd(output),
  cachedInput: cached === null ? null : usd(cached),
  cacheWrite: null,
  contextWindow: null,
  asOf: "2026-01-01",
  source: "default",
  perThousandRequests: null,
  tiered: false,
});
const prices = new PriceTable([model("small", 0.1, 0.4, 0.025), model("frontier", 3, 15, 0.3), model("nocache", 1, 1, null)], "2026-01-01");
const HEADER = ["Step", "Parent", "Model", "Input tokens", "Output tokens", "Calls"];
const evaluate = (rows: unknown[][]) => evaluateCostTree(parseCostTree(rows, prices));

describe("cost tree (domain §3)", () => {
  // safety → embedding → primary → evaluation → retry (20%) → primary again under the retry.
  const tree = [
    HEADER,
    ["Safety classifier", "", "small", 500, 10, 1],
    ["Embedding lookup", "", 0.02, 1000, 0, 1],
    ["Primary call", "", "frontier", 7000, 1000, 1],
    ["Evaluation", "Primary call", "small", 8000, 50, 1],
    ["Retry", "Evaluation", "frontier", 7000, 1000, 0.2],
    ["Retry safety", "Retry", "small", 500, 10, 1],
  ];
  const cost = (input: number, output: number, pIn: number, pOut: number) => (input * pIn + output * pOut) / 1e6;

  it("multiplies expected calls along each path and sums expected cost", () => {
    const result = evaluate(tree);
    const calls = Object.fromEntries(costTreeLines(result).map((l) => [l.step, l.expectedCalls]));
    expect(calls).toEqual({
      "Safety classifier": 1,
      "Embedding lookup": 1,
      "Primary call": 1,
      Evaluation: 1,
      Retry: 0.2,
      "Retry safety": 0.2,
    });
    const expected =
      cost(500, 10, 0.1, 0.4) +
      cost(1000, 0, 0.02, 0.02) +
      cost(7000, 1000, 3, 15) +
      cost(8000, 50, 0.1, 0.4) +
      0.2 * cost(7000, 1000, 3, 15) +
      0.2 * cost(500, 10, 0.1, 0.4);
    expect(result.total).toBeCloseTo(expected, 14);
  });

  it("guardrails, evaluation and retries cost more than the primary call alone", () => {
    const result = evaluate(tree);
    const primary = costTreeLines(result).find((l) => l.step === "Primary call")!.cost;
    expect(result.total / primary).toBeGreaterThan(1.2);
  });

  it("breakdown: header, a line per step with shares summing to 1, a total row", () => {
    const table = breakdownTable(evaluate(tree));
    expect(table[0]).toEqual(["Step", "Expected calls", "Cost $", "Share of total"]);
    expect(table).toHaveLength(tree.length + 1);
    const shares = table.slice(1, -1).map((r) => r[3] as number);
    expect(shares.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    const total = table[table.length - 1];
    expect(total[0]).toBe("Total");
    expect(total[2]).toBeCloseTo(evaluate(tree).total, 14);
    expect(total[3]).toBe(1);
  });

  it("prices cached input tokens in the optional 7th column", () => {
    const withCache = evaluate([
      [...HEADER, "Cached input tokens"],
      ["Primary", "", "frontier", 7000, 1000, 1, 4000],
    ]);
    expect(withCache.total).toBeCloseTo((3000 * 3 + 4000 * 0.3 + 1000 * 15) / 1e6, 14);
  });

  it("skips fully blank rows under the tree and resolves parents case-insensitively", () => {
    const result = evaluate([
      HEADER,
      ["A", "", "small", 100, 0, 2],
      ["B", "a", "small", 100, 0, 3],
      ["", "", "", "", "", ""],
      [null, null, null, null, null, null],
    ]);
    expect(costTreeLines(result).map((l) => l.expectedCalls)).toEqual([2, 6]);
  });

  it("a 'cheaper' model with more calls per request can cost more", () => {
    const frontier = evaluate([HEADER, ["Answer", "", "frontier", 2000, 500, 1]]).total;
    const cheap = evaluate([HEADER, ["Answer", "", "small", 2000, 500, 1], ["Self-check", "Answer", "small", 2500, 500, 40]]).total;
    // Per token the small model is 30× cheaper, yet 40 self-check calls per answer make it dearer.
    expect(cheap).toBeGreaterThan(frontier);
  });

  it("evaluates a 10,000-step chain without overflowing the stack", () => {
    const rows: unknown[][] = [HEADER];
    for (let i = 0; i < 10_000; i++) rows.push([`s${i}`, i ? `s${i - 1}` : "", "small", 10, 0, 1]);
    expect(evaluate(rows).total).toBeCloseTo((10_000 * 10 * 0.1) / 1e6, 12);
  });
});

describe("cost tree errors name the row and say what to fix", () => {
  it("cycle", () => {
    const e = calcFailure(() =>
      evaluate([HEADER, ["Root", "", "small", 1, 1, 1], ["A", "B", "small", 1, 1, 1], ["B", "A", "small", 1, 1, 1]]),
    );
    expect(e.kind).toBe("value");
    expect(e.message).toMatch(/^Cost tree row 3 \('A'\): the parent chain loops back on itself \(A → B → A\)/);
  });
  it("self parent", () => {
    expect(calcFailure(() => evaluate([HEADER, ["A", "A", "small", 1, 1, 1]])).message).toMatch(
      /row 2 \('A'\): a step cannot be its own parent/,
    );
  });
  it("unknown parent", () => {
    expect(calcFailure(() => evaluate([HEADER, ["A", "Nope", "small", 1, 1, 1]])).message).toMatch(
      /row 2 \('A'\): parent 'Nope' is not a step/,
    );
  });
  it("duplicate step", () => {
    expect(calcFailure(() => evaluate([HEADER, ["A", "", "small", 1, 1, 1], ["a", "", "small", 1, 1, 1]])).message).toMatch(
      /row 3 \('a'\): duplicate step name \(first used in row 2\)/,
    );
  });
  it("wrong column count", () => {
    expect(
      calcFailure(() =>
        evaluate([
          ["Step", "Parent", "Model"],
          ["A", "", "small"],
        ]),
      ).message,
    ).toMatch(/must have 6 columns .* got 3/);
  });
  it("header only", () => {
    expect(calcFailure(() => evaluate([HEADER])).message).toMatch(/needs a header row and at least one step/);
  });
  it("unknown model keeps #N/A and names the row", () => {
    const e = calcFailure(() => evaluate([HEADER, ["A", "", "mystery", 1, 1, 1]]));
    expect(e.kind).toBe("notAvailable");
    expect(e.message).toBe("Cost tree row 2 ('A'): Unknown model 'mystery' — add it to the price table.");
  });
  it.each([
    [["A", "", "small", -1, 1, 1], /Input tokens cannot be negative/],
    [["A", "", "small", "many", 1, 1], /Input tokens must be a number; got text 'many'/],
    [["A", "", "small", 1, 1, ""], /Calls is required/],
    [["A", "", "small", 1, Number.NaN, 1], /Output tokens must be a finite number/],
    [["A", "", "small", 1, 1, { code: "#DIV/0!" }], /Calls contains an Excel error value/],
    [["", "", "small", 1, 1, 1], /Step name is empty/],
  ])("bad cell %j", (cells, pattern) => {
    expect(calcFailure(() => evaluate([HEADER, cells as unknown[]])).message).toMatch(pattern as RegExp);
  });
  it("cached above input, and cached tokens on a model without a cached price", () => {
    const h7 = [...HEADER, "Cached input tokens"];
    expect(calcFailure(() => evaluate([h7, ["A", "", "small", 10, 1, 1, 11]])).message).toMatch(
      /row 2 \('A'\): cached_input_tokens \(11\) cannot exceed/,
    );
    const e = calcFailure(() => evaluate([h7, ["A", "", "nocache", 10, 1, 1, 5]]));
    expect(e.kind).toBe("notAvailable");
    expect(e.message).toMatch(/row 2 \('A'\): Model 'nocache' has no cached-input price/);
  });
});

describe("row order does not matter", () => {
  it("children listed above their parents give the same counts as parents first", () => {
    const parentsFirst = [
      HEADER,
      ["Root", "", "small", 100, 10, 2],
      ["Mid", "Root", "small", 100, 10, 0.5],
      ["Leaf", "Mid", "frontier", 100, 10, 3],
    ];
    const childrenFirst = [HEADER, parentsFirst[3], parentsFirst[2], parentsFirst[1]];
    const a = evaluate(parentsFirst);
    const b = evaluate(childrenFirst);
    expect(costTreeLines(b).map((l) => [l.step, l.expectedCalls])).toEqual([
      ["Leaf", 3],
      ["Mid", 1],
      ["Root", 2],
    ]);
    expect(b.total).toBeCloseTo(a.total, 15);
  });
  it("a loop listed below a valid tree is still reported", () => {
    const e = calcFailure(() =>
      evaluate([HEADER, ["Root", "", "small", 1, 1, 1], ["X", "Y", "small", 1, 1, 1], ["Y", "X", "small", 1, 1, 1]]),
    );
    expect(e.message).toMatch(/loops back on itself \(X → Y → X\)/);
  });
});

describe("blank rows between steps", () => {
  it("are skipped without leaving phantom steps in the counts or the breakdown", () => {
    const result = evaluate([
      HEADER,
      ["A", "", "small", 100, 0, 2],
      [null, null, null, null, null, null],
      ["B", "A", "small", 100, 0, 3],
      ["", "", "", "", "", ""],
    ]);
    expect(result.expectedCalls).toEqual(new Float64Array([2, 6]));
    expect(result.costs).toHaveLength(2);
    expect(breakdownTable(result)).toHaveLength(4);
  });
});

describe("large trees (the step index is split into partitions above 16,384 steps)", () => {
  const big = (n: number, parentOf: (i: number) => number) => {
    const rows: unknown[][] = [HEADER];
    for (let i = 0; i < n; i++) rows.push([`Step ${i}`, i === 0 ? "" : `step ${parentOf(i)}`, "small", 10, 0, 1]);
    return rows;
  };

  it("resolves parents listed in no particular order, case-insensitively", () => {
    // Parent of i is a pseudo-random earlier step: the listed-neighbour shortcuts miss, the index answers.
    const n = 40_000;
    const parentOf = (i: number) => Math.floor((((i * 7919) % 10007) / 10007) * i);
    const tree = big(n, parentOf);
    tree[1 + 39_999][5] = 0.5; // the last step runs half the time
    const result = evaluate(tree);
    expect([...result.expectedCalls].filter((c) => c !== 1)).toEqual([0.5]);
    expect(result.total).toBeCloseTo(((n - 0.5) * 10 * 0.1) / 1e6, 12);
  });

  it("reports the first duplicate in row order, whichever partition it falls in", () => {
    const rows = big(40_000, (i) => i - 1);
    rows[1 + 39_000][0] = "STEP 20000";
    rows[1 + 35_000][0] = "step 30000";
    expect(calcFailure(() => evaluate(rows)).message).toBe(
      "Cost tree row 35002 ('step 30000'): duplicate step name (first used in row 30002).",
    );
  });
});

describe("per-request fees in the tree", () => {
  it("each expected call pays one request: a 20% retry pays a fifth of a fee", () => {
    const feePrices = new PriceTable([{ ...model("search", 1, 1, null), perThousandRequests: 12 as never }], "2026-01-01");
    const result = evaluateCostTree(
      parseCostTree([HEADER, ["Search", "", "search", 7000, 1000, 2], ["Retry", "Search", "search", 7000, 1000, 0.2]], feePrices),
    );
    const perCall = 0.008 + 0.012;
    // Search runs 2×; its retry 2 × 0.2 = 0.4×.
    expect(result.total).toBeCloseTo(2 * perCall + 0.4 * perCall, 12);
  });
});

describe("provider billing per step (domain §8)", () => {
  // $1.25/$10 up to 200k input tokens, $2.50/$15 above; a 1M-token window.
  const tiered: ModelPrice = {
    ...model("pro", 1.25, 10, 0.125),
    cacheWrite: usd(1.5),
    contextWindow: 1_000_000,
    tiered: true,
    tiers: [{ aboveInputTokens: 200_000 as never, input: usd(2.5), output: usd(15), cachedInput: usd(0.25), cacheWrite: usd(3) }],
  };
  const table = new PriceTable([tiered, model("small", 0.1, 0.4, 0.025)], "2026-01-01");
  const run = (rows: unknown[][]) => evaluateCostTree(parseCostTree(rows, table));
  const WITH_WRITES = [...HEADER, "Cached input tokens", "Cache write tokens"];

  it("each step takes the tier of its own input tokens", () => {
    const result = run([HEADER, ["Short", "", "pro", 100_000, 1000, 1], ["Long", "Short", "pro", 300_000, 1000, 1]]);
    expect([...result.costs]).toEqual([
      expect.closeTo((100_000 * 1.25 + 1000 * 10) / 1e6, 12),
      expect.closeTo((300_000 * 2.5 + 1000 * 15) / 1e6, 12),
    ]);
  });

  it("an optional Cache write tokens column bills writes at the step's cache-write price (input price when none)", () => {
    const result = run([WITH_WRITES, ["Agent", "", "pro", 250_000, 0, 1, 100_000, 50_000], ["Guard", "", "small", 5000, 0, 1, null, 5000]]);
    expect(result.costs[0]).toBeCloseTo((100_000 * 2.5 + 100_000 * 0.25 + 50_000 * 3) / 1e6, 12);
    expect(result.costs[1]).toBeCloseTo((5000 * 0.1) / 1e6, 12);
  });

  it("a step above its model's context window names the row, the model and the window", () => {
    expect(calcFailure(() => run([HEADER, ["Huge", "", "pro", 1_000_000, 5000, 1]])).message).toBe(
      "Cost tree row 2 ('Huge'): 'pro' takes at most 1,000,000 tokens per call (input + output); this call has 1,005,000, which the provider refuses. Use fewer tokens or a model with a larger context window.",
    );
  });

  it("a blended $ per 1M bills cache writes at that price too; 9 columns are refused", () => {
    const result = run([WITH_WRITES, ["Blend", "", 2, 10_000, 0, 1, 0, 5000]]);
    expect(result.total).toBeCloseTo((10_000 * 2) / 1e6, 12);
    expect(
      calcFailure(() =>
        run([
          [...WITH_WRITES, "x"],
          ["a", "", 2, 1, 1, 1, 0, 0, 0],
        ]),
      ).message,
    ).toMatch(/or 8 with Cache write tokens; got 9/);
  });
});
