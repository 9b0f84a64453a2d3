// The pane's view of the workbook's price table: the price runtime (src/runtime/priceRuntime.ts)
// holds it, src/workbook/priceWatch.ts loads and follows it, and the pane subscribes. Saves and
// inserts run through src/workbook (the only code that talks to Excel), which hands the table
// written to the runtime: the pane hears of it once, through the subscription.
import { useCallback, useEffect, useRef, useState } from "react";
import type { ModelPrice, PriceTier } from "../../../calc/prices";
import type { TierRow } from "../../../calc/priceLayers";
import type { PriceEdit } from "../../../sheetModel/priceEdits";
import { NO_PRICE_TABLE, type WorkbookPriceTable } from "../../../sheetModel/priceTables";
import { subscribeWorkbookPrices } from "../../../workbook/priceWatch";
import {
  insertPriceTable,
  inspectPriceTable,
  saveModelTiers,
  savePriceEdits,
  type InsertMode,
  type InsertResult,
  type PriceTablePresence,
} from "../../../workbook/prices";
import { errorText } from "../../../calc/errors";

/* global Excel */

export type PriceTableStatus = "loading" | "ready" | "noExcel";

const NONE: WorkbookPriceTable = NO_PRICE_TABLE;

export function usePriceTable() {
  const [status, setStatus] = useState<PriceTableStatus>(typeof Excel === "undefined" ? "noExcel" : "loading");
  const [table, setTable] = useState<WorkbookPriceTable>(NONE);
  const [error, setError] = useState<string>();
  const alive = useRef(true);

  useEffect(() => {
    if (typeof Excel === "undefined") return;
    alive.current = true;
    const stop = subscribeWorkbookPrices({
      onTable: (next) => {
        if (!alive.current) return;
        setTable(next);
        setStatus("ready");
      },
      // A failed read still ends loading, so the pane shows the error instead of a spinner.
      onError: (e) => {
        if (!alive.current) return;
        setError(errorText(e));
        setStatus("ready");
      },
    });
    return () => {
      alive.current = false;
      stop();
    };
  }, []);

  /** Saves edits; resolves true when written, false (with `error` set) when refused. */
  const save = useCallback(async (edits: readonly PriceEdit[]): Promise<boolean> => {
    setError(undefined);
    try {
      await savePriceEdits(edits);
      return true;
    } catch (e) {
      if (alive.current) setError(errorText(e));
      return false;
    }
  }, []);

  /** Saves a model's tiers; resolves true when written, false (with `error` set) when refused. */
  const saveTiers = useCallback(async (model: string, tiers: readonly PriceTier[], seen: readonly TierRow[]): Promise<boolean> => {
    setError(undefined);
    try {
      await saveModelTiers(model, tiers, seen);
      return true;
    } catch (e) {
      if (alive.current) setError(errorText(e));
      return false;
    }
  }, []);

  const inspect = useCallback(async (): Promise<PriceTablePresence | undefined> => {
    setError(undefined);
    try {
      return await inspectPriceTable();
    } catch (e) {
      setError(errorText(e));
      return undefined;
    }
  }, []);

  const insert = useCallback(
    async (
      rows: readonly ModelPrice[],
      mode: InsertMode,
      onProgress: (done: number, total: number) => void,
    ): Promise<InsertResult | undefined> => {
      setError(undefined);
      try {
        return await insertPriceTable(rows, { mode, onProgress });
      } catch (e) {
        if (alive.current) setError(errorText(e));
        return undefined;
      }
    },
    [],
  );

  return { status, table, error, setError, save, saveTiers, inspect, insert };
}
