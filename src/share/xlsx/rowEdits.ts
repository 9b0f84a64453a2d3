// A sheet's planned edits by row, as SheetPatcher asks for them. A dense workbook edits a cell on
// every row: a Map of its cells per row cost a few hundred bytes each (tens of MB on 86,000 rows),
// so the edits are held sorted in typed arrays and a row's Map is made when the row is written.
import { cellAddress } from "../../sheetModel/refs";
import type { CellEdits } from "./cellEdits";
import type { CellEdit, PlannedEdit } from "./rowPatch";
import { shareFilledColumns } from "./sharedWrites";
import { firstAtLeast } from "./sortedSearch";

/** An edit of a row, its address made only when asked for: a cell the row has is written with the address it holds. */
class Planned implements PlannedEdit {
  constructor(
    private readonly row: number,
    private readonly col: number,
    readonly edit: CellEdit,
  ) {}
  get ref(): string {
    return cellAddress(this.row, this.col);
  }
}

export class RowEdits {
  /** The rows edited, ascending, without repeats. */
  readonly rows: Int32Array;
  /** Row i's edits are entries first[i] to first[i + 1] - 1, by column. */
  private readonly first: Int32Array;
  private readonly cols: Int32Array;
  private readonly edits: CellEdit[];
  /** 1 once the row was written (or found to be beyond the sheet's rows). */
  private readonly done: Uint8Array;
  /**
   * The rows asked for and not written yet, as the Maps the patcher changes: the one asked for last
   * held on its own (the patcher writes each row before it asks for the next, so a dense sheet's
   * 860,000 rows went in and out of one Map), the others in `open`.
   */
  private openRow = -1;
  private openCells: Map<number, PlannedEdit> | undefined;
  private readonly open = new Map<number, Map<number, PlannedEdit>>();
  /** The first and last column edited (0 when there is no edit). */
  readonly leftCol: number;
  readonly rightCol: number;

  /**
   * `sharedFrom`: a shared formula group number the sheet does not use; given, formulas filled down
   * a column are written as shared formula groups numbered from it (sharedWrites.ts).
   */
  constructor(planned: CellEdits, sharedFrom?: number) {
    const { rows: rowOf, cols, edits, length: n } = planned.sorted();
    this.cols = cols;
    // A copy: shared formula groups are made in place, and the plan's edits stay as planned.
    this.edits = edits.slice(0, n);
    let count = 0;
    for (let i = 0; i < n; i++) if (i === 0 || rowOf[i] !== rowOf[i - 1]) count++;
    const rows = new Int32Array(count);
    const first = new Int32Array(count + 1);
    let left = n ? Infinity : 0;
    let right = 0;
    for (let i = 0, r = 0; i < n; i++) {
      if (i === 0 || rowOf[i] !== rowOf[i - 1]) {
        rows[r] = rowOf[i];
        first[r++] = i;
      }
      if (cols[i] < left) left = cols[i];
      if (cols[i] > right) right = cols[i];
    }
    first[count] = n;
    [this.leftCol, this.rightCol] = [left, right];
    this.rows = rows;
    this.first = first;
    this.done = new Uint8Array(rows.length);
    if (sharedFrom !== undefined) shareFilledColumns(rowOf.subarray(0, n), cols.subarray(0, n), this.edits, sharedFrom);
  }

  /** The index indexOf found last: the patcher asks of each row in turn, three times (has, get, delete). */
  private last = 0;

  /** The index of `row` in `rows`, or -1. */
  private indexOf(row: number): number {
    const rows = this.rows;
    const last = this.last;
    if (rows[last] === row) return last;
    // (Never read past the end: a read past a typed array's end makes V8 drop the optimised code.)
    if (last + 1 < rows.length && rows[last + 1] === row) return (this.last = last + 1);
    const at = firstAtLeast(rows, row);
    if (at < rows.length && rows[at] === row) return (this.last = at);
    return -1;
  }

  /** True while the row has edits not written yet. */
  has(row: number): boolean {
    const i = this.indexOf(row);
    return i >= 0 && !this.done[i];
  }

  /** The row's edits by column (the patcher takes each out as it writes it); undefined once written. */
  get(row: number): Map<number, PlannedEdit> | undefined {
    if (row === this.openRow) return this.openCells;
    const open = this.open.size ? this.open.get(row) : undefined;
    if (open) return open;
    const i = this.indexOf(row);
    if (i < 0 || this.done[i]) return undefined;
    const cells = new Map<number, PlannedEdit>();
    for (let e = this.first[i]; e < this.first[i + 1]; e++) cells.set(this.cols[e], new Planned(row, this.cols[e], this.edits[e]));
    if (this.openCells) this.open.set(this.openRow, this.openCells);
    this.openRow = row;
    this.openCells = cells;
    return cells;
  }

  /** How many edits the row has not written yet (as get(row)?.size). */
  count(row: number): number {
    if (row === this.openRow) return this.openCells!.size;
    const open = this.open.size ? this.open.get(row) : undefined;
    if (open) return open.size;
    const i = this.indexOf(row);
    return i < 0 || this.done[i] ? 0 : this.first[i + 1] - this.first[i];
  }

  /** The edit of the cell at row, col not written yet (as get(row)?.get(col)?.edit), with no Map made for the row. */
  editAt(row: number, col: number): CellEdit | undefined {
    if (row === this.openRow) return this.openCells!.get(col)?.edit;
    const open = this.open.size ? this.open.get(row) : undefined;
    if (open) return open.get(col)?.edit;
    const i = this.indexOf(row);
    if (i < 0 || this.done[i]) return undefined;
    for (let e = this.first[i]; e < this.first[i + 1]; e++) if (this.cols[e] === col) return this.edits[e];
    return undefined;
  }

  /** The row is written: its edits go. */
  delete(row: number): void {
    const i = this.indexOf(row);
    if (i >= 0) this.done[i] = 1;
    if (row === this.openRow) {
      this.openRow = -1;
      this.openCells = undefined;
    } else if (this.open.size) this.open.delete(row);
  }

  /** The rows whose edits were not written, ascending. */
  *keys(): Generator<number> {
    for (let i = 0; i < this.rows.length; i++) if (!this.done[i]) yield this.rows[i];
  }
}
