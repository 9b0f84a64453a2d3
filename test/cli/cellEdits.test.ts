// A sheet's planned edits by row and column (src/share/xlsx/cellEdits.ts), and the patcher's rows
// made from them (rowEdits.ts).
import { CellEdits } from "../../src/share/xlsx/cellEdits";
import { RowEdits } from "../../src/share/xlsx/rowEdits";
import type { CellEdit, PlannedEdit } from "../../src/share/xlsx/rowPatch";

const num = (value: number): CellEdit => ({ kind: "number", value });
const formula = (text: string): CellEdit => ({ kind: "formula", formula: text });

test("reads its edits by row, then column, whatever order they were planned in", () => {
  const edits = new CellEdits().set(10, 2, num(1)).set(2, 30, num(2)).set(2, 3, num(3)).set(1_048_576, 1, num(4));
  expect([...edits.keys()]).toEqual(["C2", "AD2", "B10", "A1048576"]);
  expect([...edits.values()]).toEqual([num(3), num(2), num(1), num(4)]);
  expect([...edits.positions()]).toEqual([
    { row: 2, col: 3 },
    { row: 2, col: 30 },
    { row: 10, col: 2 },
    { row: 1_048_576, col: 1 },
  ]);
  const { rows, cols, length } = edits.sorted();
  expect([...rows.subarray(0, length)]).toEqual([2, 2, 10, 1_048_576]);
  expect([...cols.subarray(0, length)]).toEqual([3, 30, 2, 1]);
});

test("a cell planned twice holds its last edit, as a Map by address would", () => {
  const edits = new CellEdits().set(5, 1, num(1)).set(3, 1, num(2)).set(5, 1, num(3)).set(3, 1, num(4)).set(5, 1, num(5));
  expect(edits.size).toBe(2);
  expect([...edits]).toEqual([
    ["A3", num(4)],
    ["A5", num(5)],
  ]);
  // Planned again after it was read: the read does not freeze it.
  edits.set(3, 1, num(6));
  expect(edits.get("A3")).toEqual(num(6));
  expect(edits.size).toBe(2);
});

test("answers by address like the Map it stands for", () => {
  const edits = new CellEdits();
  for (let row = 1; row <= 1000; row++) edits.set(row, 7, num(row));
  expect(edits.get("G500")).toEqual(num(500));
  expect(edits.has("G1000")).toBe(true);
  expect(edits.has("F500")).toBe(false);
  expect(edits.get("G1001")).toBeUndefined();
  expect(edits.has("not a cell")).toBe(false);
  const seen: string[] = [];
  edits.forEach((e, address) => {
    if (e.kind === "number" && e.value <= 2) seen.push(address);
  });
  expect(seen).toEqual(["G1", "G2"]);
  expect(new Map(edits)).toEqual(new Map(Array.from({ length: 1000 }, (_, i) => [`G${i + 1}`, num(i + 1)])));
});

test("of: a Map by address becomes edits by row and column; edits stay themselves", () => {
  const byAddress = new Map<string, CellEdit>([
    ["B7", num(1)],
    ["A7", num(2)],
  ]);
  const position = (ref: string) => ({ row: Number(ref.slice(1)), col: ref.charCodeAt(0) - 64 });
  const edits = CellEdits.of(byAddress, position);
  expect([...edits.keys()]).toEqual(["A7", "B7"]);
  expect(CellEdits.of(edits, position)).toBe(edits);
});

test("the patcher's rows share a filled-down column without changing the plan's edits", () => {
  const edits = new CellEdits();
  for (let row = 2; row <= 5; row++) edits.set(row, 3, formula(`A${row}*2`)).set(row, 1, num(row));
  const rows = new RowEdits(edits, 0);
  expect([...rows.rows]).toEqual([2, 3, 4, 5]);
  expect([rows.leftCol, rows.rightCol]).toEqual([1, 3]);
  const second = rows.get(3)!;
  expect([...second.keys()]).toEqual([1, 3]);
  // (A planned edit's address is made when read.)
  const planned = (e: PlannedEdit | undefined) => e && { ref: e.ref, edit: e.edit };
  expect(planned(second.get(3))).toEqual({ ref: "C3", edit: { kind: "formula", formula: "", shared: { si: 0 } } });
  expect(planned(rows.get(2)!.get(3))).toEqual({ ref: "C2", edit: { kind: "formula", formula: "A2*2", shared: { si: 0, ref: "C2:C5" } } });
  // The plan still holds each cell's own formula.
  expect(edits.get("C3")).toEqual(formula("A3*2"));
  rows.delete(3);
  expect(rows.has(3)).toBe(false);
  expect([...rows.keys()]).toEqual([2, 4, 5]);
  // Asked out of order, and of rows it does not hold, as the parser path may ask.
  expect([rows.has(5), rows.has(2), rows.has(4), rows.has(6), rows.has(1), rows.has(3)]).toEqual([true, true, true, false, false, false]);
  // A row's Map is the one the patcher changes until the row is written, whichever rows were asked for between.
  const fourth = rows.get(4)!;
  fourth.delete(1);
  const fifth = rows.get(5)!;
  expect(rows.get(4)).toBe(fourth);
  expect(rows.get(5)).toBe(fifth);
  expect(rows.get(2)?.has(1)).toBe(true);
  expect(rows.get(4)).toBe(fourth);
  expect([...rows.get(4)!.keys()]).toEqual([3]);
  rows.delete(4);
  expect(rows.get(5)).toBe(fifth);
  expect([rows.get(4), [...rows.keys()]]).toEqual([undefined, [2, 5]]);
  rows.delete(5);
  rows.delete(2);
  expect([rows.get(5), rows.get(2), [...rows.keys()]]).toEqual([undefined, undefined, []]);
});

test("the patcher's rows answer count and editAt as the row's Map would, taken or not", () => {
  const edits = new CellEdits();
  for (let row = 2; row <= 5; row++) edits.set(row, 3, formula(`A${row}*2`)).set(row, 1, num(row));
  const rows = new RowEdits(edits, 0);
  const asMap = (row: number) => [
    rows.get(row)?.size ?? 0,
    rows.get(row)?.get(1)?.edit,
    rows.get(row)?.get(3)?.edit,
    rows.get(row)?.get(2)?.edit,
  ];
  const asked = (row: number) => [rows.count(row), rows.editAt(row, 1), rows.editAt(row, 3), rows.editAt(row, 2)];
  // Before any Map is made, from the rows' typed arrays (a row it does not hold: none).
  const fresh = [2, 3, 4, 5, 6].map(asked);
  expect(fresh[1]).toEqual([2, num(3), { kind: "formula", formula: "", shared: { si: 0 } }, undefined]);
  expect(fresh[4]).toEqual([0, undefined, undefined, undefined]);
  expect(fresh).toEqual([2, 3, 4, 5, 6].map(asMap));
  // A Map taken and changed by the parser path, held as the row asked last and among the others.
  rows.get(3)!.delete(1);
  expect(asked(3)).toEqual([1, undefined, { kind: "formula", formula: "", shared: { si: 0 } }, undefined]);
  rows.get(4);
  expect(asked(3)).toEqual(asMap(3));
  rows.delete(3);
  expect([asked(3), asked(4)]).toEqual([
    [0, undefined, undefined, undefined],
    [2, num(4), { kind: "formula", formula: "", shared: { si: 0 } }, undefined],
  ]);
});

test("refuses a row or column a typed array cannot hold, rather than edit another cell", () => {
  const edits = new CellEdits();
  // 2^32 + 5 would read back as row 5.
  expect(() => edits.set(2 ** 32 + 5, 1, num(1))).toThrow(/row 4294967301, column 1, beyond any sheet's rows and columns/);
  expect(() => edits.set(1, 2 ** 31, num(1))).toThrow(/column 2147483648/);
  expect(edits.size).toBe(0);
});
