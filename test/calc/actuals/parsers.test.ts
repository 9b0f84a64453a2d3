// The billing-export parsers on fixtures written from the providers' documented field names, and on
// the real FOCUS 1.0 sample in shared/actuals.
import { readFileSync } from "node:fs";
import path from "node:path";
import { importActualsText } from "../../../src/calc/actuals/importFile";
import {
  ActualsFileError,
  ALL_MODELS,
  UNASSIGNED,
  type ActualRow,
  type ActualsImport,
  type ImportOptions,
} from "../../../src/calc/actuals/types";
import { sharedFile } from "../../support/sharedDir";

const FIXTURES = path.resolve(__dirname, "../../fixtures/actuals");
const fixture = (name: string) => readFileSync(path.join(FIXTURES, name), "utf8");
const SAMPLE = sharedFile("actuals", "focus-1.0-sample.csv");

const FEATURES: ImportOptions["featureMap"] = {
  proj_support: "Support bot",
  proj_search: "Search",
  wrkspc_support: "Support bot",
  "support-bot": "Support bot",
  search: "Search",
};

const find = (result: ActualsImport, where: Partial<ActualRow>): ActualRow[] =>
  result.rows.filter((r) => Object.entries(where).every(([k, v]) => r[k as keyof ActualRow] === v));
const one = (result: ActualsImport, where: Partial<ActualRow>): ActualRow => {
  const rows = find(result, where);
  expect(rows).toHaveLength(1);
  return rows[0];
};
const failure = async (promise: Promise<unknown>): Promise<ActualsFileError> => {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ActualsFileError);
  return error as ActualsFileError;
};

describe("OpenAI Usage API (completions)", () => {
  it("aggregates buckets of all pages to month × model × feature; input_tokens already includes cached tokens", async () => {
    const result = await importActualsText(fixture("openai-usage.json"), { featureMap: FEATURES });
    expect(result.format).toBe("openai-usage");
    expect(result.recordsRead).toBe(5);
    const mini = one(result, { month: "2025-09", model: "gpt-4o-mini-2024-07-18" });
    expect(mini).toMatchObject({
      provider: "OpenAI",
      feature: "Support bot",
      inputTokens: 2_000_000,
      cachedInputTokens: 1_000_000,
      outputTokens: 500_000,
      requests: 2500,
      billedUsd: null,
      source: "OpenAI usage",
    });
    expect(one(result, { month: "2025-09", model: "gpt-4o" })).toMatchObject({ feature: "Search", inputTokens: 500_000, requests: 200 });
    expect(one(result, { month: "2025-10" })).toMatchObject({ inputTokens: 2_000_000, requests: 100 });
  });

  it("keeps usage not grouped by model (model null) as its own row, and an unknown project as Unassigned", async () => {
    const result = await importActualsText(fixture("openai-usage.json"), { featureMap: FEATURES });
    const ungrouped = one(result, { model: ALL_MODELS });
    expect(ungrouped).toMatchObject({ feature: UNASSIGNED, inputTokens: 10_000, outputTokens: 5000, month: "2025-09" });
    expect(result.unmapped).toEqual([{ key: "proj_labs", rows: 1, billedUsd: 0, tokens: 15_000 }]);
  });

  it("covers every bucket's month, even one with no results, so a re-import replaces it", async () => {
    const result = await importActualsText(fixture("openai-usage.json"));
    expect(result.coverage).toEqual(
      expect.arrayContaining([
        { source: "OpenAI usage", provider: "OpenAI", month: "2025-09" },
        { source: "OpenAI usage", provider: "OpenAI", month: "2025-10" },
      ]),
    );
    expect(result.rows.every((r) => r.feature === UNASSIGNED)).toBe(true);
  });

  it("refuses cached tokens above input tokens, naming the result", async () => {
    const bad = fixture("openai-usage.json").replace('"input_cached_tokens": 400000', '"input_cached_tokens": 4000000');
    const error = await failure(importActualsText(bad));
    expect(error.message).toContain("Page 1, data[0].results[0]");
    expect(error.message).toContain("input_cached_tokens");
  });

  it("refuses a non-number token count, naming the field", async () => {
    const bad = fixture("openai-usage.json").replace('"output_tokens": 100000', '"output_tokens": "lots"');
    const error = await failure(importActualsText(bad));
    expect(error.message).toMatch(/Page 1, data\[0\]\.results\[1\]: output_tokens must be a number/);
  });
});

describe("OpenAI Costs API", () => {
  it("reads amount.value as billed dollars per line item's model and project", async () => {
    const result = await importActualsText(fixture("openai-costs.json"), { featureMap: FEATURES });
    expect(result.format).toBe("openai-costs");
    expect(one(result, { model: "gpt-4o-mini-2024-07-18" })).toMatchObject({
      feature: "Support bot",
      billedUsd: 0.75,
      inputTokens: 0,
      requests: null,
      source: "OpenAI costs",
    });
    expect(one(result, { model: "gpt-4o-2024-08-06" }).billedUsd).toBe(2.25);
    expect(one(result, { model: ALL_MODELS })).toMatchObject({ feature: UNASSIGNED, billedUsd: 1 });
  });

  it("refuses another currency unless a rate is given, then converts", async () => {
    const eur = fixture("openai-costs.json").replace('"value": 2.25, "currency": "usd"', '"value": 2.25, "currency": "eur"');
    const error = await failure(importActualsText(eur));
    expect(error.message).toContain("Page 1, data[0].results[2].amount.currency");
    expect(error.message).toContain("EUR");
    const converted = await importActualsText(eur, { usdRates: { EUR: 1.2 } });
    expect(one(converted, { model: "gpt-4o-2024-08-06" }).billedUsd).toBeCloseTo(2.7, 12);
    expect(converted.converted).toEqual(["EUR"]);
  });
});

describe("Anthropic usage report (messages)", () => {
  it("adds uncached input, cache reads and cache creation into input tokens (Anthropic's input excludes cache reads)", async () => {
    const result = await importActualsText(fixture("anthropic-usage.json"), { featureMap: FEATURES });
    expect(result.format).toBe("anthropic-usage");
    expect(one(result, { model: "claude-sonnet-4-20250514" })).toMatchObject({
      provider: "Anthropic",
      feature: "Support bot",
      inputTokens: 1_000_000 + 2_000_000 + 150_000,
      cachedInputTokens: 2_000_000,
      cacheWriteTokens: 150_000,
      outputTokens: 300_000,
      requests: null,
      month: "2025-09",
    });
    expect(one(result, { model: ALL_MODELS })).toMatchObject({ feature: UNASSIGNED, inputTokens: 20_000 });
  });

  it("the same cache-read count means different input totals in OpenAI and Anthropic exports", async () => {
    const openai = JSON.stringify({
      data: [{ start_time: 1756684800, results: [{ input_tokens: 1000, input_cached_tokens: 600, output_tokens: 0, model: "m" }] }],
    });
    const anthropic = JSON.stringify({
      data: [
        {
          starting_at: "2025-09-01T00:00:00Z",
          results: [{ uncached_input_tokens: 1000, cache_read_input_tokens: 600, output_tokens: 0, model: "m" }],
        },
      ],
    });
    const [o, a] = await Promise.all([importActualsText(openai), importActualsText(anthropic)]);
    expect([o.rows[0].inputTokens, o.rows[0].cachedInputTokens]).toEqual([1000, 600]);
    expect([a.rows[0].inputTokens, a.rows[0].cachedInputTokens]).toEqual([1600, 600]);
  });
});

describe("FOCUS cost and usage CSV", () => {
  it("refuses a non-USD row without a rate, naming its line", async () => {
    const error = await failure(importActualsText(fixture("focus-ai.csv"), { featureMap: FEATURES }));
    expect(error.message).toContain("Line 8, BillingCurrency");
    expect(error.message).toContain("EUR");
  });

  it("reads tokens, infrastructure, credits and corrections, with tags as feature keys", async () => {
    const result = await importActualsText(fixture("focus-ai.csv"), { featureMap: FEATURES, usdRates: { EUR: 1.1 } });
    expect(result.format).toBe("focus");
    const source = "FOCUS (billing 2025-09)";
    expect(one(result, { month: "2025-09", provider: "AWS", model: "claude-sonnet-4" })).toMatchObject({
      feature: "Support bot",
      inputTokens: 1_000_000,
      outputTokens: 300_000,
      billedUsd: 7.5,
      source,
    });
    // Vector database and egress are costs too.
    expect(one(result, { model: "Amazon OpenSearch Service" })).toMatchObject({ feature: "Support bot", billedUsd: 12.5, inputTokens: 0 });
    expect(one(result, { model: "AWS Data Transfer" })).toMatchObject({ feature: UNASSIGNED, billedUsd: 1.25 });
    // A credit lowers the bill, in its month.
    expect(one(result, { model: "Amazon Bedrock" })).toMatchObject({ billedUsd: -2, feature: UNASSIGNED });
    // A correction lands in the month it corrects, under the invoice it came with.
    expect(one(result, { month: "2025-08" })).toMatchObject({ billedUsd: -0.5, source, model: "claude-sonnet-4" });
    expect(one(result, { month: "2025-08" }).inputTokens).toBeCloseTo(-166_666.666666, 3);
    expect(one(result, { provider: "Microsoft" })).toMatchObject({ model: "gpt-4o-mini", feature: "Search", inputTokens: 2_000_000 });
    expect(one(result, { provider: "Microsoft" }).billedUsd).toBeCloseTo(11, 12);
    const total = result.rows.reduce((s, r) => s + (r.billedUsd ?? 0), 0);
    expect(total).toBeCloseTo(3 + 4.5 + 12.5 + 1.25 - 2 - 0.5 + 11, 10);
  });

  it("imports the real FOCUS 1.0 sample: every dollar kept, NULL literals, JSON tags with doubled quotes", async () => {
    const text = readFileSync(SAMPLE, "utf8");
    const result = await importActualsText(text, { featureMap: { BrightPathMatrix: "Matrix" } });
    expect(result.recordsRead).toBe(1000);
    const total = result.rows.reduce((s, r) => s + (r.billedUsd ?? 0), 0);
    // Sum of BilledCost over the file, computed independently of this code.
    expect(total).toBeCloseTo(20.52022672899003, 9);
    expect(new Set(result.rows.map((r) => r.provider))).toEqual(new Set(["AWS", "Microsoft", "Oracle"]));
    expect(new Set(result.rows.map((r) => r.month))).toEqual(new Set(["2024-09"]));
    // One Oracle row of the sample belongs to the October invoice (BillingPeriodStart 2024-10-01).
    expect(new Set(result.rows.map((r) => r.source))).toEqual(new Set(["FOCUS (billing 2024-09)", "FOCUS (billing 2024-10)"]));
    expect(result.rows.filter((r) => r.source.endsWith("2024-10)")).every((r) => r.provider === "Oracle")).toBe(true);
    expect(result.rows.some((r) => r.feature === "Matrix")).toBe(true);
    expect(result.rows.some((r) => r.feature === UNASSIGNED)).toBe(true);
  });

  it("refuses a FOCUS file without BilledCost or a required column, naming the columns and line 1", async () => {
    const text = fixture("focus-ai.csv").replace("ProviderName", "Provider");
    const error = await failure(importActualsText(text, { usdRates: { EUR: 1 } }));
    expect(error.message).toContain("Line 1");
    expect(error.message).toContain("'ProviderName'");
  });

  it("refuses a truncated file, naming the last line", async () => {
    const text = readFileSync(SAMPLE, "utf8");
    const cut = text.slice(0, text.indexOf("\n", 200_000) + 120);
    const lines = cut.split("\n").length;
    const error = await failure(importActualsText(cut));
    expect(error.message).toMatch(new RegExp(`Line ${lines}\\b`));
  });

  it("refuses a bad number, naming the line and field", async () => {
    const text = fixture("focus-ai.csv").replace("12.50000000000", "12.5O");
    const error = await failure(importActualsText(text, { usdRates: { EUR: 1 } }));
    expect(error.message).toMatch(/^Line 4: BilledCost must be a number/);
  });

  it("refuses a row with more fields than the header, naming its line", async () => {
    const text = fixture("focus-ai.csv").replace("12.50000000000", "12,5");
    const error = await failure(importActualsText(text, { usdRates: { EUR: 1 } }));
    expect(error.message).toMatch(/^Line 4: 18 fields where the header has 17/);
  });

  it("refuses tags that are not JSON, naming the line and field", async () => {
    const text = fixture("focus-ai.csv").replace('"{""feature"": ""support-bot""}"', '"feature=support-bot"');
    const error = await failure(importActualsText(text, { usdRates: { EUR: 1 } }));
    expect(error.message).toMatch(/^Line 4: Tags is not JSON/);
  });
});

describe("any other CSV, through a column mapping", () => {
  const mapping = {
    date: "Day",
    model: "Engine",
    inputTokens: "Prompt tokens",
    outputTokens: "Completion tokens",
    requests: "Calls",
    cost: "Spend",
    featureKey: "Team",
  };

  it("asks for a mapping when the CSV is not FOCUS", async () => {
    const error = await failure(importActualsText(fixture("generic.csv")));
    expect(error.message).toContain("map its columns");
  });

  it("imports with the mapping, reading thousands separators and dollar signs", async () => {
    const result = await importActualsText(fixture("generic.csv"), {
      csvMapping: mapping,
      csvProvider: "Self-hosted",
      featureMap: { support: "Support bot" },
    });
    expect(result.format).toBe("csv");
    expect(one(result, { month: "2025-09" })).toMatchObject({
      provider: "Self-hosted",
      model: "llama-3-70b",
      feature: "Support bot",
      inputTokens: 1_500_000,
      outputTokens: 300_000,
      requests: 750,
      source: "CSV",
    });
    expect(one(result, { month: "2025-09" }).billedUsd).toBeCloseTo(1.8, 12);
    expect(one(result, { month: "2025-10" }).feature).toBe(UNASSIGNED);
  });

  it("names a mapped column the file lacks", async () => {
    const error = await failure(importActualsText(fixture("generic.csv"), { csvMapping: { ...mapping, cost: "Amount" } }));
    expect(error.message).toContain("'Amount'");
  });

  it.each([
    ["unpriced", "my-own-model"],
    ["priced", "gpt-4o"],
  ])("refuses negative input tokens on a row of an %s model, naming the line and column", async (_kind, model) => {
    const text = fixture("generic.csv").replace("2025-09-15,llama-3-70b,500000", `2025-09-15,${model},-500000`);
    const error = await failure(importActualsText(text, { csvMapping: mapping }));
    expect(error.message).toBe("Line 3: Prompt tokens must be 0 or more; got '-500000'; nothing was imported.");
  });

  it("refuses negative output tokens and requests, but keeps a negative cost (a credit)", async () => {
    const output = fixture("generic.csv").replace(",200000,500,", ",-200000,500,");
    expect((await failure(importActualsText(output, { csvMapping: mapping }))).message).toMatch(
      /^Line 2: Completion tokens must be 0 or more/,
    );
    const requests = fixture("generic.csv").replace(",200000,500,", ",200000,-500,");
    expect((await failure(importActualsText(requests, { csvMapping: mapping }))).message).toMatch(/^Line 2: Calls must be 0 or more/);
    const credit = fixture("generic.csv").replace("$1.20", "-$1.20");
    expect(one(await importActualsText(credit, { csvMapping: mapping }), { month: "2025-09" }).billedUsd).toBeCloseTo(-0.6, 12);
  });

  it("names the line and column of a date it cannot read", async () => {
    const text = fixture("generic.csv").replace("2025-09-15", "15th Sept");
    const error = await failure(importActualsText(text, { csvMapping: mapping }));
    expect(error.message).toMatch(/^Line 3: Day must be a date/);
  });
});

describe("malformed JSON", () => {
  it("names the line of a syntax error", async () => {
    const text = fixture("anthropic-usage.json").replace('"output_tokens": 300000,', '"output_tokens": 300000,,');
    const error = await failure(importActualsText(text));
    const line = text.split("\n").findIndex((l) => l.includes("300000,,")) + 1;
    expect(error.message).toContain(`line ${line}`);
  });

  it("says a truncated file ends early", async () => {
    const text = fixture("openai-costs.json");
    const error = await failure(importActualsText(text.slice(0, text.length / 2)));
    expect(error.message).toMatch(/not valid JSON at line \d+/);
  });

  it("refuses JSON that is no known export", async () => {
    const error = await failure(importActualsText(JSON.stringify({ data: [{ results: [{ foo: 1 }] }] })));
    expect(error.message).toContain("not an OpenAI usage");
  });
});

describe("FOCUS rows of a model service (Bedrock) name the model used", () => {
  // Built like an AWS FOCUS 1.2 export of Bedrock: SkuMeter is NULL on token rows; the model sits in
  // SkuPriceDetails, an x_ column or the ResourceId ARN, depending on the row.
  const header =
    "BilledCost,BillingCurrency,BillingPeriodStart,ChargeCategory,ChargeDescription,ChargePeriodStart,ConsumedQuantity,ConsumedUnit,ProviderName,ResourceId,ServiceCategory,ServiceName,SkuMeter,SkuPriceDetails,x_ModelId,Tags";
  const line = (cost: number, qty: number, description: string, resource: string, details: string, xModel: string) =>
    [
      cost,
      '"USD"',
      '"2025-09-01 00:00:00"',
      '"Usage"',
      `"${description}"`,
      '"2025-09-03 00:00:00"',
      qty,
      '"1K Tokens"',
      '"AWS"',
      resource,
      '"AI and Machine Learning"',
      '"Amazon Bedrock"',
      "NULL",
      details,
      xModel,
      "NULL",
    ].join(",");
  const file = [
    header,
    line(
      3,
      1000,
      "input tokens",
      '"arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-5-sonnet-20240620-v1:0"',
      "NULL",
      "NULL",
    ),
    line(
      1.5,
      100,
      "output tokens",
      '"arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.meta.llama3-1-70b-instruct-v1:0"',
      "NULL",
      "NULL",
    ),
    line(0.4, 500, "input tokens", "NULL", '"{""ModelName"": ""amazon.nova-pro-v1:0"", ""TokenType"": ""input""}"', "NULL"),
    line(0.2, 250, "input tokens", "NULL", "NULL", '"cohere.command-r-v1:0"'),
    line(0.1, 50, "input tokens", "NULL", "NULL", "NULL"),
  ].join("\n");

  it("reads the model from SkuPriceDetails, an x_ model column or the ResourceId, and says which rows keep the service name", async () => {
    const result = await importActualsText(file);
    expect(result.rows.map((r) => r.model).sort()).toEqual([
      "Amazon Bedrock",
      "amazon.nova-pro-v1:0",
      "anthropic.claude-3-5-sonnet-20240620-v1:0",
      "cohere.command-r-v1:0",
      "us.meta.llama3-1-70b-instruct-v1:0",
    ]);
    expect(one(result, { model: "anthropic.claude-3-5-sonnet-20240620-v1:0" })).toMatchObject({ inputTokens: 1_000_000, billedUsd: 3 });
    expect(one(result, { model: "us.meta.llama3-1-70b-instruct-v1:0" })).toMatchObject({ outputTokens: 100_000 });
    expect(result.modelMissing).toEqual(["Amazon Bedrock"]);
  });

  it("a file whose meters name the model reports nothing missing", async () => {
    expect((await importActualsText(fixture("focus-ai.csv"), { usdRates: { EUR: 1.1 } })).modelMissing).toEqual([]);
  });
});
