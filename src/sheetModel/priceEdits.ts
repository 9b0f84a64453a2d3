// Changes the pane makes to the price table, and the checks that refuse a bad one before anything
// is written. Pure, so the same rules are tested without Excel and reused by the save.
import { normaliseModelName, type ModelPrice } from "../calc/prices";
import { messages } from "../calc/messages";
import { optionalDate } from "../calc/values";
import { CUSTOM_PROVIDER, PRICE_COLUMNS, datedRowKey, defaultFor, keyOf, modelKey, parsePriceFields, priceRow, rowKey } from "./priceTable";

/** `key` is rowKey() of the row as the pane read it (before a rename). */
export type PriceEdit =
  | { readonly kind: "update"; readonly key: string; readonly price: ModelPrice }
  | { readonly kind: "add"; readonly price: ModelPrice }
  | { readonly kind: "delete"; readonly key: string };

/** What the user typed in the pane: text, checked by validateDraft. */
export interface PriceDraft {
  model: string;
  provider: string;
  input: string;
  output: string;
  cachedInput: string;
  cacheWrite: string;
  perThousandRequests: string;
  contextWindow: string;
  /** When adding: the date the price applies from (yyyy-mm-dd); blank = today. */
  asOf: string;
}

export type DraftErrors = Partial<Record<keyof PriceDraft, string>>;

const cellText = (value: number | null | undefined): string => (value === null || value === undefined ? "" : String(value));

export function draftOf(price: ModelPrice): PriceDraft {
  return {
    model: price.model,
    provider: price.provider,
    input: cellText(price.input),
    output: cellText(price.output),
    cachedInput: cellText(price.cachedInput),
    cacheWrite: cellText(price.cacheWrite),
    perThousandRequests: cellText(price.perThousandRequests),
    contextWindow: cellText(price.contextWindow),
    asOf: price.asOf,
  };
}

export const EMPTY_DRAFT: PriceDraft = {
  model: "",
  provider: "",
  input: "",
  output: "",
  cachedInput: "",
  cacheWrite: "",
  perThousandRequests: "",
  contextWindow: "",
  asOf: "",
};

/**
 * Checks a draft against the table. `original` is the row being edited (undefined when adding);
 * `asOf` is today's ISO date, stamped on the saved row — except on one of a model's several dated
 * rows, or a row dated later (an announced change), which keeps its date. A model may hold one row
 * per date. A saved edit is always a user row.
 */
export function validateDraft(
  draft: PriceDraft,
  table: readonly ModelPrice[],
  original: ModelPrice | undefined,
  asOf: string,
): { price: ModelPrice } | { errors: DraftErrors } {
  const errors: DraftErrors = {};
  const model = draft.model.trim();
  const provider = draft.provider.trim() || CUSTOM_PROVIDER;
  const others = table.filter((row) => row !== original);
  const dated = original && (original.asOf > asOf || others.some((row) => modelKey(row) === modelKey(original)));
  // A new row may be dated (a price from that date: history or an announced change); blank is today.
  let typedDate: string | undefined;
  if (!original) {
    try {
      typedDate = optionalDate(draft.asOf, PRICE_COLUMNS.asOf);
    } catch (error) {
      errors.asOf = (error as Error).message;
    }
  }
  const date = original ? (dated ? original.asOf : asOf) : (typedDate ?? asOf);
  if (!model) errors.model = messages.modelNameEmpty();
  else if (!original && !typedDate && others.some((row) => modelKey(row) === rowKey(provider, model))) {
    // Without a date, adding a model the table has is a mistake, not a dated price.
    errors.model = messages.modelNameDuplicate(model, provider);
  } else if (others.some((row) => keyOf(row) === datedRowKey(provider, model, date))) {
    errors.model = messages.modelDateDuplicate(model, provider, date);
  } else if (
    others.some(
      (row) =>
        row.source === "user" && normaliseModelName(row.model) === normaliseModelName(model) && modelKey(row) !== rowKey(provider, model),
    )
  ) {
    // Two user rows of one name would make a formula's answer depend on row order.
    errors.model = messages.modelNameDuplicateUser(model);
  }
  const parsed = parsePriceFields(draft);
  if ("errors" in parsed) Object.assign(errors, parsed.errors);
  if ("errors" in parsed || Object.keys(errors).length > 0) return { errors };
  return { price: priceRow(model, provider, parsed.fields, date, "user") };
}

/** The edit that puts a row back to its bundled default, or undefined when it has none. */
export function resetEdit(row: ModelPrice): PriceEdit | undefined {
  const base = defaultFor(row.provider, row.model);
  return base ? { kind: "update", key: keyOf(row), price: base } : undefined;
}

/** The table after edits, rows in table order (updates in place, deletes removed, adds appended). */
export function applyEdits(rows: readonly ModelPrice[], edits: readonly PriceEdit[]): ModelPrice[] {
  const updates = new Map<string, ModelPrice>();
  const deletes = new Set<string>();
  const adds: ModelPrice[] = [];
  for (const edit of edits) {
    if (edit.kind === "update") updates.set(edit.key, edit.price);
    else if (edit.kind === "delete") deletes.add(edit.key);
    else adds.push(edit.price);
  }
  return [...rows.filter((row) => !deletes.has(keyOf(row))).map((row) => updates.get(keyOf(row)) ?? row), ...adds];
}
