// The feature-model writer against the fake workbook (test/support/classifyHost.ts): a new sheet
// that overwrites nothing, in two syncs; re-opening reads the inputs back and edits them in place.
import { writeFeatureModel, readActiveFeatureModel } from "../../src/workbook/featureModel";
import {
  CHART_NAMES,
  DEFAULT_FEATURE_INPUTS,
  FEATURE_INPUTS,
  buildFeatureSheet,
  type FeatureModelInputs,
} from "../../src/sheetModel/featureModelSpec";
import { createFakeExcel, type FakeExcelInit } from "../support/classifyHost";
import { landsAs } from "../support/excelText";

const plain = (d: any) =>
  Object.assign(d, {
    load() {
      return this;
    },
  });

function host(init: FakeExcelInit) {
  const fake = createFakeExcel(init, plain);
  const context = fake.context as Excel.RequestContext;
  return { fake, context, inspect: fake.inspect };
}

const inputs: FeatureModelInputs = {
  ...DEFAULT_FEATURE_INPUTS,
  feature: "Support chat",
  model: "gpt-4o",
  compare: ["gpt-4o", "gpt-4o-mini", "claude-sonnet-4"],
  evaluation: { ...DEFAULT_FEATURE_INPUTS.evaluation, calls: 1 },
  retryProbability: 0.2,
};

describe("writing a feature cost model", () => {
  it("adds a sheet named after the feature with every formula and input, styled, two charts, in two syncs", async () => {
    const { context, inspect } = host({ sheets: { Budget: { A1: "mine" }, "Support chat cost": { A1: "taken" } } });
    const written = await writeFeatureModel(context, inputs);
    expect(written).toEqual({ sheet: "Support chat cost (2)", created: true });
    expect(inspect.syncs).toBe(2);
    expect(inspect.sheetNames()).toEqual(["Budget", "Support chat cost", "Support chat cost (2)"]);
    expect(inspect.cell("Support chat cost", "A1")).toBe("taken");
    expect(inspect.activeSheet()).toBe("Support chat cost (2)");
    const sheet = written.sheet;
    for (const cell of buildFeatureSheet(inputs).cells) {
      const got = inspect.cell(sheet, cell.address);
      expect({ at: cell.address, got }).toEqual({ at: cell.address, got: cell.formula ?? (cell.value === "" ? undefined : cell.value) });
    }
    expect(inspect.cell(sheet, "B44")).toBe("=AIECON.COSTTREE(A26:H31,,B8)");
    expect(inspect.cell(sheet, "B47")).toBe("=AIECON.COSTPERUSER(B44,B21)");
    expect(inspect.styleOf(sheet, FEATURE_INPUTS.systemPromptTokens)).toEqual({ "fill.color": "#FFF2CC", "font.color": "#0000FF" });
    expect(inspect.styleOf(sheet, "B43")).toBeUndefined();
    expect(inspect.charts()).toEqual([
      expect.objectContaining({
        sheet,
        name: CHART_NAMES.perUser,
        type: "ColumnClustered",
        source: `'${sheet}'!E43:E45`,
        categories: { 0: `'${sheet}'!D44:D45` },
      }),
      expect.objectContaining({
        sheet,
        name: CHART_NAMES.comparison,
        type: "BarClustered",
        source: `'${sheet}'!K32:K35`,
        categories: { 0: `'${sheet}'!J33:J35` },
      }),
      expect.objectContaining({
        sheet,
        name: CHART_NAMES.tornado,
        type: "BarStacked",
        source: `'${sheet}'!C89:D97`,
        categories: { 0: `'${sheet}'!B90:B97`, 1: `'${sheet}'!B90:B97` },
      }),
    ]);
  });

  it("re-opened on its sheet, reads the inputs back and edits them in place: no second sheet, the comparison rewritten", async () => {
    const { context, inspect } = host({ sheets: { Budget: {} } });
    const { sheet } = await writeFeatureModel(context, inputs);
    // The user changed ARPU on the sheet itself: the form re-opens on what the sheet says.
    inspect.setCell(sheet, FEATURE_INPUTS.arpu, 80);
    const opened = await readActiveFeatureModel(context);
    expect(opened).toEqual({ sheet, inputs: { ...inputs, arpu: 80 } });

    const before = inspect.syncs;
    const edited: FeatureModelInputs = {
      ...opened!.inputs,
      systemPromptTokens: 1500,
      usage: { per: "day", interactions: 4, days: 22 },
      compare: ["gpt-4o-mini"],
    };
    expect(await writeFeatureModel(context, edited, sheet)).toEqual({ sheet, created: false });
    expect(inspect.syncs - before).toBe(2);
    expect(inspect.sheetNames()).toEqual(["Budget", sheet]);
    expect(inspect.cell(sheet, FEATURE_INPUTS.systemPromptTokens)).toBe(1500);
    expect(inspect.cell(sheet, FEATURE_INPUTS.perDay)).toBe(4);
    expect(inspect.cell(sheet, FEATURE_INPUTS.perMonth)).toBe("=B19*B20");
    expect(inspect.cell(sheet, FEATURE_INPUTS.arpu)).toBe(80);
    // One model left: the old rows and ranking are gone, the chart follows the new block.
    expect(inspect.cell(sheet, "I27")).toBe("gpt-4o-mini");
    expect(inspect.cell(sheet, "I28")).toBeUndefined();
    expect(inspect.cell(sheet, "J31")).toBe("=INDEX(I$27:I$27,MATCH(I31,N$27:N$27,0))");
    expect(inspect.cell(sheet, "J33")).toBeUndefined();
    const charts = inspect.charts();
    // The comparison's chart is rewritten (so it comes last); the others stay as first written.
    expect(charts.map((c: { name: string }) => c.name)).toEqual([CHART_NAMES.perUser, CHART_NAMES.tornado, CHART_NAMES.comparison]);
    expect(charts[2].source).toBe(`'${sheet}'!K30:K31`);
    // Everything else (labels, formulas) is as first written.
    expect(inspect.cell(sheet, "B44")).toBe("=AIECON.COSTTREE(A26:H31,,B8)");
  });

  it("is not fooled by another sheet: the active sheet must carry the model's labels", async () => {
    const { context, inspect } = host({ sheets: { Budget: { A4: "Feature" } } });
    expect(await readActiveFeatureModel(context)).toBeNull();
    const { sheet } = await writeFeatureModel(context, inputs);
    inspect.setCell(sheet, "A10", "something else");
    await expect(writeFeatureModel(context, inputs, sheet)).rejects.toThrow(
      /no longer has the feature cost model's layout, so nothing was changed/,
    );
    expect(inspect.cell(sheet, "A10")).toBe("something else");
  });
});

describe("names typed in the form", () => {
  it("a feature and model names starting with = + - @ land as text, and the form reads them back as typed", async () => {
    const { context, inspect } = host({ sheets: { Budget: {} } });
    const hostile: FeatureModelInputs = {
      ...inputs,
      feature: "-Support chat",
      model: '=HYPERLINK("http://evil","x")',
      compare: ["@SUM(A1)", "+1+1", "gpt-4o"],
      safety: { ...inputs.safety, model: "=1+1" },
    };
    const { sheet } = await writeFeatureModel(context, hostile);
    const at = (address: string) => landsAs(inspect.cell(sheet, address) as string);
    expect(at(FEATURE_INPUTS.feature)).toEqual({ kind: "text", text: "-Support chat" });
    expect(at(FEATURE_INPUTS.model)).toEqual({ kind: "text", text: hostile.model });
    const written = buildFeatureSheet(hostile).cells.filter(
      (c) => c.formula === undefined && typeof c.value === "string" && c.value !== "",
    );
    for (const cell of written)
      expect({ at: cell.address, landed: at(cell.address) }).toEqual({ at: cell.address, landed: { kind: "text", text: cell.value } });
    const opened = await readActiveFeatureModel(context);
    expect(opened!.inputs).toMatchObject({ feature: hostile.feature, model: hostile.model, compare: hostile.compare });
  });
});
