// Keeps the workbook's prices in force, whether or not the pane is ever shown: after Office.onReady
// it reads AIECON_Prices once into the price runtime (functions that need a price wait for that
// read, so no cell is computed with a default the workbook overrides), then follows every change to
// it. Started by src/entry/functions.ts, never by importing this file. Not a React hook: the pane
// subscribes here (subscribeWorkbookPrices) instead of reading on its own.
import { messages } from "../calc/messages";
import { priceRuntime, type PriceTableListener } from "../runtime/priceRuntime";
import { loadWorkbookPricesAtStart, reloadWorkbookPrices, watchPriceTable } from "./prices";

/* global Office, Excel */

/**
 * Starts loading and watching the workbook's prices. Does nothing without Office.js (unit tests,
 * a plain browser), where the defaults are in force at once. Safe to call more than once.
 */
export function startPriceRuntime(): void {
  if (priceRuntime.started || typeof Office === "undefined" || typeof Excel === "undefined") return;
  let watching = false;
  /** The first read (and, after a failed one, each retry a function call asks for). */
  const loadOnce = async (): Promise<void> => {
    const info = await Office.onReady();
    // Outside Excel (a plain browser) there is no workbook: the bundled defaults stay in force.
    if (!info || String(info.host) !== "Excel") {
      priceRuntime.publishError(new Error(messages.notInExcel()));
      return;
    }
    try {
      await loadWorkbookPricesAtStart(); // publishes the table it read
    } catch (error) {
      priceRuntime.publishError(error);
      throw error;
    }
    if (!watching) {
      watching = true;
      const publishError = (error: unknown) => priceRuntime.publishError(error);
      // Each reload publishes the table it read; the runtime tells the pane only of a changed one.
      watchPriceTable(() => undefined, publishError).catch((error: unknown) => {
        watching = false;
        publishError(error);
      });
    }
  };
  priceRuntime.start(loadOnce);
}

/**
 * The pane's view of the table: called at once with the table already read (if any), then on every
 * change. Returns the function that stops listening.
 */
export function subscribeWorkbookPrices(listener: PriceTableListener): () => void {
  const stop = priceRuntime.subscribe(listener);
  if (!priceRuntime.hasNews() && !priceRuntime.started) {
    // No runtime started (a pane loaded on its own): read the table for the pane now.
    reloadWorkbookPrices().catch((error: unknown) => priceRuntime.publishError(error));
  }
  return stop;
}
