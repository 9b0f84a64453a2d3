// The example-model writer against office-addin-mock: what it writes where, how it styles inputs,
// which charts it asks for, that it never reuses an existing sheet name, and its two syncs.
import { OfficeMockObject } from "office-addin-mock";
import { writeExampleModel } from "../../src/workbook/exampleModel";
import { buildExampleModel } from "../../src/sheetModel/exampleModelSpec";

interface RangeRecord {
  address: string;
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
  charts: ChartRecord[];
  activated: boolean;
}

function makeHost(existing: string[]) {
  const sheets: SheetRecord[] = [];
  // Where each range proxy points; reading .address off a proxy without load() is an error in Office too.
  const addressOf = new WeakMap<object, string>();
  const rangeMock = (sheet: SheetRecord, address: string) => {
    const edges: Record<string, any> = {};
    const mock: any = new OfficeMockObject({
      host: "excel",
      format: {
        columnWidth: 0,
        font: { bold: false, italic: false, color: "", size: 11 },
        fill: { color: "" },
        borders: { getItem: (edge: string) => (edges[edge] ??= { style: "None" }) },
      },
    });
    mock.edges = edges;
    addressOf.set(mock, address);
    sheet.ranges.push({ address, mock });
    return mock;
  };
  const chartMock = (sheet: SheetRecord, type: string, source: any, seriesBy: string) => {
    const record: ChartRecord = { type, source: addressOf.get(source)!, seriesBy, mock: undefined, xAxisValues: {} };
    record.mock = new OfficeMockObject({
      host: "excel",
      title: { text: "" },
      axes: { valueAxis: { title: { text: "" } }, categoryAxis: { title: { text: "" } } },
      series: {
        getItemAt: (i: number) => ({ setXAxisValues: (range: any) => (record.xAxisValues[i] = addressOf.get(range)!) }),
      },
      setPosition: (a: string, b: string) => (record.position = [a, b]),
    });
    sheet.charts.push(record);
    return record.mock;
  };
  const context: any = new OfficeMockObject({
    host: "excel",
    workbook: {
      worksheets: {
        items: existing.map((name) => ({ name })),
        add: (name: string) => {
          if ([...existing, ...sheets.map((s) => s.name)].some((n) => n.toLowerCase() === name.toLowerCase())) {
            throw new Error(`A sheet named ${name} already exists`);
          }
          const sheet: SheetRecord = { name, ranges: [], charts: [], activated: false };
          sheets.push(sheet);
          return {
            name,
            getRange: (address: string) => rangeMock(sheet, address),
            charts: { add: (type: string, source: any, seriesBy: string) => chartMock(sheet, type, source, seriesBy) },
            activate: () => (sheet.activated = true),
          };
        },
      },
    },
  });
  const syncs = jest.spyOn(context, "sync");
  return { context, sheets, syncs };
}

/** The last value a property was given at an address (cells may be touched by a style and by a cell write). */
function lastSet(sheet: SheetRecord, address: string, read: (m: any) => unknown): unknown {
  // A mock property never assigned reads as office-addin-mock's "not loaded" error text.
  const assigned = (v: unknown) => (typeof v === "string" && v.startsWith("Error, property") ? undefined : v);
  const hits = sheet.ranges.filter((r) => r.address === address).map((r) => assigned(read(r.mock)));
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
