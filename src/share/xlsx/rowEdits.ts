// A sheet's planned edits by row, as SheetPatcher asks for them. A dense workbook edits a cell on
// every row: a Map of its cells per row cost a few hundred bytes each (tens of MB on 86,000 rows),
// so the edits are held sorted in typed arrays and a row's Map is made when the row is written.
import type { CellEdit, PlannedEdit } from "./rowPatch";
import { shareFilledColumns } from "./sharedWrites";
import { firstAtLeast } from "./sortedSearch";

export class RowEdits {
  /** The rows edited, ascending, without repeats. */
  readonly rows: Int32Array;
  /** Row i's edits are entries first[i] to first[i + 1] - 1, by column. */
  private readonly first: Int32Array;
  private readonly cols: Int32Array;
  private readonly refs: string[];
  private readonly edits: CellEdit[];
  /** 1 once the row was written (or found to be beyond the sheet's rows). */
  private readonly done: Uint8Array;
  /** The rows asked for and not written yet, as the Maps the patcher changes. */
  private readonly open = new Map<number, Map<number, PlannedEdit>>();
  /** The first and last column edited (0 when there is no edit). */
  readonly leftCol: number;
  readonly rightCol: number;

  /**
   * `sharedFrom`: a shared formula group number the sheet does not use; given, formulas filled down
   * a column are written as shared formula groups numbered from it (sharedWrites.ts).
   */
  constructor(edits: ReadonlyMap<string, CellEdit>, position: (ref: string) => { row: number; col: number }, sharedFrom?: number) {
    const n = edits.size;
    const rowOf = new Int32Array(n);
    const colOf = new Int32Array(n);
    const refs: string[] = new Array(n);
    const list: CellEdit[] = new Array(n);
    let k = 0;
    let sorted = true;
    for (const [ref, edit] of edits) {
      const { row, col } = position(ref);
      rowOf[k] = row;
      colOf[k] = col;
      refs[k] = ref;
      list[k] = edit;
      if (k > 0 && (row < rowOf[k - 1] || (row === rowOf[k - 1] && col < colOf[k - 1]))) sorted = false;
      k++;
    }
    // A conversion plans row by row, so the edits mostly come in order already.
    const order = Int32Array.from({ length: n }, (_, i) => i);
    if (!sorted) order.sort((a, b) => rowOf[a] - rowOf[b] || colOf[a] - colOf[b]);
    this.cols = new Int32Array(n);
    this.refs = new Array(n);
    this.edits = new Array(n);
    const rows: number[] = [];
    const first: number[] = [];
    for (let i = 0; i < n; i++) {
      const e = order[i];
      if (i === 0 || rowOf[e] !== rows[rows.length - 1]) {
        rows.push(rowOf[e]);
        first.push(i);
      }
      this.cols[i] = colOf[e];
      this.refs[i] = refs[e];
      this.edits[i] = list[e];
    }
    first.push(n);
    let [left, right] = [n ? Infinity : 0, 0];
    for (let i = 0; i < n; i++) [left, right] = [Math.min(left, colOf[i]), Math.max(right, colOf[i])];
    [this.leftCol, this.rightCol] = [left, right];
    this.rows = Int32Array.from(rows);
    this.first = Int32Array.from(first);
    this.done = new Uint8Array(rows.length);
    if (sharedFrom !== undefined) {
      const rowOfEdit = new Int32Array(n);
      for (let i = 0; i < rows.length; i++) rowOfEdit.fill(rows[i], first[i], first[i + 1]);
      shareFilledColumns(rowOfEdit, this.cols, this.edits, sharedFrom);
    }
  }

  /** The index of `row` in `rows`, or -1. */
  private indexOf(row: number): number {
    const at = firstAtLeast(this.rows, row);
    return at < this.rows.length && this.rows[at] === row ? at : -1;
  }

  /** True while the row has edits not written yet. */
  has(row: number): boolean {
    const i = this.indexOf(row);
    return i >= 0 && !this.done[i];
  }

  /** The row's edits by column (the patcher takes each out as it writes it); undefined once written. */
  get(row: number): Map<number, PlannedEdit> | undefined {
    const open = this.open.get(row);
    if (open) return open;
    const i = this.indexOf(row);
    if (i < 0 || this.done[i]) return undefined;
    const cells = new Map<number, PlannedEdit>();
    for (let e = this.first[i]; e < this.first[i + 1]; e++) cells.set(this.cols[e], { ref: this.refs[e], edit: this.edits[e] });
    this.open.set(row, cells);
    return cells;
  }

  /** The row is written: its edits go. */
  delete(row: number): void {
    const i = this.indexOf(row);
    if (i >= 0) this.done[i] = 1;
    this.open.delete(row);
  }

  /** The rows whose edits were not written, ascending. */
  *keys(): Generator<number> {
    for (let i = 0; i < this.rows.length; i++) if (!this.done[i]) yield this.rows[i];
  }
}
