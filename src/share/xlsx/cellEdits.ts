// A sheet's planned cell edits. A dense workbook converts a cell on every row: held as a Map keyed
// by address, each edit cost an address string and a Map entry besides the edit (on a dense 5 MB
// workbook the edits held 9 MB after a full collection; 4 MB held this way), and the patcher parsed
// the addresses back into rows and columns. Here the edits are kept by row and column in typed
// arrays; the addresses exist only for the few callers that ask by address (tests, small sheets).
import { cellAddress } from "../../sheetModel/refs";
import { cellPosition, type CellEdit } from "./rowPatch";
import { fits, ints } from "./dependents";
import { RefusedInput } from "./refused";
import { firstAtLeast } from "./sortedSearch";

/**
 * A sheet's edits by row and column, as a read-only Map by A1 address to those who read it so. A
 * cell set twice holds its last edit. Reading orders the edits by row, then column.
 */
export class CellEdits implements ReadonlyMap<string, CellEdit> {
  private rowOf = ints(16);
  private colOf = ints(16);
  private list: CellEdit[] = [];
  private n = 0;
  /** False once an edit came out of order (or again for a cell): the next read sorts. */
  private ordered = true;

  /** The edits of a Map by A1 address (a test's, or a caller's that plans by address), placed by `position`. */
  static of(edits: ReadonlyMap<string, CellEdit>, position: (ref: string) => { row: number; col: number }): CellEdits {
    if (edits instanceof CellEdits) return edits;
    const out = new CellEdits();
    for (const [ref, edit] of edits) {
      const { row, col } = position(ref);
      out.set(row, col, edit);
    }
    return out;
  }

  /** Plans `edit` for the cell at `row`, `col` (1-based), in place of any edit it had. */
  set(row: number, col: number, edit: CellEdit): this {
    // (A row a file states may be any number; one that does not fit would be another row here.)
    if (!fits(row) || !fits(col))
      throw new RefusedInput(
        `aiecon-share: the file names a cell at row ${row}, column ${col}, beyond any sheet's rows and columns; it cannot be converted.`,
      );
    const k = this.n;
    if (k > 0 && this.ordered) {
      const [r, c] = [this.rowOf.data[k - 1], this.colOf.data[k - 1]];
      if (row < r || (row === r && col <= c)) this.ordered = false;
    }
    this.rowOf.push(row);
    this.colOf.push(col);
    this.list[k] = edit;
    this.n = k + 1;
    return this;
  }

  get size(): number {
    this.order();
    return this.n;
  }

  /** The edits' rows, columns and edits, ordered by row then column, one per cell (valid until the next set). */
  sorted(): { readonly rows: Int32Array; readonly cols: Int32Array; readonly edits: readonly CellEdit[]; readonly length: number } {
    this.order();
    return { rows: this.rowOf.data, cols: this.colOf.data, edits: this.list, length: this.n };
  }

  /** Each edited cell's row and column, in order (what the dependents analysis starts from). */
  *positions(): Generator<{ row: number; col: number }> {
    this.order();
    const [rows, cols] = [this.rowOf.data, this.colOf.data];
    for (let i = 0; i < this.n; i++) yield { row: rows[i], col: cols[i] };
  }

  get(address: string): CellEdit | undefined {
    const i = this.indexOf(address);
    return i < 0 ? undefined : this.list[i];
  }
  has(address: string): boolean {
    return this.indexOf(address) >= 0;
  }
  *entries(): MapIterator<[string, CellEdit]> {
    this.order();
    const [rows, cols] = [this.rowOf.data, this.colOf.data];
    for (let i = 0; i < this.n; i++) yield [cellAddress(rows[i], cols[i]), this.list[i]];
  }
  *keys(): MapIterator<string> {
    for (const [address] of this.entries()) yield address;
  }
  *values(): MapIterator<CellEdit> {
    this.order();
    for (let i = 0; i < this.n; i++) yield this.list[i];
  }
  [Symbol.iterator](): MapIterator<[string, CellEdit]> {
    return this.entries();
  }
  forEach(f: (edit: CellEdit, address: string, map: ReadonlyMap<string, CellEdit>) => void): void {
    for (const [address, edit] of this.entries()) f(edit, address, this);
  }

  private indexOf(address: string): number {
    const at = cellPosition(address);
    if (!at) return -1;
    this.order();
    const [rowOf, colOf, n] = [this.rowOf.data, this.colOf.data, this.n];
    let i = firstAtLeast(rowOf, at.row, n);
    for (; i < n && rowOf[i] === at.row; i++) if (colOf[i] === at.col) return i;
    return -1;
  }

  /** Sorts by row, then column; of a cell's edits only the last set stays. */
  private order(): void {
    if (this.ordered) return;
    const [rowOf, colOf, list, n] = [this.rowOf.data, this.colOf.data, this.list, this.n];
    // Ties by when they were set, so the last one set is the one kept.
    const order = Int32Array.from({ length: n }, (_, i) => i).sort((a, b) => rowOf[a] - rowOf[b] || colOf[a] - colOf[b] || a - b);
    const [rows, cols] = [ints(n), ints(n)];
    const edits: CellEdit[] = [];
    for (let i = 0; i < n; i++) {
      const e = order[i];
      const k = rows.length;
      if (k > 0 && rows.data[k - 1] === rowOf[e] && cols.data[k - 1] === colOf[e]) edits[k - 1] = list[e];
      else {
        rows.push(rowOf[e]);
        cols.push(colOf[e]);
        edits.push(list[e]);
      }
    }
    [this.rowOf, this.colOf, this.list, this.n, this.ordered] = [rows, cols, edits, rows.length, true];
  }
}
