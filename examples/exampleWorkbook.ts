// The shipped example workbook, built from the same specs the pane writes through Excel.run: the
// example model (its cost tree and breakdown), a feature cost model with a model comparison, and a
// COGS/OpEx classification. Every AIECON formula is stored with the value the add-in computes for
// it (its own functions, evaluated in HyperFormula as Excel would call them), as Excel saves a
// workbook: so aiecon-share and LibreOffice have something real to convert and compare.
import * as ExcelJS from "exceljs";
import JSZip from "jszip";
import { DetailedCellError } from "hyperformula";
import { buildExampleModel, type CellSpec, type RangeStyle } from "../src/sheetModel/exampleModelSpec";
import { buildFeatureSheet, DEFAULT_FEATURE_INPUTS, featureSheetName, type FeatureModelInputs } from "../src/sheetModel/featureModelSpec";
import { COLUMN_FORMATS } from "../src/sheetModel/classificationLayout";
import { priceRuntime } from "../src/runtime/priceRuntime";
import { cellAddress, columnNumber } from "../src/sheetModel/refs";
import { loadWorkbook } from "../test/support/hyperformulaAiecon";

export const EXAMPLE_FILE = "examples/ai-unit-economics.xlsx";

/** One sheet as the specs describe it: cells (labels, inputs, "=formulas"), range formats and column widths. */
interface SheetPlan {
  readonly name: string;
  readonly cells: readonly CellSpec[];
  readonly styles: readonly RangeStyle[];
  readonly columnWidths: Readonly<Record<string, number>>;
}

/** The feature: the domain's example split, a cost tree with guardrail, retrieval, evaluation and a retry, and four models compared. */
export const EXAMPLE_FEATURE: FeatureModelInputs = {
  ...DEFAULT_FEATURE_INPUTS,
  feature: "Support chat",
  cachedShare: 0.5,
  safety: { ...DEFAULT_FEATURE_INPUTS.safety, calls: 1 },
  embedding: { ...DEFAULT_FEATURE_INPUTS.embedding, calls: 1 },
  evaluation: { ...DEFAULT_FEATURE_INPUTS.evaluation, calls: 1 },
  retryProbability: 0.2,
  compare: ["gpt-4o", "gpt-4o-mini", "claude-sonnet-4-5", "gemini-2.5-flash"],
};

export const CLASSIFICATION_EXAMPLE_SHEET = "AI Cost Classification";

// Cost lines and the wizard's answers to its questions, one line per bucket; AIECON.CLASSIFY decides.
// Answers as a person types them: "yes", "no" or "partly" (TRUE/FALSE work the same).
const COST_LINES: readonly (readonly [string, string, number, string, string, string | null, number | null])[] = [
  ["Support chat (model API)", "Customer-facing inference", 12000, "yes", "yes", null, null],
  ["Internal coding assistant", "Internal inference", 3000, "no", "yes", null, null],
  ["Support-tone fine-tuning", "Post-deployment fine-tuning", 2500, "yes", "yes", null, null],
  ["Research training runs", "Training", 8000, "no", "no", null, null],
  ["Evaluation platform", "Monitoring and evaluation", 1500, "yes", "yes", "partly", 0.6],
  ["Vector database", "Infrastructure", 2000, "yes", "partly", null, 0.7],
];

function classificationSheet(): SheetPlan {
  const header = [
    "Workload",
    "Bucket",
    "Monthly $",
    "Customer-facing?",
    "Production?",
    "Contractually required?",
    "COGS share (mixed only)",
    "Classification",
    "COGS $",
    "OpEx $",
  ];
  const top = 4;
  const first = top + 1;
  const last = top + COST_LINES.length;
  const cells: CellSpec[] = [
    { address: "A1", value: "AI cost classification: COGS or OpEx", role: "title" },
    {
      address: "A2",
      value: "Classification is =AIECON.CLASSIFY(bucket, customer-facing, production, [contractual], [COGS share]).",
      role: "note",
    },
    ...header.map((value, c): CellSpec => ({ address: `${"ABCDEFGHIJ"[c]}${top}`, value, role: "header" })),
  ];
  COST_LINES.forEach(([workload, bucket, monthly, customer, production, contractual, share], i) => {
    const r = first + i;
    const inputs: [string, string | number | undefined][] = [
      [`A${r}`, workload],
      [`B${r}`, bucket],
      [`C${r}`, monthly],
      [`D${r}`, customer],
      [`E${r}`, production],
      [`F${r}`, contractual ?? undefined],
      [`G${r}`, share ?? undefined],
    ];
    for (const [address, v] of inputs) {
      if (v !== undefined) cells.push({ address, value: v, role: "input" });
    }
    cells.push(
      { address: `H${r}`, formula: `=AIECON.CLASSIFY(B${r},D${r},E${r},F${r},G${r})`, role: "calc" },
      { address: `I${r}`, formula: `=IF(H${r}="COGS",C${r},IF(H${r}="Mixed",C${r}*G${r},0))`, role: "calc" },
      { address: `J${r}`, formula: `=C${r}-I${r}`, role: "calc" },
    );
  });
  const total = last + 1;
  cells.push(
    { address: `A${total}`, value: "Total ($ / month)", role: "header" },
    { address: `C${total}`, formula: `=SUM(C${first}:C${last})`, role: "output" },
    { address: `I${total}`, formula: `=SUM(I${first}:I${last})`, role: "output" },
    { address: `J${total}`, formula: `=SUM(J${first}:J${last})`, role: "output" },
    { address: `A${total + 1}`, value: "AI COGS share of AI cost (fraction)", role: "label" },
    { address: `I${total + 1}`, formula: `=I${total}/C${total}`, role: "output", numberFormat: COLUMN_FORMATS["COGS %"] },
  );
  const usd = COLUMN_FORMATS["Monthly $"];
  return {
    name: CLASSIFICATION_EXAMPLE_SHEET,
    cells,
    styles: [
      { range: `C${first}:C${total}`, numberFormat: usd },
      { range: `I${first}:J${total}`, numberFormat: usd },
      { range: `G${first}:G${last}`, numberFormat: COLUMN_FORMATS["COGS %"] },
    ],
    columnWidths: { A: 210, B: 190, C: 90, D: 110, E: 90, F: 150, G: 150, H: 110, I: 90, J: 90 },
  };
}

/** Every sheet of the example, in tab order. */
export function exampleSheets(): SheetPlan[] {
  const feature = buildFeatureSheet(EXAMPLE_FEATURE);
  return [
    ...buildExampleModel().sheets,
    {
      name: featureSheetName(EXAMPLE_FEATURE.feature, []),
      cells: feature.cells,
      styles: feature.styles,
      columnWidths: feature.columnWidths,
    },
    classificationSheet(),
  ];
}

type Computed = number | string | boolean | null;

/** An example that shows an error is a broken example: generating it fails, naming the cell. */
function computedValue(v: unknown, at = ""): Computed {
  if (v instanceof DetailedCellError) throw new Error(`the example's cell ${at} computes ${v.value}: ${v.message}`);
  if (v === null || v === undefined) return null;
  if (typeof v === "number" || typeof v === "string" || typeof v === "boolean") return v;
  throw new Error(`unexpected computed value ${String(v)}`);
}

const A1 = /^([A-Z]+)(\d+)$/;

/** The workbook with every formula's computed value cached, prices from the bundled table alone. */
export function buildExampleWorkbook(): ExcelJS.Workbook {
  priceRuntime.setWorkbookPrices([]);
  const sheets = exampleSheets();
  const engine = loadWorkbook(
    Object.fromEntries(sheets.map((s) => [s.name, Object.fromEntries(s.cells.map((c) => [c.address, c.formula ?? c.value!]))])),
  );
  const { hf } = engine;
  const wb = new ExcelJS.Workbook();
  wb.creator = "aiecon-excel-addin (npm run examples)";
  wb.created = wb.modified = new Date(Date.UTC(2026, 0, 1));
  for (const plan of sheets) {
    const ws = wb.addWorksheet(plan.name);
    const sheetId = hf.getSheetId(plan.name)!;
    for (const [letter, points] of Object.entries(plan.columnWidths)) ws.getColumn(letter).width = Math.round(points / 6);
    for (const style of plan.styles) {
      if (!style.numberFormat) continue;
      const [from, to = from] = style.range.split(":");
      const [, c1, r1] = A1.exec(from)!;
      const [, c2, r2] = A1.exec(to)!;
      for (let r = Number(r1); r <= Number(r2); r++)
        for (let c = columnNumber(c1); c <= columnNumber(c2); c++) ws.getCell(r, c).numFmt = style.numberFormat;
    }
    const formulaCells = new Set(plan.cells.filter((c) => c.formula).map((c) => c.address));
    for (const cell of plan.cells) {
      const target = ws.getCell(cell.address);
      if (cell.numberFormat) target.numFmt = cell.numberFormat;
      if (["title", "section", "header", "output"].includes(cell.role)) target.font = { bold: true };
      if (!cell.formula) {
        target.value = cell.value!;
        continue;
      }
      const at = hf.simpleCellAddressFromString(cell.address, sheetId)!;
      const result = computedValue(hf.getCellValue(at), `${plan.name}!${cell.address}`);
      const formula = cell.formula.slice(1);
      if (!/AIECON\./.test(formula) || !hf.isCellPartOfArray(at)) {
        target.value = { formula, result } as ExcelJS.CellFormulaValue;
        continue;
      }
      // A spilling AIECON call: its extent is where the engine's array continues, up to the next
      // formula (two curves spill side by side). Stored as Excel stores an array formula: the
      // formula and range on the anchor, plain values in the other cells.
      const spills = (row: number, col: number) =>
        hf.isCellPartOfArray({ ...at, row, col }) && !formulaCells.has(cellAddress(row + 1, col + 1));
      let bottom = at.row;
      while (spills(bottom + 1, at.col)) bottom++;
      let right = at.col;
      while (spills(at.row, right + 1)) right++;
      const ref = `${cell.address}:${cellAddress(bottom + 1, right + 1)}`;
      target.value = { formula, result, shareType: "array", ref } as unknown as ExcelJS.CellFormulaValue;
      for (let r = at.row; r <= bottom; r++)
        for (let c = at.col; c <= right; c++) {
          if (r === at.row && c === at.col) continue;
          ws.getCell(r + 1, c + 1).value = computedValue(
            hf.getCellValue({ sheet: sheetId, row: r, col: c }),
            `${plan.name}!${cellAddress(r + 1, c + 1)}`,
          );
        }
    }
  }
  hf.destroy();
  return wb;
}

/** The .xlsx bytes; fixed zip dates, so the same specs and prices always give the same file. */
export async function exampleWorkbookBytes(): Promise<Buffer> {
  const written = Buffer.from(await buildExampleWorkbook().xlsx.writeBuffer());
  const source = await JSZip.loadAsync(written);
  const zip = new JSZip();
  const date = new Date(Date.UTC(2000, 0, 1));
  for (const name of Object.keys(source.files).sort()) {
    const entry = source.files[name];
    if (!entry.dir) zip.file(name, await entry.async("nodebuffer"), { date, createFolders: false });
  }
  return zip.generateAsync({ type: "nodebuffer", compression: "DEFLATE", compressionOptions: { level: 6 } });
}
