// The pane's view of the workbook's price table: loads it on open, follows changes made in the
// sheet, and runs saves and inserts through src/workbook (the only code that talks to Excel).
import { useCallback, useEffect, useRef, useState } from "react";
import type { ModelPrice } from "../../../calc/prices";
import type { PriceEdit } from "../../../workbook/priceEdits";
import {
  insertPriceTable,
  inspectPriceTable,
  reloadWorkbookPrices,
  savePriceEdits,
  watchPriceTable,
  type InsertMode,
  type InsertResult,
  type PriceTablePresence,
  type WorkbookPriceTable,
} from "../../../workbook/prices";

/* global Excel */

export type PriceTableStatus = "loading" | "ready" | "noExcel";

const NONE: WorkbookPriceTable = { exists: false, rows: [], problems: [], missingColumns: [] };

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

export function usePriceTable() {
  const [status, setStatus] = useState<PriceTableStatus>(typeof Excel === "undefined" ? "noExcel" : "loading");
  const [table, setTable] = useState<WorkbookPriceTable>(NONE);
  const [error, setError] = useState<string>();
  const alive = useRef(true);

  useEffect(() => {
    if (typeof Excel === "undefined") return;
    alive.current = true;
    let stop: (() => Promise<void>) | undefined;
    const show = (next: WorkbookPriceTable) => {
      if (!alive.current) return;
      setTable(next);
      setStatus("ready");
    };
    const fail = (e: unknown) => alive.current && setError(messageOf(e));
    // A failed first read still ends loading, so the pane shows the error instead of a spinner.
    reloadWorkbookPrices().then(show, (e) => {
      fail(e);
      if (alive.current) setStatus("ready");
    });
    watchPriceTable(show, fail).then((s) => (stop = s), fail);
    return () => {
      alive.current = false;
      void stop?.();
    };
  }, []);

  /** Saves edits; resolves true when written, false (with `error` set) when refused. */
  const save = useCallback(async (edits: readonly PriceEdit[]): Promise<boolean> => {
    setError(undefined);
    try {
      const next = await savePriceEdits(edits);
      if (alive.current) setTable(next);
      return true;
    } catch (e) {
      if (alive.current) setError(messageOf(e));
      return false;
    }
  }, []);

  const inspect = useCallback(async (): Promise<PriceTablePresence | undefined> => {
    setError(undefined);
    try {
      return await inspectPriceTable();
    } catch (e) {
      setError(messageOf(e));
      return undefined;
    }
  }, []);

  const insert = useCallback(
    async (rows: readonly ModelPrice[], mode: InsertMode, onProgress: (done: number, total: number) => void): Promise<InsertResult | undefined> => {
      setError(undefined);
      try {
        const result = await insertPriceTable(rows, { mode, onProgress });
        if (result.status !== "refused" && alive.current) setTable(result.table);
        return result;
      } catch (e) {
        if (alive.current) setError(messageOf(e));
        return undefined;
      }
    },
    [],
  );

  return { status, table, error, setError, save, inspect, insert };
}
