// The functions' runtime keeps the workbook's prices in force, whether or not the pane is ever shown:
// after Office.onReady it reads AIECON_Prices once (functions that need a price wait for that read,
// so no cell is computed with a default the workbook overrides), then follows every change to it.
// Not a React hook: the pane subscribes here (subscribeWorkbookPrices) instead of reading on its own.
import { messages } from "../calc/messages";
import { holdPricesUntil } from "../functions/priceContext";
import { loadWorkbookPricesAtStart, reloadWorkbookPrices, watchPriceTable, type WorkbookPriceTable } from "./prices";

/* global Office, Excel */

export interface PriceTableListener {
  readonly onTable: (table: WorkbookPriceTable) => void;
  readonly onError?: (error: unknown) => void;
}

let started = false;
let watching = false;
let latest: WorkbookPriceTable | undefined;
let latestError: unknown;
const listeners = new Set<PriceTableListener>();

function publish(table: WorkbookPriceTable): void {
  latest = table;
  latestError = undefined;
  for (const l of listeners) l.onTable(table);
}

function publishError(error: unknown): void {
  latestError = error;
  for (const l of listeners) l.onError?.(error);
}

/** The first read (and, after a failed one, each retry a function call asks for). */
async function loadOnce(): Promise<void> {
  const info = await Office.onReady();
  // Outside Excel (a plain browser) there is no workbook: the bundled defaults stay in force.
  if (!info || String(info.host) !== "Excel") {
    publishError(new Error(messages.notInExcel()));
    return;
  }
  try {
    publish(await loadWorkbookPricesAtStart());
  } catch (error) {
    publishError(error);
    throw error;
  }
  if (!watching) {
    watching = true;
    watchPriceTable(publish, publishError).catch((error: unknown) => {
      watching = false;
      publishError(error);
    });
  }
}

/**
 * Starts loading and watching the workbook's prices. Does nothing without Office.js (unit tests,
 * the sharing CLI), where the defaults are in force at once. Safe to call more than once.
 */
export function startPriceRuntime(): void {
  if (started || typeof Office === "undefined" || typeof Excel === "undefined") return;
  started = true;
  void holdPricesUntil(loadOnce);
}

/**
 * The pane's view of the table: called at once with the table already read (if any), then on every
 * change. Returns the function that stops listening.
 */
export function subscribeWorkbookPrices(listener: PriceTableListener): () => void {
  listeners.add(listener);
  if (latest) listener.onTable(latest);
  else if (latestError !== undefined) listener.onError?.(latestError);
  else if (!started) {
    // No runtime started (a pane loaded on its own): read the table for the pane now.
    reloadWorkbookPrices().then(publish, publishError);
  }
  return () => listeners.delete(listener);
}
