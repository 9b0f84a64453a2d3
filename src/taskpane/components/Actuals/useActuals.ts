// The Actuals tab's state and workbook calls: the billing export picked, its parse (progress,
// Cancel), the column mapping a generic CSV needs, the write to AIECON_Actuals, features for
// unknown keys, and the Forecast vs Actual and Board metrics sheets. The view (Actuals.tsx) lays it out.
import Papa from "papaparse";
import { useRef, useState } from "react";
import { FORMAT_LABELS, type ActualsImport, type CsvMapping, type UnmappedKey } from "../../../calc/actuals/types";
import { errorText } from "../../../calc/errors";
import { readActualsSetup, readUsdRate, saveCsvMapping, saveFeatureMap, writeActuals } from "../../../workbook/actuals";
import { insertBoardSheet, insertForecastSheet } from "../../../workbook/forecastSheets";
import { actualsStrings as s } from "../../actualsStrings";
import type { ParseActualsFile, ParseRun } from "./parseInWorker";

export interface ActualsOutcome {
  readonly intent: "success" | "warning" | "error" | "info";
  readonly lines: readonly string[];
}

export interface ImportProgress {
  readonly fraction: number;
  readonly rows: number;
  /** Parsed; the rows are being written (no Cancel any more). */
  readonly writing?: boolean;
}

/** The header of a CSV, read from its first 64 KB, for the column-mapping step. */
async function csvHeader(file: Blob): Promise<string[]> {
  const head = await file.slice(0, 65536).text();
  const parsed = Papa.parse<string[]>(head, { preview: 1 });
  return (parsed.data[0] ?? []).map((h) => h.replace(/^\uFEFF/, "").trim()).filter(Boolean);
}

/** What an import says it did: the rows written, then anything to check. */
function importedLines(result: ActualsImport, written: Awaited<ReturnType<typeof writeActuals>>): ActualsOutcome {
  const lines = [s.imported(FORMAT_LABELS[result.format], written.added, written.removed, written.sheet)];
  if (result.converted.length) lines.push(s.converted(result.converted.join(", ")));
  const modelMissing = result.modelMissing ?? [];
  if (modelMissing.length) lines.push(s.modelMissing(modelMissing.join(", ")));
  if (written.unpriced.length) lines.push(s.unpriced(written.unpriced.join(", ")));
  return { intent: written.unpriced.length || modelMissing.length ? "warning" : "success", lines };
}

/** @param parse reads the file: in the Web Worker in the pane (parseInWorker), on the test's thread in tests. */
export function useActuals(parse: ParseActualsFile) {
  const running = useRef<ParseRun | null>(null);
  const [file, setFile] = useState<File | null>(null);
  const [progress, setProgress] = useState<ImportProgress | null>(null);
  const [outcome, setOutcome] = useState<ActualsOutcome | null>(null);
  const [currency, setCurrency] = useState("");
  const [rateCell, setRateCell] = useState("");
  const [currencyError, setCurrencyError] = useState<string | undefined>();
  const [header, setHeader] = useState<string[] | null>(null);
  const [mapping, setMapping] = useState<Partial<CsvMapping>>({});
  const [provider, setProvider] = useState("");
  const [unmapped, setUnmapped] = useState<UnmappedKey[]>([]);
  const [features, setFeatures] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);

  const stopParse = () => {
    running.current?.cancel();
    running.current = null;
  };

  const finish = () => {
    stopParse();
    setProgress(null);
    setBusy(false);
  };

  /** A new file starts over: no mapping step, no old outcome. */
  const chooseFile = (picked: File | null) => {
    setFile(picked);
    setHeader(null);
    setOutcome(null);
  };

  const runImport = async () => {
    if (!file) return;
    setBusy(true);
    setOutcome(null);
    setCurrencyError(undefined);
    setProgress({ fraction: 0, rows: 0 });
    try {
      const setup = await readActualsSetup();
      const usdRates: Record<string, number> = {};
      const code = currency.trim().toUpperCase();
      if (code && rateCell.trim()) usdRates[code] = await readUsdRate(rateCell, code);
      const csvMapping = header ? (mapping.date ? (mapping as CsvMapping) : undefined) : setup.csvMapping;
      const run = parse(
        { file, options: { featureMap: setup.featureMap, usdRates, csvMapping, csvProvider: provider || undefined } },
        (fraction, rows) => setProgress({ fraction, rows }),
      );
      running.current = run;
      const result = await run.result;
      stopParse();
      setProgress({ fraction: 1, rows: result.recordsRead, writing: true });
      const written = await writeActuals(result, setup);
      if (header && csvMapping) await saveCsvMapping(csvMapping);
      setOutcome(importedLines(result, written));
      setUnmapped(result.unmapped.slice(0, 25));
      setHeader(null);
    } catch (error) {
      const message = errorText(error);
      const remedy = (error as { remedy?: string }).remedy;
      if (remedy === "map-columns") {
        const columns = await csvHeader(file);
        const stored = (await readActualsSetup().catch(() => undefined))?.csvMapping;
        setHeader(columns);
        setMapping(stored && columns.includes(stored.date) ? stored : {});
        setOutcome({ intent: "info", lines: [message] });
      } else if (remedy === "currency-rate") {
        setCurrencyError(message);
        setOutcome({ intent: "error", lines: [s.failed(message)] });
      } else setOutcome({ intent: "error", lines: [s.failed(message)] });
    } finally {
      finish();
    }
  };

  const cancel = () => {
    finish();
    setOutcome({ intent: "info", lines: [s.cancelled] });
  };

  /** Runs one workbook action; its sentence, or its failure, becomes the outcome. */
  const perform = async (body: () => Promise<string>) => {
    setBusy(true);
    setOutcome(null);
    try {
      setOutcome({ intent: "success", lines: [await body()] });
    } catch (error) {
      setOutcome({ intent: "error", lines: [s.failed(errorText(error))] });
    } finally {
      setBusy(false);
    }
  };

  const saveFeatures = () =>
    perform(async () => {
      const entries = unmapped.map((u) => ({ key: u.key, feature: (features[u.key] ?? "").trim() })).filter((e) => e.feature);
      await saveFeatureMap(entries);
      setUnmapped((before) => before.filter((u) => !entries.some((e) => e.key === u.key)));
      return s.featuresSaved(entries.length);
    });

  const insertForecast = () =>
    perform(async () => {
      const r = await insertForecastSheet();
      return s.inserted(r.name, r.features, r.months);
    });

  const insertBoard = () =>
    perform(async () => {
      const r = await insertBoardSheet();
      return s.inserted(r.name, r.features, r.months);
    });

  return {
    file,
    chooseFile,
    currency,
    setCurrency,
    rateCell,
    setRateCell,
    currencyError,
    /** The file's columns while a generic CSV waits for its mapping; null otherwise. */
    header,
    mapping,
    setMappingField: (field: keyof CsvMapping, column: string | undefined) => setMapping((m) => ({ ...m, [field]: column })),
    provider,
    setProvider,
    canImport: !!file && !busy && (header === null || !!mapping.date),
    runImport,
    progress,
    percent: progress ? Math.round(progress.fraction * 100) : 0,
    cancel,
    outcome,
    unmapped,
    features,
    setFeature: (key: string, feature: string) => setFeatures((f) => ({ ...f, [key]: feature })),
    canSaveFeatures: !busy && unmapped.some((u) => (features[u.key] ?? "").trim()),
    saveFeatures,
    insertForecast,
    insertBoard,
    busy,
  };
}

export type ActualsState = ReturnType<typeof useActuals>;
