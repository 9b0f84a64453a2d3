// The one owner of the prices formulas compute with. It holds the prices in force (the bundled
// defaults until the workbook's tables are applied), the first load that price-dependent functions
// wait for, what was last applied (its fingerprint: an unchanged table recalculates nothing), both
// tables as last read or written, and the workbook's date system; and it tells the pane when the
// table changes. It talks to no host: src/workbook reads and writes the tables through Office.js and
// hands them here, and the custom functions read prices here (withPrices). One instance per add-in
// runtime (priceRuntime), shared by the functions and the pane; src/entry/functions.ts starts it.
import { CalcError, notAvailable } from "../calc/errors";
import { messages } from "../calc/messages";
import { rowsInForce } from "../calc/datedRows";
import { layeredPrices, type RejectedPriceRow, type TierRow } from "../calc/priceLayers";
import { normaliseModelName, type IsoDate, type ModelPrice, type PriceSource } from "../calc/prices";
import { DEFAULT_PRICE_TABLE } from "../data/defaultPrices";
import { keyOf, userRowsFirst, type DateSystem, type RowProblem } from "../sheetModel/priceTable";
import { NO_PRICE_TABLE, type WorkbookPriceTable } from "../sheetModel/priceTables";

export interface PriceTableListener {
  readonly onTable: (table: WorkbookPriceTable) => void;
  readonly onError?: (error: unknown) => void;
}

/** What the functions were last given, and the tables it came from: a failed write puts it back. */
export interface AppliedPrices {
  readonly fingerprint: string;
  readonly rows: readonly ModelPrice[];
  readonly rejected: readonly RejectedPriceRow[];
  readonly tiers: readonly TierRow[];
  readonly pricingDate?: IsoDate;
  readonly table: WorkbookPriceTable;
}

/** The fingerprint of a workbook without tables: what its cells were computed with before the add-in read any. */
const NOTHING_APPLIED: AppliedPrices = {
  fingerprint: JSON.stringify([[], [], [], []]),
  rows: [],
  rejected: [],
  tiers: [],
  table: NO_PRICE_TABLE,
};

/** A short, stable digest of what was applied (the JSON itself can be 100 KB), for the document setting. */
export function priceDigest(fingerprint: string): string {
  let a = 0x811c9dc5;
  let b = 0x9747b28c;
  for (let i = 0; i < fingerprint.length; i++) {
    const c = fingerprint.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
  }
  return `${(a >>> 0).toString(16)}-${(b >>> 0).toString(16)}-${fingerprint.length}`;
}

/** Today in UTC, yyyy-mm-dd: the date whose row stands for a dated model in the table (see calc/priceLayers.ts). */
const today = (): IsoDate => new Date().toISOString().slice(0, 10);

/** Whether a bad row (a price row of that provider and name, or a tier row of that name) holds back `row`. */
const heldBackBy = (problems: readonly RowProblem[]) => (row: ModelPrice) =>
  problems.some(
    (p) =>
      normaliseModelName(p.model) === normaliseModelName(row.model) &&
      (p.provider === undefined || normaliseModelName(p.provider) === normaliseModelName(row.provider)),
  );

export class PriceRuntime {
  private active: PriceSource = DEFAULT_PRICE_TABLE;
  /** The first load of the workbook's table while it runs; undefined once it has finished. */
  private firstLoad: Promise<void> | undefined;
  /** Set when the first load failed: the next function call needing prices tries it again. */
  private failedLoad: (() => Promise<void>) | undefined;
  private applied: AppliedPrices = NOTHING_APPLIED;
  private dates: DateSystem = "1900";
  private isStarted = false;
  private readonly listeners = new Set<PriceTableListener>();
  /** The table the listeners last heard (and its JSON, to tell a change from an echo), and a later error. */
  private latest: { readonly table: WorkbookPriceTable; readonly json: string } | undefined;
  private latestError: unknown;

  // ---- what the functions read ----

  /** The prices in force now. */
  prices(): PriceSource {
    return this.active;
  }

  /**
   * Runs `body` with the prices in force: at once once the workbook's table is loaded, otherwise as a
   * Promise that settles after the load. The declared type stays `T` on purpose: Excel accepts a
   * Promise from any custom function, and the result's declared shape (a number, a spilled matrix)
   * is what functions.json is generated from. `excel()` settles and checks such a Promise.
   */
  withPrices<T>(body: (prices: PriceSource) => T): T {
    if (!this.firstLoad && this.failedLoad) void this.holdUntil(this.failedLoad);
    const waiting = this.firstLoad;
    if (!waiting) return body(this.active);
    return waiting.then(() => body(this.active)) as unknown as T;
  }

  /** True while the functions needing prices wait for the workbook's table. */
  pending(): boolean {
    return this.firstLoad !== undefined;
  }

  // ---- the first load ----

  /**
   * Starts the first load (reading the workbook's table) once; false when already started. Until it
   * finishes, every function that needs a price waits for it.
   */
  start(load: () => Promise<void>): boolean {
    if (this.isStarted) return false;
    this.isStarted = true;
    void this.holdUntil(load);
    return true;
  }

  get started(): boolean {
    return this.isStarted;
  }

  /**
   * Holds every function that needs a price until `load` finishes. When it fails, the waiting cells
   * show #N/A saying so, and the next call needing prices tries again.
   */
  holdUntil(load: () => Promise<void>): Promise<void> {
    this.failedLoad = undefined;
    const attempt: Promise<void> = load().then(
      () => {
        if (this.firstLoad === attempt) this.firstLoad = undefined;
      },
      (error: unknown) => {
        if (this.firstLoad === attempt) this.firstLoad = undefined;
        this.failedLoad = load;
        if (error instanceof CalcError) throw error;
        // Office.js errors are not always instances of this realm's Error: read their message.
        const message = (error as { message?: unknown } | null)?.message;
        const reason = (typeof message === "string" ? message : String(error)).replace(/\s+/g, " ");
        throw notAvailable(messages.pricesUnavailable(reason));
      },
    );
    attempt.catch(() => undefined); // reported through the waiting cells, not as an unhandled rejection
    this.firstLoad = attempt;
    return attempt;
  }

  // ---- the workbook's tables ----

  /**
   * Rows from the workbook's AIECON_Prices table win over the bundled defaults; [] restores them.
   * See layeredPrices for tiers, dated rows and rejected rows. Tests and the example generator set
   * rows this way; the workbook layer goes through apply.
   */
  setWorkbookPrices(
    rows: readonly ModelPrice[],
    rejected: readonly RejectedPriceRow[] = [],
    tiers: readonly TierRow[] = [],
    pricingDate: IsoDate = DEFAULT_PRICE_TABLE.asOf,
  ): void {
    this.active = layeredPrices(rows, tiers, { rejected, defaults: DEFAULT_PRICE_TABLE, pricingDate });
  }

  /**
   * Puts both tables in force; true when that changed what formulas would compute. A model with a bad
   * price row (any of its dates) or a bad tier row is held back whole, so formulas naming it show that
   * row's problem rather than another of its prices.
   */
  apply(table: WorkbookPriceTable, pricingDate: IsoDate = today()): boolean {
    // A tier row for a model the price table does not list is shown in the pane, and holds nothing back.
    const problems = [...table.problems, ...table.tiers.problems].filter((p) => !p.unused);
    const heldBack = heldBackBy(problems);
    const rows = userRowsFirst(table.rows).filter((row) => !heldBack(row));
    const rejected = problems.map(({ model, message }) => ({ model, message }));
    const tiers = table.tiers.rows;
    // The date counts only through the rows it puts in force, so a new day alone recalculates nothing.
    const fingerprint = JSON.stringify([rows, rejected, tiers, rowsInForce(rows, pricingDate).map(keyOf)]);
    const changed = fingerprint !== this.applied.fingerprint;
    this.applied = changed ? { fingerprint, rows, rejected, tiers, pricingDate, table } : { ...this.applied, table };
    if (changed) this.setWorkbookPrices(rows, rejected, tiers, pricingDate);
    return changed;
  }

  /** Both tables as last read or written: a save of price rows keeps the tiers in force, and the reverse. */
  get table(): WorkbookPriceTable {
    return this.applied.table;
  }

  /** What is applied now, to hand back to restore when the write it was applied for fails. */
  snapshot(): AppliedPrices {
    return this.applied;
  }

  restore(before: AppliedPrices): void {
    this.applied = before;
    this.setWorkbookPrices(before.rows, before.rejected, before.tiers, before.pricingDate);
  }

  /** The digest of what is applied, as the workbook's fingerprint setting stores it. */
  appliedDigest(): string {
    return priceDigest(this.applied.fingerprint);
  }

  /** The digest for a workbook whose cells were computed before the add-in read any table. */
  static readonly NOTHING_APPLIED_DIGEST = priceDigest(NOTHING_APPLIED.fingerprint);

  /** For tests: forget what the functions were given (the defaults are in force again). */
  reset(): void {
    this.applied = NOTHING_APPLIED;
    this.setWorkbookPrices([]);
  }

  /** The workbook's date system, read at the first load; "1900" until then (and for hosts without the API). */
  get dateSystem(): DateSystem {
    return this.dates;
  }

  useDateSystem(dateSystem: DateSystem): void {
    this.dates = dateSystem;
  }

  // ---- the pane ----

  /**
   * Tells the listeners about a table read or written. A table equal to the one they last heard
   * (the change event raised by the add-in's own write, read back) is not told again.
   */
  publish(table: WorkbookPriceTable): void {
    const json = JSON.stringify(table);
    if (this.latestError === undefined && this.latest?.json === json) return;
    this.latest = { table, json };
    this.latestError = undefined;
    for (const l of this.listeners) l.onTable(table);
  }

  publishError(error: unknown): void {
    this.latestError = error;
    for (const l of this.listeners) l.onError?.(error);
  }

  /** Whether a table or an error has been published (a new listener is then told at once). */
  hasNews(): boolean {
    return this.latest !== undefined || this.latestError !== undefined;
  }

  /**
   * Called at once with the table already published (else the error, if any), then on every change.
   * Returns the function that stops listening.
   */
  subscribe(listener: PriceTableListener): () => void {
    this.listeners.add(listener);
    if (this.latest) listener.onTable(this.latest.table);
    else if (this.latestError !== undefined) listener.onError?.(this.latestError);
    return () => this.listeners.delete(listener);
  }
}

/** The add-in's one price runtime: the functions and the pane share it (one JavaScript runtime). */
export const priceRuntime = new PriceRuntime();
