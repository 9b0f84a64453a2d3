// The state of the price table in the pane and its workbook calls. The price runtime
// (src/runtime/priceRuntime.ts) holds the table, src/workbook/priceWatch.ts loads and follows it, and
// the pane subscribes. Saves and inserts run through src/workbook (the only code that talks to
// Excel), which hands the table written to the runtime: the pane hears of it once, through the
// subscription. Beside the table read, the hook holds what the user is doing with it: the search,
// the row being edited or added, the open tier or time-of-day details, the busy flag and the last
// notice. The view (PriceTable.tsx) only draws this; the hook is tested in jsdom against the mock workbook.
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import type { ModelPrice, PriceTier } from "../../../calc/prices";
import type { TierRow } from "../../../calc/priceLayers";
import { errorText } from "../../../calc/errors";
import { DEFAULT_PRICES_AS_OF } from "../../../data/defaultPrices";
import { resetEdit, validateDraft, type DraftErrors, type PriceDraft, type PriceEdit } from "../../../sheetModel/priceEdits";
import { keyOf, modelKey } from "../../../sheetModel/priceTable";
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
import { strings } from "../../strings";
import type { PriceDetail } from "./PriceFlags";
import { isoDate, oldestAsOf } from "./priceAge";

/* global Excel */

export type PriceTableStatus = "loading" | "ready" | "noExcel";

const NONE: WorkbookPriceTable = NO_PRICE_TABLE;

/** Whether a row answers the search: its model, provider or display name contains the text. */
export function matchesSearch(row: ModelPrice, query: string): boolean {
  const q = query.trim().toLowerCase();
  return !q || [row.model, row.provider, row.displayName ?? ""].some((text) => text.toLowerCase().includes(q));
}

/** `today`: the user's day, for the age of the prices and the date stamped on edits. */
export function usePriceTable(today: Date) {
  const [status, setStatus] = useState<PriceTableStatus>(typeof Excel === "undefined" ? "noExcel" : "loading");
  const [table, setTable] = useState<WorkbookPriceTable>(NONE);
  const [error, setError] = useState<string>();
  const [query, setQuery] = useState("");
  /** The key of the row whose editor is open. */
  const [editing, setEditing] = useState<string>();
  const [adding, setAdding] = useState(false);
  /** The row whose tiers or time-of-day windows are open under it. */
  const [detail, setDetail] = useState<{ key: string; kind: PriceDetail }>();
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<string>();
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
    setNotice(undefined);
    try {
      await saveModelTiers(model, tiers, seen);
      if (alive.current) setNotice(strings.tiersSaved(model));
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

  const filtered = useMemo(() => table.rows.filter((row) => matchesSearch(row, query)), [table.rows, query]);
  /** Rows per model: a model with several is listed once per date, each row saying its date. */
  const rowsPerModel = useMemo(() => {
    const counts = new Map<string, number>();
    for (const row of table.rows) counts.set(modelKey(row), (counts.get(modelKey(row)) ?? 0) + 1);
    return counts;
  }, [table.rows]);

  /** Runs a write; once written, says `done` and closes the editor. */
  const run = async (work: () => Promise<boolean>, done: string) => {
    setBusy(true);
    setNotice(undefined);
    const ok = await work();
    setBusy(false);
    if (ok) {
      setNotice(done);
      setEditing(undefined);
      setAdding(false);
    }
    return ok;
  };

  /** The save of a row's editor (or, without `original`, of a new row): field errors to show, or undefined once accepted. */
  const saveDraft =
    (original: ModelPrice | undefined) =>
    async (draft: PriceDraft): Promise<DraftErrors | undefined> => {
      const checked = validateDraft(draft, table.rows, original, isoDate(today));
      if ("errors" in checked) return checked.errors;
      const edit = original
        ? ({ kind: "update", key: keyOf(original), price: checked.price } as const)
        : ({ kind: "add", price: checked.price } as const);
      await run(() => save([edit]), strings.saved(checked.price.model));
      return undefined;
    };

  /** A row's editor actions: save; back to the bundled price (a user price over a bundled model); delete (a user row). */
  const rowActions = (row: ModelPrice) => {
    const reset = row.source === "user" ? resetEdit(row) : undefined;
    return {
      save: saveDraft(row),
      reset: reset ? () => run(() => save([reset]), strings.reset(row.model)) : undefined,
      remove: row.source === "user" ? () => run(() => save([{ kind: "delete", key: keyOf(row) }]), strings.deleted(row.model)) : undefined,
    };
  };

  return {
    status,
    table,
    error,
    save,
    saveTiers,
    inspect,
    insert,
    /** The date the whole table can be trusted to (the bundled prices' date when the workbook has none). */
    asOf: table.exists ? oldestAsOf(table.rows, "", isoDate(today)) : DEFAULT_PRICES_AS_OF,
    rowsPerModel,
    query,
    setQuery,
    filtered,
    editing,
    adding,
    detail,
    busy,
    notice,
    setNotice,
    startAdd: () => {
      setAdding(true);
      setEditing(undefined);
    },
    cancelAdd: () => setAdding(false),
    /** Opens the row's editor, or closes it when open. */
    toggleEdit: (key: string) => {
      setEditing(editing === key ? undefined : key);
      setAdding(false);
    },
    cancelEdit: () => setEditing(undefined),
    /** Opens a row's tiers or time-of-day windows under it, or closes them when open. */
    toggleDetail: (key: string, kind: PriceDetail) => setDetail(detail?.key === key && detail.kind === kind ? undefined : { key, kind }),
    closeDetail: () => setDetail(undefined),
    addNew: saveDraft(undefined),
    rowActions,
  };
}

export type PriceTableState = ReturnType<typeof usePriceTable>;
