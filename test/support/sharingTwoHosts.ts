// One workbook, described once, built in both hosts the sharing plan has: the pane's fake Office.js
// workbook (shareHost) and a file (written by exceljs, converted and restored by the CLI's own
// convertFile, read back by exceljs), and read back from both in the same shape, so a test can show
// that the two adapters do the same thing.
import * as ExcelJS from "exceljs";
import JSZip from "jszip";
import { readFileSync, writeFileSync } from "fs";
import { join } from "path";
import { convertFile, type ShareFileReport } from "../../src/share/xlsx/shareFile";
import { tempDir } from "./tempDir";
import { ORIGINALS_COLUMNS, ORIGINALS_SHEET, RECORD_COLUMN } from "../../src/share/originals";
import { columnNumber, parseA1 } from "../../src/sheetModel/refs";
import { errorShown } from "../../src/share/translate";
import { FakeWorkbook, type FakeSheet } from "./shareHost";

/** A cell: a formula with what it shows (none: saved without a value), or a plain value; `spill`: the block its result covers. */
export interface FixtureCell {
  readonly formula?: string;
  readonly value?: unknown;
  readonly spill?: string;
}
/** Sheet → A1 → cell, in the order the sheets are made. */
export type Fixture = Record<string, Record<string, FixtureCell>>;

const rc = (address: string) => {
  const m = /^([A-Z]+)(\d+)$/.exec(address)!;
  return { row: Number(m[2]), col: columnNumber(m[1]) };
};

export function paneWorkbook(fixture: Fixture): FakeWorkbook {
  const wb = new FakeWorkbook();
  for (const [name, cells] of Object.entries(fixture)) {
    const s = wb.sheet(name);
    for (const [address, c] of Object.entries(cells)) {
      if (c.formula) s.put(address, c.formula, c.value);
      else if (typeof c.value === "string") s.put(address, `'${c.value}`);
      else s.put(address, c.value);
      if (c.spill) {
        const r = parseA1(c.spill)!;
        wb.spills.set(`${name}!${address}`, { rows: r.bottom - r.top + 1, cols: r.right - r.left + 1 });
      }
    }
  }
  wb.install();
  return wb;
}

export function fileWorkbook(fixture: Fixture): ExcelJS.Workbook {
  const wb = new ExcelJS.Workbook();
  for (const [name, cells] of Object.entries(fixture)) {
    const ws = wb.addWorksheet(name);
    for (const [address, c] of Object.entries(cells)) {
      const shown = errorShown(c.value) ? { error: c.value } : c.value;
      ws.getCell(address).value = c.formula
        ? ({
            formula: c.formula.slice(1),
            ...(c.value !== undefined ? { result: shown } : {}),
            ...(c.spill ? { shareType: "array", ref: c.spill } : {}),
          } as unknown as ExcelJS.CellValue)
        : (shown as ExcelJS.CellValue);
    }
  }
  return wb;
}

const dir = tempDir("two-hosts");
let files = 0;

/** The workbook as a file, its calcPr (workbook.xml) set to `calcPr` when given. */
export async function fileBytes(wb: ExcelJS.Workbook, calcPr?: Readonly<Record<string, string>>): Promise<Buffer> {
  const xlsx = Buffer.from(await wb.xlsx.writeBuffer());
  if (!calcPr) return xlsx;
  const zip = await JSZip.loadAsync(xlsx);
  const attrs = Object.entries(calcPr)
    .map(([k, v]) => ` ${k}="${v}"`)
    .join("");
  const workbook = (await zip.file("xl/workbook.xml")!.async("string")).replace(/<calcPr\b[^>]*\/>/, `<calcPr${attrs}/>`);
  zip.file("xl/workbook.xml", workbook);
  return zip.generateAsync({ type: "nodebuffer", compression: "DEFLATE" });
}

/** A file through the CLI's conversion (or `--restore`): its report, the file written, and that file as exceljs reads it. */
export async function throughCli(
  xlsx: Buffer,
  options: { now?: Date; restore?: boolean } = {},
): Promise<{ report: ShareFileReport; xlsx: Buffer; file: ExcelJS.Workbook }> {
  const n = ++files;
  const input = join(dir, `in-${n}.xlsx`);
  const output = join(dir, `out-${n}.xlsx`);
  writeFileSync(input, xlsx);
  const report = await convertFile(input, output, options);
  const out = readFileSync(output);
  const file = new ExcelJS.Workbook();
  await file.xlsx.load(out as unknown as ArrayBuffer);
  return { report, xlsx: out, file };
}

/** What a cell holds, as both hosts can say it: its formula, else its value (null when blank). */
export type Held = string | number | boolean | null;

export function paneCell(wb: FakeWorkbook, sheet: string, address: string): Held {
  const c = wb.sheets.find((s) => s.name === sheet)?.at(address);
  return c?.formula ?? (c?.value === "" ? null : (c?.value as Held)) ?? null;
}

export function fileCell(wb: ExcelJS.Workbook, sheet: string, address: string): Held {
  const cell = wb.getWorksheet(sheet)?.getCell(address);
  if (!cell) return null;
  const v = cell.value as unknown;
  if (v && typeof v === "object" && "formula" in v) return `=${(v as { formula: string }).formula}`;
  if (v && typeof v === "object" && "error" in v) return (v as { error: string }).error;
  return (v as Held) ?? null;
}

/** Rows × columns of a sheet as text-or-value, from A1 (blank → null). */
function grid(at: (row: number, col: number) => Held, rows: number, cols: number): Held[][] {
  return Array.from({ length: rows }, (_, r) => Array.from({ length: cols }, (_, c) => at(r + 1, c + 1)));
}

const lastRow = (rows: Held[][]) => {
  let n = rows.length;
  while (n > 0 && rows[n - 1].every((v) => v === null)) n--;
  return rows.slice(0, n);
};

/** AIECON_Originals as both hosts hold it: the entries (A:G) and the record (H:I). */
export function paneOriginals(wb: FakeWorkbook): { entries: Held[][]; record: Held[][] } | undefined {
  const s = wb.sheets.find((x) => x.name === ORIGINALS_SHEET);
  if (!s) return undefined;
  const at = (sheet: FakeSheet) => (row: number, col: number) => {
    const v = sheet.get(row - 1, col - 1)?.value;
    return v === undefined || v === "" ? null : (v as Held);
  };
  return {
    entries: lastRow(grid(at(s), 50, ORIGINALS_COLUMNS.length)),
    record: lastRow(grid((r, c) => at(s)(r, c + RECORD_COLUMN - 1), 20, 2)),
  };
}

export function fileOriginals(wb: ExcelJS.Workbook): { entries: Held[][]; record: Held[][] } | undefined {
  const ws = wb.getWorksheet(ORIGINALS_SHEET);
  if (!ws) return undefined;
  const at = (row: number, col: number) => {
    const v = ws.getCell(row, col).value as Held | undefined;
    return v === undefined || v === "" ? null : v;
  };
  return {
    entries: lastRow(grid(at, 50, ORIGINALS_COLUMNS.length)),
    record: lastRow(grid((r, c) => at(r, c + RECORD_COLUMN - 1), 20, 2)),
  };
}

/** A sheet's block from A1 as both hosts hold it. */
export function paneBlock(wb: FakeWorkbook, sheet: string, rows: number, cols: number): Held[][] {
  return grid((r, c) => paneCell(wb, sheet, `${String.fromCharCode(64 + c)}${r}`), rows, cols);
}
export function fileBlock(wb: ExcelJS.Workbook, sheet: string, rows: number, cols: number): Held[][] {
  return grid((r, c) => fileCell(wb, sheet, `${String.fromCharCode(64 + c)}${r}`), rows, cols);
}

export { rc };
