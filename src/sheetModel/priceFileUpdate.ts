// "Update from a price file…": a genai-prices data file the user picked (the dataset's published
// JSON, same schema as the pinned package), compared with the workbook's price table. Pure: what
// would change is worked out here; the pane shows it and saves only what the user accepts, as
// ordinary price edits (two syncs, see savePriceEdits). User rows are never touched.
import type { ModelPrice } from "../calc/prices";
import { rowsInForce } from "../calc/datedRows";
import { messages } from "../calc/messages";
import type { UsdPerMillionTokens, UsdPerThousandRequests } from "../calc/units";
import { convertDataset, datasetProblem, type DatasetRow } from "../data/genaiPrices";
import type { PriceEdit } from "./priceEdits";
import { keyOf, modelKey, priceRow, rowKey } from "./priceTable";

/** The prices an update compares and writes. */
export const UPDATED_FIELDS = ["input", "output", "cachedInput", "cacheWrite", "perThousandRequests"] as const;
export type UpdatedField = (typeof UPDATED_FIELDS)[number];

export interface PriceChange {
  /** rowKey of the table row. */
  readonly key: string;
  readonly before: ModelPrice;
  readonly after: ModelPrice;
  /** The fields whose price differs. */
  readonly fields: readonly UpdatedField[];
}

export interface PriceFileUpdate {
  /** Bundled-source rows of the table whose prices the file changes. */
  readonly changes: readonly PriceChange[];
  /** Models the file lists, of providers the table already holds, that the table lacks. */
  readonly newModels: readonly ModelPrice[];
  /** Bundled-source rows the file prices exactly as the table does. */
  readonly unchanged: number;
  /** User rows, left alone. */
  readonly userRows: number;
  readonly asOf: string;
}

/** A file that is not a genai-prices data set: the reason, in the pane's words. */
export interface PriceFileRefusal {
  readonly problem: string;
}

function toModelPrice(row: DatasetRow, asOf: string): ModelPrice {
  return priceRow(
    row.id,
    row.provider,
    {
      input: row.input as UsdPerMillionTokens,
      output: row.output as UsdPerMillionTokens,
      cachedInput: row.cachedInput as UsdPerMillionTokens | null,
      cacheWrite: row.cacheWrite as UsdPerMillionTokens | null,
      perThousandRequests: row.perThousandRequests as UsdPerThousandRequests | null,
      contextWindow: row.contextWindow,
    },
    asOf,
    "default",
  );
}

/**
 * What the file would change in the table. `asOf` is the date the file's prices are taken to be in
 * force (the file's own date); time-of-day conditions and dated changes are applied as of then.
 */
export function planPriceFileUpdate(text: string, table: readonly ModelPrice[], asOf: string): PriceFileUpdate | PriceFileRefusal {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return { problem: messages.priceFileNotJson() };
  }
  const problem = datasetProblem(data);
  if (problem) return { problem: messages.priceFileNotDataset(problem) };
  const converted = convertDataset(data, asOf);
  const fromFile = new Map(converted.rows.map((row) => [rowKey(row.provider, row.id), row]));
  const changes: PriceChange[] = [];
  let unchanged = 0;
  let userRows = 0;
  const inTable = new Set<string>();
  // A model's row in force on the file's date is the one it updates: its other dated rows are its
  // history and announced changes, which the file does not list.
  const inForce = new Set(rowsInForce(table, asOf));
  for (const before of table) {
    inTable.add(modelKey(before));
    if (before.source === "user") {
      userRows++;
      continue;
    }
    if (!inForce.has(before)) continue;
    const row = fromFile.get(modelKey(before));
    if (!row) continue;
    const after = toModelPrice(row, asOf);
    const fields = UPDATED_FIELDS.filter((f) => (before[f] ?? null) !== (after[f] ?? null));
    if (fields.length)
      changes.push({ key: keyOf(before), before, after: { ...after, contextWindow: after.contextWindow ?? before.contextWindow }, fields });
    else unchanged++;
  }
  const providers = new Set(table.map((r) => r.provider.toLowerCase()));
  const newModels = converted.rows
    .filter((row) => providers.has(row.provider.toLowerCase()) && !inTable.has(rowKey(row.provider, row.id)))
    .map((row) => toModelPrice(row, asOf));
  return { changes, newModels, unchanged, userRows, asOf };
}

/** The edits for what the user accepted: chosen price changes (by key) and, if chosen, the new models. */
export function acceptedEdits(update: PriceFileUpdate, acceptedKeys: ReadonlySet<string>, addNewModels: boolean): PriceEdit[] {
  return [
    ...update.changes.filter((c) => acceptedKeys.has(c.key)).map((c): PriceEdit => ({ kind: "update", key: c.key, price: c.after })),
    ...(addNewModels ? update.newModels.map((price): PriceEdit => ({ kind: "add", price })) : []),
  ];
}
