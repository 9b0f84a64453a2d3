// A cost model fills one AIECON call down a column; converted, each cell holds a native formula of
// several hundred characters that differs from the next only in its row. Excel saves such a column
// as a shared formula (ECMA-376 §18.3.1.40): the first cell holds the text and the range, every
// other cell only the group's number, and each reads the text with its relative references moved
// by its distance from the first. The converted column is written the same way, only where that
// reading gives each cell exactly the text it would hold on its own (checked per cell with the very
// move the scan applies to shared formulas, FormulaShift): a dense sheet's XML shrinks by more than half.
import { FormulaShift } from "../../sheetModel/formula";
import { columnLetters } from "../../sheetModel/refs";
import { FillShift } from "../translationMemo";
import { storedFormula, type CellEdit } from "./rowPatch";

/** A formula edit's place in a shared formula group: its number, and on the group's first cell the range it covers. */
export interface SharedPart {
  readonly si: number;
  readonly ref?: string;
}

type FormulaEdit = Extract<CellEdit, { kind: "formula" }>;

/** A run of formula edits down one column, each the first one's text moved to its row. */
interface Run {
  readonly first: number;
  readonly row: number;
  readonly text: string;
  /** Undefined until the second row is met; null when the text does not tokenize. */
  shift?: FormulaShift | null;
  /** The same check from the references a memoised translation was filled with (undefined: none met yet; null: it cannot tell). */
  fills?: FillShift | null;
  lastRow: number;
  /** The edits (indexes) after the first. */
  readonly others: number[];
}

/**
 * "this row" references ([@Col], [#This Row]) name the formula's own row by their text, not by a
 * reference that moves: such formulas are written whole.
 */
const THIS_ROW = /\[@|\[#this row\]/i;

/**
 * Turns each run of two or more formula edits down a column, on consecutive rows, whose texts are
 * the first one's moved to their rows, into a shared formula group numbered from `nextSi` (a number
 * no group of the sheet uses). `rows`, `cols` and `edits` are the sheet's edits by row, then
 * column; edits are replaced in place. Returns the next free group number.
 */
export function shareFilledColumns(rows: ArrayLike<number>, cols: ArrayLike<number>, edits: CellEdit[], nextSi: number): number {
  const open = new Map<number, Run>();
  const close = (run: Run) => {
    if (!run.others.length) return;
    const si = nextSi++;
    const letters = columnLetters(cols[run.first]);
    const first: FormulaEdit & { shared: SharedPart } = {
      kind: "formula",
      formula: run.text,
      shared: { si, ref: `${letters}${run.row}:${letters}${run.lastRow}` },
    };
    edits[run.first] = first;
    // The other cells hold no text of their own: one edit stands for all of them.
    const other: FormulaEdit & { shared: SharedPart } = { kind: "formula", formula: "", shared: { si } };
    for (const i of run.others) edits[i] = other;
  };
  for (let i = 0; i < edits.length; i++) {
    const e = edits[i];
    const col = cols[i];
    const row = rows[i];
    const run = open.get(col);
    if (e.kind !== "formula" || e.shared) {
      if (run) {
        close(run);
        open.delete(col);
      }
      continue;
    }
    // (The text is made only when the references cannot tell, and once: a dense sheet's column is a run.)
    let text: string | undefined;
    if (run && run.lastRow === row - 1) {
      run.shift ??= FormulaShift.of(run.text) ?? null;
      if (run.shift && run.fills === undefined) run.fills = FillShift.of(e, run.text, run.shift);
      if (run.fills?.is(e, row - run.row) || run.shift?.is((text = storedFormula(e)), row - run.row, 0)) {
        run.others.push(i);
        run.lastRow = row;
        continue;
      }
    }
    if (run) close(run);
    text ??= storedFormula(e);
    if (THIS_ROW.test(text)) open.delete(col);
    else open.set(col, { first: i, row, text, lastRow: row, others: [] });
  }
  for (const run of open.values()) close(run);
  return nextSi;
}
