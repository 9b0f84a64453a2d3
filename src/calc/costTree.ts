// The cost tree of domain.md §3: one user action fans out into model calls; a step's expected
// number of runs is the product of the expected calls along its path from the root.
import { invalid, CalcError } from "./errors";
import { callCost, type CallPrices } from "./interaction";
import { messages } from "./messages";
import { modelPriceOn } from "./billing";
import type { IsoDate, PriceSource } from "./prices";
import type { ExpectedCalls, Fraction, Tokens, Usd, UsdPerInteraction, UsdPerMillionTokens } from "./units";
import { isBlank, isBlankOrZero, isErrorValue, textOf, toNonNegative, unwrap, type CellValue } from "./values";

export const COST_TREE_COLUMNS = [
  "Step",
  "Parent",
  "Model",
  "Input tokens",
  "Output tokens",
  "Calls",
  "Cached input tokens",
  "Cache write tokens",
] as const;

/**
 * The parsed steps, one array per field: a tree can have 100,000 steps, and a recalculation should
 * not allocate an object per step. Each call's cost is computed while parsing, so evaluation only
 * propagates expected counts.
 */
export interface CostTreeSteps {
  readonly count: number;
  readonly names: readonly string[];
  /** Blank parent (null): the step runs once per user action (times its own Calls). */
  readonly parents: readonly (string | null)[];
  /** 1-based row number within the range the user selected (header = row 1), for messages. */
  readonly rows: Int32Array;
  /** Expected runs each time the parent runs (1 = always, 0.2 = a 20% retry). */
  readonly calls: Float64Array;
  /** $ of one run of the step: uncached input + cached input + output at the step's prices. */
  readonly costPerCall: Float64Array;
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
  readonly steps: CostTreeSteps;
  /** Per step, in the order of `steps`: expected runs per user action, and expected $ per user action. */
  readonly expectedCalls: Float64Array;
  readonly costs: Float64Array;
}

/** One line per step; built only when asked for, since "total" needs none of them. */
export function costTreeLines(result: CostTreeResult): CostTreeLine[] {
  const { steps, expectedCalls, costs, total } = result;
  return steps.names.map((name, i) => ({
    step: name,
    expectedCalls: expectedCalls[i] as ExpectedCalls,
    cost: costs[i] as Usd,
    share: (total > 0 ? costs[i] / total : 0) as Fraction,
  }));
}

const text = textOf;

/** Step names match case-insensitively; most are already lower case, so skip the copy then. */
function foldCase(name: string): string {
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    if ((c >= 65 && c <= 90) || c > 127) return name.toLowerCase();
  }
  return name;
}

/**
 * Step name → step number, as an open-addressing hash table in typed arrays. A Map of 100,000
 * strings costs a cache miss per look-up and leaves the collector 100,000 entries to trace; two flat
 * integer arrays do neither, which keeps a 100,000-step tree at ten times the cost of a 10,000-step one.
 */
/**
 * Work arrays that never leave evaluateCostTree, kept between calls: at 100,000 steps, allocating
 * them afresh on every recalculation is megabytes of garbage that the collector must chase, and it
 * made large trees cost more per step than small ones. Calls never overlap (JavaScript runs one
 * function at a time), so one set serves all.
 */
const scratch = {
  slotBuffer: new Int32Array(0),
  parentBuffer: new Int32Array(0),
  /** A zeroed view of `length` entries. */
  slots(length: number): Int32Array {
    if (this.slotBuffer.length < length) this.slotBuffer = new Int32Array(length);
    const view = this.slotBuffer.subarray(0, length);
    view.fill(0);
    return view;
  },
  /** A view of `length` entries, all -1 (no parent). */
  parents(length: number): Int32Array {
    if (this.parentBuffer.length < length) this.parentBuffer = new Int32Array(length);
    const view = this.parentBuffer.subarray(0, length);
    view.fill(-1);
    return view;
  },
};

class StepIndex {
  /** Pairs of [hash, step number + 1] (0 = empty): a probe reads both from one cache line. */
  private readonly slots: Int32Array;
  private readonly mask: number;

  constructor(
    count: number,
    /** The key a step is held under (its case-folded name), read only when hashes match. */
    private readonly keyOf: (step: number) => string,
  ) {
    let size = 16;
    while (size < count * 2) size *= 2;
    this.slots = scratch.slots(size * 2);
    this.mask = size - 1;
  }

  /** Records `key` for step `step`; returns the step that already holds it, or -1. */
  add(key: string, step: number): number {
    const hash = hashOf(key);
    let slot = hash & this.mask;
    for (;;) {
      const held = this.slots[2 * slot + 1] - 1;
      if (held < 0) break;
      if (this.slots[2 * slot] === hash && this.keyOf(held) === key) return held;
      slot = (slot + 1) & this.mask;
    }
    this.slots[2 * slot] = hash;
    this.slots[2 * slot + 1] = step + 1;
    return -1;
  }

  /** The step holding `key`, or -1. */
  get(key: string): number {
    const hash = hashOf(key);
    let slot = hash & this.mask;
    for (;;) {
      const held = this.slots[2 * slot + 1] - 1;
      if (held < 0) return -1;
      if (this.slots[2 * slot] === hash && this.keyOf(held) === key) return held;
      slot = (slot + 1) & this.mask;
    }
  }
}

/** FNV-1a over UTF-16 code units, mixed so that the low bits (the slot) depend on every character. */
function hashOf(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
  h ^= h >>> 15;
  return Math.imul(h, 0x2c1b3c6d) ^ (h >>> 12);
}

/** Writable columns of CostTreeSteps while parsing. */
interface StepColumns {
  names: string[];
  parents: (string | null)[];
  calls: Float64Array;
  costPerCall: Float64Array;
}

/** Parses one row into column k of `out` (no object per row: a tree can have 100,000 of them). */
function parseStep(
  cells: readonly CellValue[],
  width: number,
  prices: PriceSource,
  out: StepColumns,
  k: number,
  date: IsoDate | undefined,
): void {
  const errorAt = cells.findIndex(isErrorValue);
  if (errorAt >= 0) throw invalid(messages.errorValue(COST_TREE_COLUMNS[errorAt]));
  const name = text(cells[0]);
  if (!name) throw invalid(messages.treeEmptyStep());
  const parent = text(cells[1]) || null;
  const modelCell = unwrap(cells[2]);
  let callPrices: CallPrices;
  let modelLabel: string;
  if (typeof modelCell === "number" && modelCell !== 0) {
    const blended = toNonNegative(modelCell, "Model ($ per 1M tokens)") as UsdPerMillionTokens;
    callPrices = { input: blended, output: blended, cachedInput: blended, cacheWrite: blended };
    modelLabel = `$${blended}/1M`;
  } else {
    // A ModelPrice in force carries its rates, tiers and context window itself: no copy per row.
    const model = modelPriceOn(prices, text(modelCell), date);
    callPrices = model;
    modelLabel = model.model;
  }
  const input = toNonNegative(cells[3], "Input tokens") as Tokens;
  const output = toNonNegative(cells[4], "Output tokens") as Tokens;
  const calls = toNonNegative(cells[5], "Calls");
  const cachedInput = (width >= 7 && !isBlank(cells[6]) ? toNonNegative(cells[6], "Cached input tokens") : 0) as Tokens;
  const cacheWrite = (width === 8 && !isBlank(cells[7]) ? toNonNegative(cells[7], "Cache write tokens") : 0) as Tokens;
  // The tier is chosen by this step's own input tokens, inside callCost.
  out.costPerCall[k] = callCost({ input, output, cachedInput, cacheWrite }, callPrices, modelLabel);
  out.names[k] = name;
  out.parents[k] = parent;
  out.calls[k] = calls;
}

/**
 * Reads a range (header row first) into steps, naming the row of the first problem found. Named
 * models are priced as in force on `date` (default: the prices' own as-of date, as modelPriceOn).
 */
export function parseCostTree(range: readonly (readonly CellValue[])[], prices: PriceSource, date?: IsoDate): CostTreeSteps {
  if (range.length < 2) throw invalid(messages.treeTooFewRows());
  const width = range[0].length;
  if (width < 6 || width > 8) throw invalid(messages.treeColumns(width));
  const capacity = range.length - 1;
  const out: StepColumns = {
    names: new Array<string>(capacity),
    parents: new Array<string | null>(capacity),
    calls: new Float64Array(capacity),
    costPerCall: new Float64Array(capacity),
  };
  const rows = new Int32Array(capacity);
  let count = 0;
  for (let i = 1; i < range.length; i++) {
    const cells = range[i];
    // Users select a few spare rows below the tree; Excel desktop hands their empty cells over as 0.
    if (cells.every(isBlankOrZero)) continue;
    try {
      parseStep(cells, width, prices, out, count, date);
    } catch (e) {
      if (!(e instanceof CalcError)) throw e;
      const name = isErrorValue(cells[0]) ? "" : text(cells[0]);
      throw new CalcError(e.kind, messages.treeRow(i + 1, name, e.message));
    }
    rows[count++] = i + 1;
  }
  if (count === 0) throw invalid(messages.treeTooFewRows());
  const { names, parents, calls, costPerCall } = out;
  names.length = count;
  parents.length = count;
  // Blank rows leave spare capacity: views of the first `count` entries, no copy.
  return {
    count,
    names,
    parents,
    rows: rows.subarray(0, count),
    calls: calls.subarray(0, count),
    costPerCall: costPerCall.subarray(0, count),
  };
}

/** Expected calls and cost per step, in time linear in the number of steps. */
export function evaluateCostTree(steps: CostTreeSteps): CostTreeResult {
  const { count: n, names, parents, rows } = steps;
  const index = new StepIndex(n, (step) => foldCase(names[step]));
  for (let i = 0; i < n; i++) {
    const first = index.add(foldCase(names[i]), i);
    if (first >= 0) throw invalid(messages.treeRow(rows[i], names[i], messages.treeDuplicateStep(rows[first])));
  }

  const parentOf = scratch.parents(n);
  // Trees are usually listed breadth-first (a parent's children together, groups in parent order)
  // or depth-first (a child right under its parent): try those neighbours before hashing, which at
  // 100,000 steps costs a cache miss per look-up.
  let lastParent = -1;
  let parentsFirst = true;
  for (let i = 0; i < n; i++) {
    const parentName = parents[i];
    if (parentName === null) continue;
    let p: number;
    if (lastParent >= 0 && names[lastParent] === parentName) p = lastParent;
    else if (i > 0 && names[i - 1] === parentName) p = i - 1;
    else if (lastParent + 1 < n && names[lastParent + 1] === parentName) p = lastParent + 1;
    else p = index.get(foldCase(parentName));
    if (p < 0) throw invalid(messages.treeRow(rows[i], names[i], messages.treeUnknownParent(parentName)));
    if (p === i) throw invalid(messages.treeRow(rows[i], names[i], messages.treeSelfParent()));
    lastParent = p;
    parentOf[i] = p;
    if (p > i) parentsFirst = false;
  }

  const expected = parentsFirst ? expectedInRowOrder(steps.calls, parentOf) : expectedBreadthFirst(steps, parentOf);
  const costs = new Float64Array(n);
  let total = 0;
  for (let i = 0; i < n; i++) {
    costs[i] = expected[i] * steps.costPerCall[i];
    total += costs[i];
  }
  return { total: total as UsdPerInteraction, steps, expectedCalls: expected, costs };
}

/** Every parent precedes its children: each count is its parent's (already final) count × Calls. */
function expectedInRowOrder(calls: Float64Array, parentOf: Int32Array): Float64Array {
  const expected = new Float64Array(calls.length);
  for (let i = 0; i < calls.length; i++) {
    const p = parentOf[i];
    expected[i] = p < 0 ? calls[i] : expected[p] * calls[i];
  }
  return expected;
}

/**
 * Any order: a breadth-first walk from the roots over a flat child list (counting sort by parent),
 * so a deep chain cannot overflow the stack. A step never reached sits on a loop.
 */
function expectedBreadthFirst(steps: CostTreeSteps, parentOf: Int32Array): Float64Array {
  const n = steps.count;
  const firstChild = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) if (parentOf[i] >= 0) firstChild[parentOf[i] + 1]++;
  for (let i = 1; i <= n; i++) firstChild[i] += firstChild[i - 1];
  const children = new Int32Array(n);
  const fill = firstChild.slice(0, n);
  for (let i = 0; i < n; i++) if (parentOf[i] >= 0) children[fill[parentOf[i]]++] = i;

  const expected = new Float64Array(n);
  const queue = new Int32Array(n);
  let tail = 0;
  for (let i = 0; i < n; i++) {
    if (parentOf[i] < 0) {
      expected[i] = steps.calls[i];
      queue[tail++] = i;
    }
  }
  for (let head = 0; head < tail; head++) {
    const parent = queue[head];
    for (let c = firstChild[parent]; c < firstChild[parent + 1]; c++) {
      const child = children[c];
      expected[child] = expected[parent] * steps.calls[child];
      queue[tail++] = child;
    }
  }
  if (tail < n) {
    const reached = new Uint8Array(n);
    for (let q = 0; q < tail; q++) reached[queue[q]] = 1;
    throw cycleError(steps, parentOf, reached.indexOf(0));
  }
  return expected;
}

/** A step never reached from a root sits on (or under) a loop: report the loop itself. */
function cycleError(steps: CostTreeSteps, parentOf: Int32Array, start: number): CalcError {
  const seen = new Map<number, number>();
  const path: number[] = [];
  let at = start;
  while (!seen.has(at)) {
    seen.set(at, path.length);
    path.push(at);
    at = parentOf[at];
  }
  const loop = path.slice(seen.get(at)!).map((i) => steps.names[i]);
  const first = path[seen.get(at)!];
  return invalid(messages.treeRow(steps.rows[first], steps.names[first], messages.treeCycle(loop)));
}

/** The breakdown table COSTTREE spills: a header, one line per step, a total row. */
export function breakdownTable(result: CostTreeResult): (string | number)[][] {
  const table: (string | number)[][] = [["Step", "Expected calls", "Cost $", "Share of total"]];
  const lines = costTreeLines(result);
  for (const line of lines) table.push([line.step, line.expectedCalls, line.cost, line.share]);
  const totalCalls = lines.reduce((sum, l) => sum + l.expectedCalls, 0);
  table.push(["Total", totalCalls, result.total, result.total > 0 ? 1 : 0]);
  return table;
}
