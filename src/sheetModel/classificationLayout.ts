// What the classification writer puts where: the AIECON_Classification table's columns and row
// formulas, the summary block's live formulas, cell-address arithmetic, and reading cost lines
// from a range the user picked. Pure, so it is tested without Excel; classification.ts does the I/O.
//
// Where earlier answers are kept: in the table itself, in a hidden last column "Answers" holding
// JSON ({"answers":{...},"bucket":"infrastructure"}), so they travel with the rows they belong to,
// survive copy/save, and need no settings or custom XML part.
import { columnLetters, columnNumber } from "./refs";
import {
  bucketDefinition,
  BUCKETS,
  type Answers,
  type BucketId,
  type ClassificationOutcome,
  type ClassificationResult,
} from "../calc/classification";
import { invalid } from "../calc/errors";
import { messages } from "../calc/messages";
import { isBlank } from "../calc/values";
import { asText } from "./externalText";

export const CLASSIFICATION_TABLE = "AIECON_Classification";
export const CLASSIFICATION_SHEET = "AI Classification";
/** Workbook name over the summary block, so a re-run finds and updates it in place. */
export const CLASSIFICATION_SUMMARY_NAME = "AIECON_ClassificationSummary";

export const COLUMNS = [
  "Workload",
  "Bucket",
  "Monthly $",
  "Classification",
  "COGS %",
  "COGS $",
  "OpEx $",
  "Rationale",
  "Classified on",
  "Allocation driver",
  "Change flag",
  "Answers",
] as const;
export type Column = (typeof COLUMNS)[number];
export const col = (name: Column): number => COLUMNS.indexOf(name);

const T = CLASSIFICATION_TABLE;
/** COGS $ and OpEx $ are row formulas, so they always agree with Monthly $ and COGS %. */
export const COGS_USD_FORMULA = "=[@[Monthly $]]*[@[COGS %]]";
export const OPEX_USD_FORMULA = "=[@[Monthly $]]-[@[COGS $]]";

/**
 * Columns holding text: names and drivers the user typed or picked from a range, and our own words.
 * Written through `.formulas`, so each goes through asText, also when a row read back is written again.
 */
const TEXT_COLUMNS: ReadonlySet<Column> = new Set<Column>([
  "Workload",
  "Bucket",
  "Classification",
  "Rationale",
  "Allocation driver",
  "Change flag",
  "Answers",
]);

/** A table row (new, or read back through `.formulas`) ready to be written through `.formulas`: its text stays text. */
export const writableRow = (row: readonly unknown[]): (string | number)[] =>
  row.map((cell, i) => (i < COLUMNS.length && TEXT_COLUMNS.has(COLUMNS[i]) ? asText(cell as string) : cell) as string | number);

export const COLUMN_FORMATS: Partial<Record<Column, string>> = {
  "Monthly $": "$#,##0.00",
  "COGS %": "0.0%",
  "COGS $": "$#,##0.00",
  "OpEx $": "$#,##0.00",
  "Classified on": "yyyy-mm-dd",
};

// ---------- cells and addresses ----------

/** 0-based column index → letters (0 → A). */
export const columnLetter = (index: number): string => columnLetters(index + 1);

/** Letters → 0-based column index (A → 0). */
export const columnIndex = (letters: string): number => columnNumber(letters) - 1;

export interface Area {
  readonly sheet: string;
  /** 0-based first row and column; last row and column inclusive. */
  readonly row: number;
  readonly column: number;
  readonly lastRow: number;
  readonly lastColumn: number;
}

/** "'AI Classification'!A1:L5" or "Sheet1!B2" as Excel returns addresses. */
export function parseAddress(address: string): Area {
  const bang = address.lastIndexOf("!");
  const sheetPart = bang >= 0 ? address.slice(0, bang) : "";
  const sheet = sheetPart.startsWith("'") ? sheetPart.slice(1, -1).replace(/''/g, "'") : sheetPart;
  const [a, b] = address
    .slice(bang + 1)
    .replace(/\$/g, "")
    .split(":");
  const cell = (ref: string) => {
    const m = /^([A-Z]+)(\d+)$/i.exec(ref);
    if (!m) throw new Error(`not a cell address: ${address}`);
    return { column: columnIndex(m[1]), row: Number(m[2]) - 1 };
  };
  const first = cell(a);
  const last = b ? cell(b) : first;
  return { sheet, row: first.row, column: first.column, lastRow: last.row, lastColumn: last.column };
}

export function quoteSheet(sheet: string): string {
  return /^[A-Za-z_][A-Za-z0-9_.]*$/.test(sheet) ? sheet : `'${sheet.replace(/'/g, "''")}'`;
}

/** A1 address of an area, without the sheet. */
export function areaAddress(area: Omit<Area, "sheet">): string {
  const a = `${columnLetter(area.column)}${area.row + 1}`;
  const b = `${columnLetter(area.lastColumn)}${area.lastRow + 1}`;
  return a === b ? a : `${a}:${b}`;
}

const REVENUE_CELL = /^(('[^']+'|[A-Za-z_][A-Za-z0-9_.]*)!)?\$?[A-Za-z]{1,3}\$?[1-9]\d*$/;

/** A revenue cell reference given by the user, checked before it goes into a formula. */
export function revenueReference(cell: string): string {
  const trimmed = cell.trim().replace(/^=/, "");
  if (!REVENUE_CELL.test(trimmed)) throw invalid(messages.classifyRevenueCell(cell));
  return trimmed;
}

/** Excel's date serial of a day (1900 date system), so the cell is a real date. */
export function excelDate(day: Date): number {
  const utc = Date.UTC(day.getFullYear(), day.getMonth(), day.getDate());
  return Math.round((utc - Date.UTC(1899, 11, 30)) / 86_400_000);
}

export function dateText(serial: unknown): string {
  if (typeof serial !== "number" || !Number.isFinite(serial)) return String(serial ?? "");
  return new Date(Date.UTC(1899, 11, 30) + serial * 86_400_000).toISOString().slice(0, 10);
}

// ---------- rows ----------

/** One cost line after the wizard's questions. */
export interface ClassifiedLine {
  readonly workload: string;
  readonly monthlyUsd: number;
  readonly answers: Answers;
  readonly allocationDriver?: string;
  readonly result: ClassificationResult;
}

/** A row already in the table, as a re-run reads it back. */
export interface StoredLine {
  readonly workload: string;
  readonly bucketLabel: string;
  readonly bucket?: BucketId;
  readonly monthlyUsd: unknown;
  readonly classification: string;
  readonly cogsShare: number;
  readonly classifiedOn: unknown;
  readonly allocationDriver: string;
  readonly answers: Answers;
}

export const workloadKey = (name: string): string => name.trim().replace(/\s+/g, " ").toLowerCase();

interface StoredAnswers {
  bucket?: BucketId;
  answers?: Answers;
}

export function readStoredLine(row: readonly unknown[]): StoredLine {
  let stored: StoredAnswers = {};
  try {
    const parsed = JSON.parse(String(row[col("Answers")] ?? ""));
    if (parsed && typeof parsed === "object") stored = parsed as StoredAnswers;
  } catch {
    // A row typed or edited by hand has no stored answers; its bucket label still gives defaults.
  }
  const label = String(row[col("Bucket")] ?? "");
  const bucket = stored.bucket && BUCKETS.some((b) => b.id === stored.bucket) ? stored.bucket : BUCKETS.find((b) => b.label === label)?.id;
  const share = row[col("COGS %")];
  return {
    workload: String(row[col("Workload")] ?? ""),
    bucketLabel: label,
    bucket,
    monthlyUsd: row[col("Monthly $")],
    classification: String(row[col("Classification")] ?? ""),
    cogsShare: typeof share === "number" ? share : Number.NaN,
    classifiedOn: row[col("Classified on")],
    allocationDriver: String(row[col("Allocation driver")] ?? ""),
    answers: stored.answers ?? {},
  };
}

const pct = (share: number): string => (Number.isFinite(share) ? `${Math.round(share * 1000) / 10}%` : "?");

/**
 * The period-to-period consistency flag: a line whose classification or COGS share differs from
 * the previous run is flagged, with both sides and the date of the previous run.
 */
export function changeFlag(previous: StoredLine | undefined, next: ClassificationResult): string {
  if (!previous) return "";
  const sameOutcome = previous.classification === next.classification;
  const sameShare = Math.abs(previous.cogsShare - next.cogsShare) < 1e-9;
  if (sameOutcome && sameShare) return "";
  const before = `${previous.classification || "?"} (${pct(previous.cogsShare)} COGS)`;
  const after = `${next.classification} (${pct(next.cogsShare)} COGS)`;
  return `CHANGED since ${dateText(previous.classifiedOn)}: ${before} → ${after}. Document why (consistency rule).`;
}

/** The row the writer puts in the table, as formulas (constants are formulas of themselves). */
export function tableRow(line: ClassifiedLine, today: number, previous: StoredLine | undefined): (string | number)[] {
  const stored: StoredAnswers = { bucket: line.result.bucket, answers: line.answers };
  const row: (string | number)[] = new Array(COLUMNS.length).fill("");
  row[col("Workload")] = line.workload.trim();
  row[col("Bucket")] = bucketDefinition(line.result.bucket).label;
  row[col("Monthly $")] = line.monthlyUsd;
  row[col("Classification")] = line.result.classification satisfies ClassificationOutcome;
  row[col("COGS %")] = line.result.cogsShare;
  row[col("COGS $")] = COGS_USD_FORMULA;
  row[col("OpEx $")] = OPEX_USD_FORMULA;
  row[col("Rationale")] = line.result.rationale;
  row[col("Classified on")] = today;
  row[col("Allocation driver")] = line.result.classification === "Mixed" ? (line.allocationDriver?.trim() ?? "") : "";
  row[col("Change flag")] = changeFlag(previous, line.result);
  row[col("Answers")] = JSON.stringify(stored);
  return writableRow(row);
}

export interface MergePlan {
  /** Index within the existing body → the row to write there. */
  readonly updates: ReadonlyMap<number, (string | number)[]>;
  readonly additions: (string | number)[][];
  /** Workloads whose classification changed since the last run. */
  readonly changed: readonly string[];
}

/** Matches lines to existing rows by workload name (case- and space-insensitive); a later line with the same name wins. */
export function planMerge(existingBody: readonly (readonly unknown[])[], lines: readonly ClassifiedLine[], today: number): MergePlan {
  if (lines.length === 0) throw invalid(messages.classifyNoLines());
  const index = new Map<string, number>();
  existingBody.forEach((row, i) => {
    const key = workloadKey(String(row[col("Workload")] ?? ""));
    if (key && !index.has(key)) index.set(key, i);
  });
  const latest = new Map<string, ClassifiedLine>();
  lines.forEach((line, i) => {
    if (!line.workload.trim()) throw invalid(messages.classifyLineName(i + 1));
    latest.set(workloadKey(line.workload), line);
  });
  const updates = new Map<number, (string | number)[]>();
  const additions: (string | number)[][] = [];
  const changed: string[] = [];
  for (const [key, line] of latest) {
    const at = index.get(key);
    const previous = at === undefined ? undefined : readStoredLine(existingBody[at]);
    const row = tableRow(line, today, previous);
    if (row[col("Change flag")]) changed.push(line.workload.trim());
    if (at === undefined) additions.push(row);
    else updates.set(at, row);
  }
  return { updates, additions, changed };
}

// ---------- summary block ----------

export const SUMMARY_ROWS = 9;
export const SUMMARY_GAP = 1;

export interface SummaryCells {
  /** Label and value columns, SUMMARY_ROWS rows. */
  readonly formulas: (string | number)[][];
  readonly numberFormats: string[][];
  /** Row (0-based, within the block) of the revenue input cell. */
  readonly revenueRow: number;
}

/**
 * The summary block: every total is a live formula over the table's structured references.
 * `at` is the block's top-left cell; `revenue` the formula of the revenue input cell ("" = blank).
 */
export function summaryCells(at: { row: number; column: number }, revenue: string): SummaryCells {
  const value = (r: number) => `$${columnLetter(at.column + 1)}$${at.row + r + 1}`;
  // Double brackets: a column name with "$" (or any special character besides a space) must be
  // enclosed in its own brackets inside the table reference.
  const ref = (column: Column) => `${T}[[${column}]]`;
  const rows: [string, string, string][] = [
    ["AI cost classification (live formulas over " + T + ")", "$ / month", "@"],
    ["Monthly AI cost ($ / month)", `=SUM(${ref("Monthly $")})`, "$#,##0.00"],
    ["AI COGS ($ / month)", `=SUM(${ref("COGS $")})`, "$#,##0.00"],
    ["AI OpEx, R&D ($ / month)", `=SUM(${ref("OpEx $")})`, "$#,##0.00"],
    ["Mixed lines, before split ($ / month)", `=SUMIFS(${ref("Monthly $")},${ref("Classification")},"Mixed")`, "$#,##0.00"],
    ["AI COGS share of AI cost (%)", `=IF(${value(1)}=0,"",SUMPRODUCT(${ref("Monthly $")},${ref("COGS %")})/${value(1)})`, "0.0%"],
    ["Revenue ($ / month, input)", revenue, "$#,##0.00"],
    ["AI COGS share of revenue (%)", `=IF(N(${value(6)})>0,${value(2)}/${value(6)},"")`, "0.0%"],
    ["Gross-margin change (points of revenue)", `=IF(${value(7)}="","",-${value(7)})`, "0.0%"],
  ];
  return {
    formulas: rows.map(([label, formula]) => [label, formula]),
    numberFormats: rows.map(([, , format]) => ["@", format]),
    revenueRow: 6,
  };
}

// ---------- cost lines from a picked range ----------

export interface CostLine {
  readonly workload: string;
  readonly monthlyUsd: number;
  readonly vendor?: string;
  /** The bucket named in the range, when it names a known one. */
  readonly bucketName?: string;
}

const HEADER_HINTS: Record<"workload" | "monthly" | "vendor" | "bucket", RegExp> = {
  workload: /workload|name|line|item|description/i,
  monthly: /monthly|\$|usd|cost|amount|spend/i,
  vendor: /vendor|supplier|provider/i,
  bucket: /bucket|category|type/i,
};

/**
 * Cost lines from a range: Name | Monthly $ [| Vendor] [| Bucket], with or without a header row
 * (a header is a row of text naming at least one known column). Blank rows are skipped.
 */
export function parseCostLines(values: readonly (readonly unknown[])[]): CostLine[] {
  if (values.length === 0) return [];
  const first = values[0];
  const hints = Object.values(HEADER_HINTS);
  const hasHeader =
    first.every((v) => isBlank(v) || typeof v === "string") &&
    first.some((v) => typeof v === "string" && hints.some((hint) => hint.test(v)));
  let cols = { workload: 0, monthly: 1, vendor: first.length > 2 ? 2 : -1, bucket: first.length > 3 ? 3 : -1 };
  if (hasHeader) {
    const find = (hint: RegExp, fallback: number) => {
      const i = first.findIndex((h) => typeof h === "string" && hint.test(h));
      return i >= 0 ? i : fallback;
    };
    const vendor = find(HEADER_HINTS.vendor, -1);
    const bucket = find(HEADER_HINTS.bucket, -1);
    cols = {
      workload: find(HEADER_HINTS.workload, 0),
      monthly: first.findIndex((h, i) => typeof h === "string" && HEADER_HINTS.monthly.test(h) && i !== vendor && i !== bucket),
      vendor,
      bucket,
    };
    if (cols.monthly < 0) cols.monthly = 1;
  }
  const lines: CostLine[] = [];
  values.slice(hasHeader ? 1 : 0).forEach((row) => {
    if (row.every((v) => isBlank(v))) return;
    const workload = String(row[cols.workload] ?? "").trim();
    if (!workload) throw invalid(messages.classifyLineName(lines.length + 1));
    const amount = row[cols.monthly];
    if (typeof amount !== "number" || !Number.isFinite(amount) || amount < 0) throw invalid(messages.classifyLineAmount(workload, amount));
    const text = (i: number) => (i >= 0 && !isBlank(row[i]) ? String(row[i]).trim() : undefined);
    lines.push({ workload, monthlyUsd: amount, vendor: text(cols.vendor), bucketName: text(cols.bucket) });
  });
  return lines;
}
