// Reads and writes the auditable classification: the AIECON_Classification table and its summary
// block. Two operations, each at most two context.sync() calls whatever the number of lines:
//   readClassificationState: where the table is, its rows and earlier answers (defaults for the wizard);
//   writeClassification:     re-reads to check nothing moved and nothing outside our cells would be
//                            overwritten (one sync), then writes everything in one batch (second sync).
// A cell outside the table and the summary block is never overwritten unless the caller passes
// allowOverwrite after the user agreed to the cells listed in a "needsConfirmation" answer.
import { invalid } from "../calc/errors";
import { messages } from "../calc/messages";
import {
  areaAddress,
  CLASSIFICATION_SHEET,
  CLASSIFICATION_SUMMARY_NAME,
  CLASSIFICATION_TABLE,
  col,
  COLUMN_FORMATS,
  columnLetter,
  COLUMNS,
  excelDate,
  parseAddress,
  parseCostLines,
  planMerge,
  quoteSheet,
  readStoredLine,
  revenueReference,
  SUMMARY_GAP,
  SUMMARY_ROWS,
  summaryCells,
  workloadKey,
  writableRow,
  type Area,
  type ClassifiedLine,
  type Column,
  type CostLine,
  type StoredLine,
} from "../sheetModel/classificationLayout";

/* global Excel */

export interface ExistingTable {
  readonly address: string;
  /** Header and body, as formulas. */
  readonly formulas: readonly (readonly unknown[])[];
}

export interface ClassificationState {
  readonly table: ExistingTable | null;
  /** The sheet a new table goes on: a sheet name not yet in use. */
  readonly newSheet: string;
  /** The summary block, when a previous run wrote one. */
  readonly summaryAddress: string | null;
  /** Earlier rows by workload key, for defaults and the consistency flag. */
  readonly previous: ReadonlyMap<string, StoredLine>;
}

const SHEET_CANDIDATES = [CLASSIFICATION_SHEET, ...[2, 3, 4, 5, 6, 7, 8, 9].map((n) => `${CLASSIFICATION_SHEET} ${n}`)];

export async function readClassificationState(): Promise<ClassificationState> {
  return Excel.run(async (context) => {
    const workbook = context.workbook;
    const table = workbook.tables.getItemOrNullObject(CLASSIFICATION_TABLE);
    const sheets = SHEET_CANDIDATES.map((name) => workbook.worksheets.getItemOrNullObject(name));
    const summary = workbook.names.getItemOrNullObject(CLASSIFICATION_SUMMARY_NAME);
    await context.sync();
    const newSheet = SHEET_CANDIDATES[sheets.findIndex((s) => s.isNullObject)] ?? `${CLASSIFICATION_SHEET} ${Date.now()}`;
    if (table.isNullObject) return { table: null, newSheet, summaryAddress: null, previous: new Map() };

    const range = table.getRange();
    range.load("address, formulas");
    const summaryRange = summary.isNullObject ? null : summary.getRange();
    summaryRange?.load("address");
    await context.sync();
    const previous = new Map<string, StoredLine>();
    for (const row of range.formulas.slice(1)) {
      const stored = readStoredLine(row);
      const key = workloadKey(stored.workload);
      if (key && !previous.has(key)) previous.set(key, stored);
    }
    return {
      table: { address: range.address, formulas: range.formulas },
      newSheet,
      summaryAddress: summaryRange?.address ?? null,
      previous,
    };
  });
}

export interface WriteOptions {
  readonly today: Date;
  /** A cell holding monthly revenue, e.g. "'Model'!B3"; omitted keeps what the summary has. */
  readonly revenueCell?: string;
  /** The user agreed to overwrite the cells a previous attempt listed. */
  readonly allowOverwrite?: boolean;
}

export type WriteOutcome =
  | {
      readonly status: "written";
      readonly tableAddress: string;
      readonly summaryAddress: string;
      readonly updated: number;
      readonly added: number;
      /** Workloads whose classification changed since the previous run (flagged in the table). */
      readonly changed: readonly string[];
    }
  | {
      readonly status: "needsConfirmation";
      /**
       * Non-empty cells under the table. New lines go in with `table.rows.add`, which by the
       * Office.js reference (alwaysInsert defaults to true) inserts the rows into the table and
       * shifts what is below downwards: these cells move down `rowsAdded` rows, they are not lost.
       */
      readonly shifted: readonly string[];
      readonly rowsAdded: number;
      /** Non-empty cells where the summary block goes: these would be written over. */
      readonly overwritten: readonly string[];
    };

const sameCells = (a: readonly (readonly unknown[])[], b: readonly (readonly unknown[])[]) =>
  a.length === b.length && a.every((row, i) => row.length === b[i].length && row.every((v, j) => v === b[i][j]));

const occupied = (values: readonly (readonly unknown[])[], area: Omit<Area, "sheet">): string[] => {
  const out: string[] = [];
  values.forEach((row, r) =>
    row.forEach((v, c) => {
      if (v !== "" && v !== null && v !== undefined)
        out.push(areaAddress({ row: area.row + r, column: area.column + c, lastRow: area.row + r, lastColumn: area.column + c }));
    }),
  );
  return out;
};

export async function writeClassification(
  state: ClassificationState,
  lines: readonly ClassifiedLine[],
  options: WriteOptions,
): Promise<WriteOutcome> {
  const today = excelDate(options.today);
  const revenue = options.revenueCell?.trim() ? `=${revenueReference(options.revenueCell)}` : undefined;
  const existingBody = state.table ? state.table.formulas.slice(1) : [];
  if (state.table && !COLUMNS.every((c, i) => state.table!.formulas[0][i] === c)) {
    throw invalid(messages.classifyTableColumns(CLASSIFICATION_TABLE, COLUMNS));
  }
  const plan = planMerge(existingBody, lines, today);

  const tableArea: Area = state.table
    ? parseAddress(state.table.address)
    : { sheet: state.newSheet, row: 0, column: 0, lastRow: 0, lastColumn: COLUMNS.length - 1 };
  const bodyRows = existingBody.length + plan.additions.length;
  const below: Omit<Area, "sheet"> = {
    row: tableArea.lastRow + 1,
    column: tableArea.column,
    lastRow: tableArea.lastRow + plan.additions.length,
    lastColumn: tableArea.lastColumn,
  };
  const summaryArea: Area = state.summaryAddress
    ? parseAddress(state.summaryAddress)
    : {
        sheet: tableArea.sheet,
        row: tableArea.row,
        column: tableArea.lastColumn + 1 + SUMMARY_GAP,
        lastRow: tableArea.row + SUMMARY_ROWS - 1,
        lastColumn: tableArea.lastColumn + 2 + SUMMARY_GAP,
      };

  return Excel.run(async (context) => {
    const workbook = context.workbook;

    // Batch 1: is the table as the wizard read it, and would we overwrite anything not ours?
    let current: Excel.Range | null = null;
    let belowRange: Excel.Range | null = null;
    let summaryRange: Excel.Range | null = null;
    let freshSheet: Excel.Worksheet | null = null;
    if (state.table) {
      current = workbook.tables.getItem(CLASSIFICATION_TABLE).getRange();
      current.load("address, formulas");
      const sheet = workbook.worksheets.getItem(tableArea.sheet);
      if (plan.additions.length > 0) {
        belowRange = sheet.getRange(areaAddress(below));
        belowRange.load("values");
      }
      summaryRange = workbook.worksheets.getItem(summaryArea.sheet).getRange(areaAddress(summaryArea));
      summaryRange.load(state.summaryAddress ? "formulas" : "values");
    } else {
      freshSheet = workbook.worksheets.getItemOrNullObject(state.newSheet);
    }
    const oldSummaryName = state.summaryAddress ? null : workbook.names.getItemOrNullObject(CLASSIFICATION_SUMMARY_NAME);
    await context.sync();

    if (current && (current.address !== state.table!.address || !sameCells(current.formulas, state.table!.formulas))) {
      throw invalid(messages.classifyTableChanged(CLASSIFICATION_TABLE));
    }
    if (freshSheet && !freshSheet.isNullObject) throw invalid(messages.classifyTableChanged(CLASSIFICATION_TABLE));
    const shifted = (belowRange ? occupied(belowRange.values, below) : []).map((cell) => `${quoteSheet(tableArea.sheet)}!${cell}`);
    const overwritten = (summaryRange && !state.summaryAddress ? occupied(summaryRange.values, summaryArea) : []).map(
      (cell) => `${quoteSheet(summaryArea.sheet)}!${cell}`,
    );
    if (shifted.length + overwritten.length > 0 && !options.allowOverwrite) {
      return { status: "needsConfirmation", shifted, rowsAdded: plan.additions.length, overwritten };
    }

    // Batch 2: every write.
    const summaryTopLeft = { row: summaryArea.row, column: summaryArea.column };
    const keptRevenue = state.summaryAddress && summaryRange ? String(summaryRange.formulas[6]?.[1] ?? "") : "";
    const summary = summaryCells(summaryTopLeft, revenue ?? keptRevenue);
    let sheet: Excel.Worksheet;
    const bodyStart = tableArea.row + 1;
    if (state.table) {
      sheet = workbook.worksheets.getItem(tableArea.sheet);
      if (plan.updates.size > 0) {
        // Rows read back through .formulas lost their text protection (office-js #6687): writableRow restores it.
        const body = existingBody.map((row, i) => plan.updates.get(i) ?? writableRow(row));
        sheet.getRange(
          areaAddress({ row: bodyStart, column: tableArea.column, lastRow: bodyStart + body.length - 1, lastColumn: tableArea.lastColumn }),
        ).formulas = body as (string | number)[][];
      }
      if (plan.additions.length > 0) workbook.tables.getItem(CLASSIFICATION_TABLE).rows.add(undefined, plan.additions);
    } else {
      sheet = workbook.worksheets.add(state.newSheet);
      const headerAddress = areaAddress({ row: 0, column: 0, lastRow: 0, lastColumn: COLUMNS.length - 1 });
      sheet.getRange(headerAddress).values = [[...COLUMNS]];
      const fullAddress = areaAddress({ row: 0, column: 0, lastRow: bodyRows, lastColumn: COLUMNS.length - 1 });
      const table = sheet.tables.add(fullAddress, true);
      table.name = CLASSIFICATION_TABLE;
      // Formulas go in after the table exists, so their structured references resolve.
      sheet.getRange(areaAddress({ row: 1, column: 0, lastRow: bodyRows, lastColumn: COLUMNS.length - 1 })).formulas = plan.additions;
      if (oldSummaryName && !oldSummaryName.isNullObject) oldSummaryName.delete();
    }

    for (const [name, format] of Object.entries(COLUMN_FORMATS)) {
      const c = tableArea.column + col(name as Column);
      sheet.getRange(areaAddress({ row: bodyStart, column: c, lastRow: bodyStart + bodyRows - 1, lastColumn: c })).numberFormat =
        Array.from({ length: bodyRows }, () => [format]);
    }
    const answersColumn = columnLetter(tableArea.column + col("Answers"));
    sheet.getRange(`${answersColumn}:${answersColumn}`).columnHidden = true;

    const summarySheet = summaryArea.sheet === tableArea.sheet ? sheet : workbook.worksheets.getItem(summaryArea.sheet);
    const summaryBlock = summarySheet.getRange(areaAddress(summaryArea));
    summaryBlock.formulas = summary.formulas;
    summaryBlock.numberFormat = summary.numberFormats;
    if (!state.summaryAddress) workbook.names.add(CLASSIFICATION_SUMMARY_NAME, summaryBlock);
    await context.sync();

    const finalTable: Omit<Area, "sheet"> = { ...tableArea, lastRow: tableArea.row + bodyRows };
    return {
      status: "written",
      tableAddress: `${quoteSheet(tableArea.sheet)}!${areaAddress(finalTable)}`,
      summaryAddress: `${quoteSheet(summaryArea.sheet)}!${areaAddress(summaryArea)}`,
      updated: plan.updates.size,
      added: plan.additions.length,
      changed: plan.changed,
    };
  });
}

/** The cost lines in the user's selected range (one sync). */
export async function readSelectedCostLines(): Promise<{ address: string; lines: CostLine[] }> {
  return Excel.run(async (context) => {
    const range = context.workbook.getSelectedRange();
    range.load("address, values");
    await context.sync();
    return { address: range.address, lines: parseCostLines(range.values) };
  });
}

/** The address of the selected cell, for the revenue reference (one sync). */
export async function readSelectedCell(): Promise<string> {
  return Excel.run(async (context) => {
    const range = context.workbook.getSelectedRange();
    range.load("address");
    await context.sync();
    return range.address.split(":")[0];
  });
}
