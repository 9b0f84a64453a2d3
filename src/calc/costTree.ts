// The cost tree of domain.md §3: one user action fans out into model calls; a step's expected
// number of runs is the product of the expected calls along its path from the root.
import { invalid, notAvailable, CalcError } from "./errors";
import { callCost, type CallPrices } from "./interaction";
import { messages } from "./messages";
import { resolveModel, type PriceSource } from "./prices";
import type { ExpectedCalls, Fraction, Tokens, Usd, UsdPerInteraction, UsdPerMillionTokens } from "./units";
import { isBlank, isErrorValue, toNonNegative, type CellValue } from "./values";

export const COST_TREE_COLUMNS = [
  "Step",
  "Parent",
  "Model",
  "Input tokens",
  "Output tokens",
  "Calls",
  "Cached input tokens",
] as const;

export interface CostTreeStep {
  readonly name: string;
  /** Blank parent: the step runs once per user action (times its own Calls). */
  readonly parent: string | null;
  readonly prices: CallPrices;
  readonly modelLabel: string;
  readonly input: Tokens;
  readonly output: Tokens;
  readonly cachedInput: Tokens;
  readonly calls: ExpectedCalls;
  /** 1-based row number within the range the user selected (header = row 1), for messages. */
  readonly row: number;
}

export interface CostTreeLine {
  readonly step: string;
  readonly expectedCalls: ExpectedCalls;
  /** Expected $ this step adds to one user action: expected calls × cost of one call. */
  readonly cost: Usd;
  readonly share: Fraction;
}

export interface CostTreeResult {
  readonly total: UsdPerInteraction;
  readonly lines: readonly CostTreeLine[];
}

const text = (value: CellValue): string => (isBlank(value) ? "" : String(value).trim());

/** Reads a range (header row first) into steps, naming the row of the first problem found. */
export function parseCostTree(range: readonly (readonly CellValue[])[], prices: PriceSource): CostTreeStep[] {
  if (range.length < 2) throw invalid(messages.treeTooFewRows());
  const width = range[0].length;
  if (width !== 6 && width !== 7) throw invalid(messages.treeColumns(width));
  const steps: CostTreeStep[] = [];
  for (let i = 1; i < range.length; i++) {
    const cells = range[i];
    const row = i + 1;
    if (cells.every(isBlank)) continue; // users select a few spare rows below the tree
    const errorAt = cells.findIndex(isErrorValue);
    const name = isErrorValue(cells[0]) ? "" : text(cells[0]);
    const fail = (problem: string, cause?: CalcError) =>
      new CalcError(cause?.kind ?? "value", messages.treeRow(row, name, problem));
    if (errorAt >= 0) throw fail(messages.errorValue(COST_TREE_COLUMNS[errorAt]));
    if (!name) throw fail(messages.treeEmptyStep());
    try {
      const parent = text(cells[1]) || null;
      const modelCell = cells[2];
      let callPrices: CallPrices;
      let modelLabel: string;
      if (typeof modelCell === "number") {
        const blended = toNonNegative(modelCell, "Model ($ per 1M tokens)") as UsdPerMillionTokens;
        callPrices = { input: blended, output: blended, cachedInput: blended };
        modelLabel = `$${blended}/1M`;
      } else {
        const model = resolveModel(prices, text(modelCell));
        callPrices = { input: model.input, output: model.output, cachedInput: model.cachedInput };
        modelLabel = model.model;
      }
      const input = toNonNegative(cells[3], "Input tokens") as Tokens;
      const output = toNonNegative(cells[4], "Output tokens") as Tokens;
      const calls = toNonNegative(cells[5], "Calls") as ExpectedCalls;
      const cachedInput = (width === 7 && !isBlank(cells[6]) ? toNonNegative(cells[6], "Cached input tokens") : 0) as Tokens;
      if (cachedInput > input) throw invalid(messages.cachedAboveInput(cachedInput, input));
      if (cachedInput > 0 && callPrices.cachedInput === null) throw notAvailable(messages.noCachedPrice(modelLabel));
      steps.push({ name, parent, prices: callPrices, modelLabel, input, output, cachedInput, calls, row });
    } catch (e) {
      if (e instanceof CalcError) throw fail(e.message, e);
      throw e;
    }
  }
  if (steps.length === 0) throw invalid(messages.treeTooFewRows());
  return steps;
}

/**
 * Expected calls and cost per step. Linear in the number of steps: parents are resolved by a
 * breadth-first walk from the roots, so a deep chain cannot overflow the stack.
 */
export function evaluateCostTree(steps: readonly CostTreeStep[]): CostTreeResult {
  const index = new Map<string, number>();
  const key = (name: string) => name.toLowerCase();
  steps.forEach((step, i) => {
    const k = key(step.name);
    const first = index.get(k);
    if (first !== undefined) {
      throw invalid(messages.treeRow(step.row, step.name, messages.treeDuplicateStep(steps[first].row)));
    }
    index.set(k, i);
  });

  const children: number[][] = steps.map(() => []);
  const queue: number[] = [];
  steps.forEach((step, i) => {
    if (step.parent === null) {
      queue.push(i);
      return;
    }
    const p = index.get(key(step.parent));
    if (p === undefined) throw invalid(messages.treeRow(step.row, step.name, messages.treeUnknownParent(step.parent)));
    if (p === i) throw invalid(messages.treeRow(step.row, step.name, messages.treeSelfParent()));
    children[p].push(i);
  });

  const expected = new Float64Array(steps.length);
  const reached = new Uint8Array(steps.length);
  for (const i of queue) {
    expected[i] = steps[i].calls;
    reached[i] = 1;
  }
  for (let head = 0; head < queue.length; head++) {
    const parent = queue[head];
    for (const child of children[parent]) {
      expected[child] = expected[parent] * steps[child].calls;
      reached[child] = 1;
      queue.push(child);
    }
  }
  const stranded = reached.indexOf(0);
  if (stranded >= 0) throw cycleError(steps, index, stranded);

  const costs = steps.map((step, i) => expected[i] * callCost(step, step.prices));
  const total = costs.reduce((sum, c) => sum + c, 0);
  const lines = steps.map((step, i) => ({
    step: step.name,
    expectedCalls: expected[i] as ExpectedCalls,
    cost: costs[i] as Usd,
    share: (total > 0 ? costs[i] / total : 0) as Fraction,
  }));
  return { total: total as UsdPerInteraction, lines };
}

/** A step never reached from a root sits on (or under) a loop: report the loop itself. */
function cycleError(steps: readonly CostTreeStep[], index: Map<string, number>, start: number): CalcError {
  const seen = new Map<number, number>();
  const path: number[] = [];
  let at = start;
  while (!seen.has(at)) {
    seen.set(at, path.length);
    path.push(at);
    at = index.get(steps[at].parent!.toLowerCase())!;
  }
  const loop = path.slice(seen.get(at)!).map((i) => steps[i].name);
  const first = steps[path[seen.get(at)!]];
  return invalid(messages.treeRow(first.row, first.name, messages.treeCycle([...loop, loop[0]])));
}

/** The breakdown table COSTTREE spills: a header, one line per step, a total row. */
export function breakdownTable(result: CostTreeResult): (string | number)[][] {
  const table: (string | number)[][] = [["Step", "Expected calls", "Cost $", "Share of total"]];
  for (const line of result.lines) table.push([line.step, line.expectedCalls, line.cost, line.share]);
  const totalCalls = result.lines.reduce((sum, l) => sum + l.expectedCalls, 0);
  table.push(["Total", totalCalls, result.total, result.total > 0 ? 1 : 0]);
  return table;
}
