// A sheet's planned cell edits. A dense workbook converts a cell on every row: held as a Map keyed
// by address, each edit cost an address string and a Map entry besides the edit (about 240 bytes a
// converted cell while a dense 50 MB workbook was planned, 200 MB in all), and the patcher turned
// the addresses back into rows and columns. Here the edits are kept by row and column in typed
// arrays; the addresses exist only for the few callers that ask by address (tests, small sheets).
import { cellAddress } from "../../sheetModel/refs";
import type { CellEdit } from "./rowPatch";
import { cellPosition } from "./rowPatch";
import { firstAtLeast } from "./sortedSearch";

/**
 * A sheet's edits by row and column, as a read-only Map by A1 address to those who read it so. A
 * cell set twice holds its last edit. Reading orders the edits by row, then column.
 */
export class CellEdits implements ReadonlyMap<string, CellEdit> {
  private rowOf = new Int32Array(16);
  private colOf = new Int32Array(16);
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
    const k = this.n;
    if (k === this.rowOf.length) {
      this.rowOf = grown(this.rowOf);
      this.colOf = grown(this.colOf);
    }
    if (k > 0 && this.ordered) {
      const [r, c] = [this.rowOf[k - 1], this.colOf[k - 1]];
      if (row < r || (row === r && col <= c)) this.ordered = false;
    }
    this.rowOf[k] = row;
    this.colOf[k] = col;
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
    return { rows: this.rowOf, cols: this.colOf, edits: this.list, length: this.n };
  }

  /** Each edited cell's row and column, in order (what the dependents analysis starts from). */
  *positions(): Generator<{ row: number; col: number }> {
    this.order();
    for (let i = 0; i < this.n; i++) yield { row: this.rowOf[i], col: this.colOf[i] };
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
    for (let i = 0; i < this.n; i++) yield [cellAddress(this.rowOf[i], this.colOf[i]), this.list[i]];
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
    const { rowOf, colOf, n } = this;
    let i = firstAtLeast(rowOf, at.row, n);
    for (; i < n && rowOf[i] === at.row; i++) if (colOf[i] === at.col) return i;
    return -1;
  }

  /** Sorts by row, then column; of a cell's edits only the last set stays. */
  private order(): void {
    if (this.ordered) return;
    const { rowOf, colOf, list, n } = this;
    // Ties by when they were set, so the last one set is the one kept.
    const order = Int32Array.from({ length: n }, (_, i) => i).sort((a, b) => rowOf[a] - rowOf[b] || colOf[a] - colOf[b] || a - b);
    const rows = new Int32Array(n);
    const cols = new Int32Array(n);
    const edits: CellEdit[] = [];
    let k = 0;
    for (let i = 0; i < n; i++) {
      const e = order[i];
      if (k > 0 && rows[k - 1] === rowOf[e] && cols[k - 1] === colOf[e]) k--;
      rows[k] = rowOf[e];
      cols[k] = colOf[e];
      edits[k] = list[e];
      k++;
    }
    this.rowOf = rows;
    this.colOf = cols;
    this.list = edits;
    this.n = k;
    this.ordered = true;
  }
}

const grown = (a: Int32Array) => {
  const b = new Int32Array(a.length * 2);
  b.set(a);
  return b;
};
