/** @jest-environment jsdom */
// The Actuals tab's hooks in jsdom against the workbook of the actuals tests (test/workbook/actualsBook.ts
// on the one fake Excel): a billing export read and written to AIECON_Actuals, a generic CSV's column
// mapping, a refused file with its line and column, currency rates, progress and Cancel, the features
// of unknown keys, and the usage CSV written to AIECON_Usage. The pane parses in a Web Worker; here the
// same calc code parses on the test's thread (jsdom has no Worker).
import { readFileSync } from "node:fs";
import path from "node:path";
import { File as NodeFile } from "node:buffer";
import { act, renderHook, waitFor } from "@testing-library/react";
import { importActualsText } from "../../../src/calc/actuals/importFile";
import type { ActualsImport } from "../../../src/calc/actuals/types";
import type { ParseActualsFile } from "../../../src/taskpane/components/Actuals/parseInWorker";
import { useActuals } from "../../../src/taskpane/components/Actuals/useActuals";
import { useUsageImport } from "../../../src/taskpane/components/Actuals/useUsageImport";
import { ACTUALS_TABLE, FEATURE_MAP_TABLE, monthSerial } from "../../../src/sheetModel/actualsLayout";
import { CSV_MAPPING_SETTING } from "../../../src/workbook/actuals";
import { USAGE_MAPPING_SETTING } from "../../../src/workbook/usage";
import { USAGE_TABLE } from "../../../src/sheetModel/usageLayout";
import { installActualsExcel, newActualsBook, type ActualsBook } from "../../workbook/actualsBook";

const fixture = (name: string) => readFileSync(path.resolve(__dirname, "../../fixtures/actuals", name), "utf8");
/** jsdom's File cannot be read as text; Node's can, as a browser's can. */
const fileOf = (name: string, text: string) => new NodeFile([text], name) as unknown as File;

/** Parses with the calc code the worker runs, on this thread, in small chunks so progress is reported. */
const parseHere: ParseActualsFile = (request, onProgress) => ({
  result: request.file.text().then((text) => importActualsText(text, request.options, { onProgress, chunkSize: 64 })),
  cancel: () => undefined,
});

/** A parse that reports progress and then waits, as a big file does, until it is cancelled or finished. */
function heldParse() {
  const held = { started: false, cancelled: false, finish: (_: ActualsImport) => {}, progress: (_f: number, _r: number) => {} };
  const parse: ParseActualsFile = (_request, onProgress) => {
    held.started = true;
    held.progress = onProgress;
    return {
      result: new Promise<ActualsImport>((resolve) => (held.finish = resolve)),
      cancel: () => (held.cancelled = true),
    };
  };
  return { held, parse };
}

function book(init: Parameters<typeof newActualsBook>[0] = {}): ActualsBook {
  const b = newActualsBook(init);
  installActualsExcel(b);
  return b;
}

afterEach(() => {
  delete (globalThis as { Excel?: unknown }).Excel;
});

const GENERIC_MAPPING = {
  date: "Day",
  model: "Engine",
  inputTokens: "Prompt tokens",
  outputTokens: "Completion tokens",
  requests: "Calls",
  cost: "Spend",
  featureKey: "Team",
};

describe("importing a billing export", () => {
  it("writes an OpenAI usage export to AIECON_Actuals, says what it wrote, and saves the features named for unknown keys", async () => {
    const b = book();
    const { result } = renderHook(() => useActuals(parseHere));
    expect(result.current.canImport).toBe(false);
    act(() => result.current.chooseFile(fileOf("usage.json", fixture("openai-usage.json"))));
    expect(result.current.canImport).toBe(true);
    await act(() => result.current.runImport());

    expect(result.current.outcome?.intent).toBe("warning");
    expect(result.current.outcome?.lines[0]).toBe("Imported OpenAI usage: 4 rows written to AIECON_Actuals on 'AI Actuals'.");
    expect(result.current.outcome?.lines[1]).toMatch(/^Priced \$ is empty for models not in the price table: \(all models\)/);
    expect(result.current.progress).toBeNull();
    expect(result.current.busy).toBe(false);
    expect(b.tables[ACTUALS_TABLE].body).toHaveLength(4);

    // Keys the feature map does not know are offered for a feature, largest first.
    expect(result.current.unmapped.map((u) => u.key)).toEqual(["proj_support", "proj_search", "proj_labs"]);
    expect(result.current.canSaveFeatures).toBe(false);
    act(() => result.current.setFeature("proj_search", "  Search  "));
    expect(result.current.canSaveFeatures).toBe(true);
    await act(() => result.current.saveFeatures());
    expect(result.current.outcome).toEqual({
      intent: "success",
      lines: ["Saved 1 feature to AIECON_FeatureMap. Import the file again to apply them."],
    });
    expect(b.tables[FEATURE_MAP_TABLE].body).toContainEqual(["proj_search", "Search"]);
    expect(result.current.unmapped.map((u) => u.key)).toEqual(["proj_support", "proj_labs"]);

    // Importing again replaces the rows of the same source and months.
    await act(() => result.current.runImport());
    expect(result.current.outcome?.lines[0]).toBe(
      "Imported OpenAI usage: 4 rows written to AIECON_Actuals on 'AI Actuals', replacing 4 rows of the same source and months.",
    );
    expect(b.tables[ACTUALS_TABLE].body).toHaveLength(4);
  });

  it("asks for a generic CSV's columns, imports once the date is mapped, and remembers the mapping in the workbook", async () => {
    const b = book();
    const { result } = renderHook(() => useActuals(parseHere));
    act(() => result.current.chooseFile(fileOf("spend.csv", fixture("generic.csv"))));
    await act(() => result.current.runImport());
    expect(result.current.outcome).toEqual({
      intent: "info",
      lines: ["This CSV is not a FOCUS export: map its columns (date, model, tokens, requests, cost, feature key) to import it."],
    });
    expect(result.current.header).toEqual(["Day", "Engine", "Prompt tokens", "Completion tokens", "Calls", "Spend", "Team"]);
    expect(result.current.canImport).toBe(false);
    expect(b.writes).toEqual([]);

    act(() => {
      for (const [field, column] of Object.entries(GENERIC_MAPPING))
        result.current.setMappingField(field as keyof typeof GENERIC_MAPPING, column);
      result.current.setProvider("Together");
    });
    expect(result.current.canImport).toBe(true);
    await act(() => result.current.runImport());
    expect(result.current.outcome?.lines[0]).toMatch(/^Imported CSV: \d+ rows written to AIECON_Actuals on 'AI Actuals'\.$/);
    expect(result.current.header).toBeNull();
    expect(JSON.parse(b.settings[CSV_MAPPING_SETTING])).toEqual(GENERIC_MAPPING);
    const rows = b.tables[ACTUALS_TABLE].body;
    expect(rows.some((r) => r.includes("Together") && r.includes("llama-3-70b"))).toBe(true);

    // The next CSV of that shape imports straight away with the remembered mapping.
    act(() => result.current.chooseFile(fileOf("october.csv", fixture("generic.csv"))));
    await act(() => result.current.runImport());
    expect(result.current.header).toBeNull();
    expect(result.current.outcome?.lines[0]).toMatch(/replacing \d+ rows of the same source and months/);
  });

  it("refuses a broken file with its line and column and writes nothing", async () => {
    const b = book({ settings: { [CSV_MAPPING_SETTING]: JSON.stringify(GENERIC_MAPPING) } });
    const { result } = renderHook(() => useActuals(parseHere));
    const lines = fixture("generic.csv").split("\n");
    act(() => result.current.chooseFile(fileOf("bad.csv", [lines[0], lines[1], "2025-09-16,llama-3-70b,lots,1,1,$1,support"].join("\n"))));
    await act(() => result.current.runImport());
    expect(result.current.outcome).toEqual({
      intent: "error",
      lines: ["Nothing was imported: Line 3: Prompt tokens must be a number; got 'lots'; nothing was imported."],
    });

    // A JSON export with a doubled comma: refused at its line.
    const json = fixture("anthropic-usage.json").replace('"output_tokens": 300000,', '"output_tokens": 300000,,');
    const line = json.split("\n").findIndex((l) => l.includes("300000,,")) + 1;
    act(() => result.current.chooseFile(fileOf("usage.json", json)));
    await act(() => result.current.runImport());
    expect(result.current.outcome?.intent).toBe("error");
    expect(result.current.outcome?.lines[0]).toMatch(new RegExp(`^Nothing was imported: The file is not valid JSON at line ${line}\\b`));
    expect(b.writes).toEqual([]);
    expect(b.tables[ACTUALS_TABLE]).toBeUndefined();
  });

  it("a file in another currency: the problem sits under the rate cell; with a rate cell the costs are converted", async () => {
    const b = book({ sheets: ["Sheet1", "Assumptions"], cells: { "Assumptions!B2": 1.1, "Assumptions!B3": "n/a" } });
    b.settings[CSV_MAPPING_SETTING] = JSON.stringify({ date: "Day", model: "Engine", cost: "Spend", currency: "Currency" });
    const { result } = renderHook(() => useActuals(parseHere));
    act(() => result.current.chooseFile(fileOf("eur.csv", "Day,Engine,Spend,Currency\n2025-09-01,mistral-large,10,EUR\n")));
    await act(() => result.current.runImport());
    expect(result.current.currencyError).toMatch(/costs are in EUR, not USD\. Give the rate \(USD per 1 EUR\) in a cell/);
    expect(result.current.outcome).toEqual({ intent: "error", lines: [`Nothing was imported: ${result.current.currencyError}`] });

    act(() => {
      result.current.setCurrency(" eur ");
      result.current.setRateCell("Assumptions!B3");
    });
    await act(() => result.current.runImport());
    expect(result.current.outcome?.lines).toEqual([
      "Nothing was imported: The USD rate for EUR must be a number above 0 (USD per 1 EUR); got 'n/a'.",
    ]);
    expect(result.current.currencyError).toBeUndefined();

    act(() => result.current.setRateCell("Assumptions!B2"));
    await act(() => result.current.runImport());
    expect(result.current.outcome?.lines.slice(0, 2)).toEqual([
      "Imported CSV: 1 rows written to AIECON_Actuals on 'AI Actuals'.",
      "Converted EUR to USD with the rate from the cell you named.",
    ]);
    expect(b.tables[ACTUALS_TABLE].body[0]).toContain(11);
  });

  it("shows the parse's progress and Cancel stops it: nothing written, and the pane says so", async () => {
    const b = book();
    const { held, parse } = heldParse();
    const { result } = renderHook(() => useActuals(parse));
    act(() => result.current.chooseFile(fileOf("big.csv", fixture("generic.csv"))));
    let running!: Promise<void>;
    await act(async () => {
      running = result.current.runImport();
    });
    // The parse starts once the workbook's setup is read, which takes the fake a few syncs.
    await waitFor(() => expect(held.started).toBe(true));
    expect(result.current.busy).toBe(true);
    expect(result.current.canImport).toBe(false);
    expect(result.current.progress).toEqual({ fraction: 0, rows: 0 });
    act(() => held.progress(0.426, 120_000));
    expect(result.current.progress).toEqual({ fraction: 0.426, rows: 120_000 });
    expect(result.current.percent).toBe(43);

    act(() => result.current.cancel());
    expect(held.cancelled).toBe(true);
    expect(result.current.progress).toBeNull();
    expect(result.current.busy).toBe(false);
    expect(result.current.outcome).toEqual({ intent: "info", lines: ["Import cancelled; nothing was written."] });
    expect(b.writes).toEqual([]);
    void running;
  });
});

describe("importing a usage CSV", () => {
  const FILE = ["Month,Feature,Active users,User actions", "2025-09,Support chat,1200,10000", '2025-10,=HYPERLINK("x"),5,7'].join("\n");

  it("asks for the columns, says what is missing beside the mapping, then writes AIECON_Usage and remembers the mapping", async () => {
    const b = book();
    const { result } = renderHook(() => useUsageImport());
    act(() => result.current.chooseFile(fileOf("usage.csv", FILE)));
    await act(() => result.current.runImport());
    expect(result.current.header).toEqual(["Month", "Feature", "Active users", "User actions"]);
    expect(result.current.mappingError).toBeUndefined();

    act(() => {
      result.current.setMappingField("month", "Month");
      result.current.setMappingField("feature", "Feature");
    });
    await act(() => result.current.runImport());
    expect(result.current.mappingError).toBe("Map the month, the feature, and active users or user actions.");
    expect(b.writes).toEqual([]);
    act(() => result.current.setMappingField("activeUsers", "Active users"));
    expect(result.current.mappingError).toBeUndefined();

    await act(() => result.current.runImport());
    expect(result.current.done).toBe("Imported 2 month × feature rows to AIECON_Usage on 'AI Usage'.");
    expect(result.current.header).toBeNull();
    expect(b.tables[USAGE_TABLE].body).toEqual([
      [monthSerial("2025-09"), "Support chat", 1200, ""],
      [monthSerial("2025-10"), '\'=HYPERLINK("x")', 5, ""],
    ]);
    expect(JSON.parse(b.settings[USAGE_MAPPING_SETTING])).toEqual({ month: "Month", feature: "Feature", activeUsers: "Active users" });
  });

  it("imports straight away with a remembered mapping that fits, and puts a bad line's problem under the file", async () => {
    const b = book({
      settings: {
        [USAGE_MAPPING_SETTING]: JSON.stringify({
          month: "Month",
          feature: "Feature",
          activeUsers: "Active users",
          userActions: "User actions",
        }),
      },
    });
    const { result } = renderHook(() => useUsageImport());
    act(() => result.current.chooseFile(fileOf("usage.csv", FILE)));
    await act(() => result.current.runImport());
    expect(result.current.header).toBeNull();
    expect(result.current.done).toBe("Imported 2 month × feature rows to AIECON_Usage on 'AI Usage'.");

    act(() => result.current.chooseFile(fileOf("bad.csv", `${FILE}\n2025-11,Search,-3,4`)));
    expect(result.current.done).toBeUndefined();
    await act(() => result.current.runImport());
    expect(result.current.fileError).toBe(
      "Nothing was imported: Line 4: Active users must be a count, 0 or more; got '-3'; nothing was imported.",
    );
    expect(b.tables[USAGE_TABLE].body).toHaveLength(2);
  });
});
