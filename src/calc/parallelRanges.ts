// Functions such as BLENDEDPRICE and USERMIX take several ranges that describe the same list
// (one model or segment per cell). Here they are lined up entry by entry, whatever their shape
// (a row and a column of the same length pair up), and spare blank entries are dropped.
import { invalid } from "./errors";
import { messages } from "./messages";
import { isBlank, isBlankOrZero, isErrorValue, type CellValue } from "./values";

export type RangeArg = CellValue | readonly (readonly CellValue[])[];

/** A range (2-D array, row by row) or a single value, as a flat list. */
export function flatten(range: RangeArg): CellValue[] {
  if (Array.isArray(range)) return (range as readonly (readonly CellValue[])[]).flat();
  return [range];
}

export interface ParallelEntry {
  /** 1-based position in the ranges, for messages. */
  readonly index: number;
  readonly cells: readonly CellValue[];
}

/**
 * Entries across parallel ranges. All ranges must hold the same number of cells; an entry blank
 * in every range is skipped (users select spare rows), one blank in only some ranges is an error.
 */
export function parallelEntries(ranges: readonly RangeArg[], names: readonly string[]): ParallelEntry[] {
  const lists = ranges.map(flatten);
  for (let i = 1; i < lists.length; i++) {
    if (lists[i].length !== lists[0].length) {
      throw invalid(messages.sameLength(names[0], lists[0].length, names[i], lists[i].length));
    }
  }
  const entries: ParallelEntry[] = [];
  for (let k = 0; k < lists[0].length; k++) {
    const cells = lists.map((list) => list[k]);
    // A spare entry: blank everywhere, or 0 everywhere (Excel desktop hands empty cells over as 0).
    if (cells.every((c) => isBlankOrZero(c) && !isErrorValue(c))) continue;
    const blank = cells.map((c) => isBlank(c) && !isErrorValue(c));
    const missing = blank.findIndex(Boolean);
    if (missing >= 0) {
      const others = names.filter((_, i) => !blank[i]).join(" and ");
      throw invalid(messages.rowMissing(k + 1, names[missing], others));
    }
    entries.push({ index: k + 1, cells });
  }
  if (entries.length === 0) throw invalid(messages.noEntries(names.join(" and ")));
  return entries;
}
