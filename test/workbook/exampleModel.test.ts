// The example-model writer against the one fake Excel (test/support/fakeExcel): what it writes
// where, how it styles inputs, which charts it asks for, that it never reuses an existing sheet
// name, and its two syncs.
import { writeExampleModel } from "../../src/workbook/exampleModel";
import { buildExampleModel } from "../../src/sheetModel/exampleModelSpec";
import { createFakeExcel, type FakeOp } from "../support/fakeExcel/fakeExcel";

interface RangeRecord {
  address: string;
  /** What the writer set on the range: values, formulas, numberFormat, format.*, and edges (borders) by name. */
  mock: any;
}
interface ChartRecord {
  type: string;
  source: string;
  seriesBy: string;
  mock: any;
  xAxisValues: Record<number, string>;
  position?: [string, string];
}
interface SheetRecord {
  name: string;
  ranges: RangeRecord[];
  readonly charts: ChartRecord[];
  activated: boolean;
}

/** The fake over `existing` sheets, with what reached each added sheet recorded per range write. */
function makeHost(existing: string[]) {
  const fake = createFakeExcel({ sheets: Object.fromEntries(existing.map((name) => [name, {}])) });
  const local = (address: string) => address.slice(address.lastIndexOf("!") + 1);
  const sheets: SheetRecord[] = [];
  const sheetNamed = (name: string) => sheets.find((s) => s.name === name)!;
  const range = (op: FakeOp, set: (mock: any) => void) => {
    const mock = { format: { columnWidth: 0, font: { bold: false, italic: false, color: "", size: 11 }, fill: { color: "" } }, edges: {} };
    set(mock);
    sheetNamed(op.sheet).ranges.push({ address: op.address, mock });
  };
  fake.book.onOp((op: FakeOp) => {
    if (op.kind === "sheet.add") {
      const record = { name: op.sheet, ranges: [], activated: false } as unknown as SheetRecord;
      Object.defineProperty(record, "charts", { get: () => chartsOf(op.sheet) });
      sheets.push(record);
    } else if (op.kind === "activate") sheetNamed(op.sheet).activated = true;
    else if (op.kind === "write") range(op, (m) => (m[op.prop] = op.value));
    else if (op.kind === "numberFormat") range(op, (m) => (m.numberFormat = op.value));
    else if (op.kind === "format")
      range(op, (m) => {
        const path = op.path.replace(/^format\.borders\./, "edges.").split(".");
        let at = m;
        for (const key of path.slice(0, -1)) at = at[key] ??= {};
        at[path.at(-1)!] = op.value;
      });
  });
  const chartsOf = (sheet: string): ChartRecord[] =>
    fake.state.charts
      .filter((c: any) => c.sheet.name === sheet)
      .map((c: any) => ({
        type: c.type,
        source: local(c.source),
        seriesBy: c.seriesBy,
        position: c.position,
        xAxisValues: Object.fromEntries(Object.entries(c.categories).map(([i, a]) => [i, local(String(a))])),
        mock: {
          title: { text: c.title },
          axes: { valueAxis: { title: { text: c.valueAxisTitle } }, categoryAxis: { title: { text: c.categoryAxisTitle } } },
        },
      }));
  const context = fake.newContext();
  const syncs = jest.spyOn(context, "sync");
  return { context, sheets, syncs };
}

/** The last value a property was given at an address (cells may be touched by a style and by a cell write). */
function lastSet(sheet: SheetRecord, address: string, read: (m: any) => unknown): unknown {
  const hits = sheet.ranges.filter((r) => r.address === address).map((r) => read(r.mock));
  return hits.filter((v) => v !== undefined && v !== "").pop();
}

describe("writeExampleModel", () => {
  it("adds both sheets with every cell of the spec, in two syncs", async () => {
    const { context, sheets, syncs } = makeHost(["Sheet1"]);
    const result = await writeExampleModel(context);
    expect(result).toEqual({ sheets: { inputs: "AI Inputs", model: "AI Model" }, renamed: false });
    expect(syncs).toHaveBeenCalledTimes(2);
    expect(sheets.map((s) => s.name)).toEqual(["AI Inputs", "AI Model"]);

    const spec = buildExampleModel();
    for (const sheetSpec of spec.sheets) {
      const sheet = sheets.find((s) => s.name === sheetSpec.name)!;
      for (const cell of sheetSpec.cells) {
        if (cell.formula) expect(lastSet(sheet, cell.address, (m) => m.formulas)).toEqual([[cell.formula]]);
        else expect(lastSet(sheet, cell.address, (m) => m.values)).toEqual([[cell.value]]);
      }
    }
    const model = sheets[1];
    expect(lastSet(model, "C13", (m) => m.formulas)).toEqual([
      ["=AIECON.COSTPERINTERACTION('AI Inputs'!C12,0,'AI Inputs'!C13,'AI Inputs'!C13)"],
    ]);
    expect(model.activated).toBe(true);
  });

  it("styles inputs as inputs and formats spill areas in advance", async () => {
    const { context, sheets } = makeHost([]);
    await writeExampleModel(context);
    const [inputs, model] = sheets;
    const fill = (s: SheetRecord, a: string) => lastSet(s, a, (m) => m.format.fill.color);
    expect(fill(inputs, "C11")).toBe("#FFF2CC");
    expect(lastSet(inputs, "C11", (m) => m.format.font.color)).toBe("#0000FF");
    expect(fill(inputs, "B23:B27")).toBe("#FFF2CC"); // the Parent column, blank for root steps, is still an input
    expect(fill(inputs, "A9")).toBeUndefined(); // labels are not
    expect(lastSet(model, "B40:C63", (m) => m.numberFormat)).toEqual(Array.from({ length: 24 }, () => ["$#,##0.00", "$#,##0.00"]));
    expect(lastSet(model, "B40", (m) => m.values)).toBeUndefined(); // the spill anchor holds only its formula
    expect(lastSet(model, "A39", (m) => m.edges.EdgeBottom?.style)).toBe("Continuous");
  });

  it("asks for the tenure line chart and the cost-tree column chart with labelled axes", async () => {
    const { context, sheets } = makeHost([]);
    await writeExampleModel(context);
    const charts = sheets[1].charts;
    expect(charts.map((c) => [c.type, c.source, c.seriesBy])).toEqual([
      ["Line", "B39:C63", "Columns"],
      ["ColumnClustered", "C30:C35", "Columns"],
    ]);
    expect(charts[0].xAxisValues).toEqual({ 0: "A40:A63", 1: "A40:A63" });
    expect(charts[1].xAxisValues).toEqual({ 0: "A31:A35" });
    expect(charts[0].mock.title.text).toMatch(/tenure/);
    expect(charts[0].mock.axes.valueAxis.title.text).toBe("$ / user / month");
    expect(charts[1].mock.axes.categoryAxis.title.text).toBe("Step");
    expect(charts[0].position).toEqual(["G38", "N58"]);
    expect(sheets[0].charts).toEqual([]);
  });

  it("never overwrites: existing names push both sheets to a free suffix", async () => {
    const { context, sheets } = makeHost(["AI Model", "ai inputs (2)"]);
    const result = await writeExampleModel(context);
    expect(result).toEqual({ sheets: { inputs: "AI Inputs (3)", model: "AI Model (3)" }, renamed: true });
    expect(sheets.map((s) => s.name)).toEqual(["AI Inputs (3)", "AI Model (3)"]);
    expect(lastSet(sheets[1], "B6", (m) => m.formulas)).toEqual([["=B21"]]);
    expect(lastSet(sheets[1], "B5", (m) => m.formulas)).toEqual([
      ["=SUMPRODUCT('AI Inputs (3)'!B9:C9,'AI Inputs (3)'!B11:C11,'AI Inputs (3)'!B12:C12)/SUM('AI Inputs (3)'!B9:C9)"],
    ]);
  });
});
