// The Actuals tab: pick a billing export, parse it in a Web Worker (progress bar, Cancel), write the
// aggregated rows to AIECON_Actuals, assign features to unknown keys, and insert the Forecast vs
// Actual and Board metrics sheets. Loaded lazily: nothing here weighs on the pane's first script.
import { Button, Field, Input, MessageBar, MessageBarBody, ProgressBar, Text, makeStyles, tokens } from "@fluentui/react-components";
import Papa from "papaparse";
import { useRef, useState } from "react";
import { FORMAT_LABELS, CSV_MAPPING_FIELDS, type ActualsImport, type CsvMapping, type UnmappedKey } from "../../../calc/actuals/types";
import { readActualsSetup, readUsdRate, saveCsvMapping, saveFeatureMap, writeActuals } from "../../../workbook/actuals";
import { insertBoardSheet, insertForecastSheet } from "../../../workbook/forecastSheets";
import { actualsStrings as s } from "../../actualsStrings";
import type { WorkerReply, WorkerRequest } from "./actuals.worker";
import { TabSection } from "../TabSection";
import { ColumnMapping } from "./ColumnMapping";
import { UsageImport } from "./UsageImport";
import { outlinedCard } from "../formStyles";
import { errorText } from "../../../calc/errors";

const useStyles = makeStyles({
  root: { display: "flex", flexDirection: "column", rowGap: tokens.spacingVerticalS, minWidth: 0 },
  help: { color: tokens.colorNeutralForeground2 },
  row: { display: "flex", flexWrap: "wrap", columnGap: tokens.spacingHorizontalS, rowGap: tokens.spacingVerticalS },
  // A file input sizes itself to its button and label text: hold it to the pane's width (320 px panes).
  file: { width: "100%", maxWidth: "100%", minWidth: 0, boxSizing: "border-box", color: tokens.colorNeutralForeground1 },
  card: outlinedCard,
});

type Outcome = { intent: "success" | "warning" | "error" | "info"; lines: string[] };
type Progress = { fraction: number; rows: number; writing?: boolean };

const usd = (n: number) => n.toLocaleString("en-US", { style: "currency", currency: "USD", maximumFractionDigits: 2 });
const count = (n: number) => n.toLocaleString("en-US", { maximumFractionDigits: 0 });

/** The header of a CSV, read from its first 64 KB, for the column-mapping step. */
async function csvHeader(file: File): Promise<string[]> {
  const head = await file.slice(0, 65536).text();
  const parsed = Papa.parse<string[]>(head, { preview: 1 });
  return (parsed.data[0] ?? []).map((h) => h.replace(/^\uFEFF/, "").trim()).filter(Boolean);
}

export function Actuals() {
  const styles = useStyles();
  const fileInput = useRef<HTMLInputElement>(null);
  const worker = useRef<Worker | null>(null);
  const [file, setFile] = useState<File | null>(null);
  const [progress, setProgress] = useState<Progress | null>(null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [currency, setCurrency] = useState("");
  const [rateCell, setRateCell] = useState("");
  const [currencyError, setCurrencyError] = useState<string | undefined>();
  const [header, setHeader] = useState<string[] | null>(null);
  const [mapping, setMapping] = useState<Partial<CsvMapping>>({});
  const [provider, setProvider] = useState("");
  const [unmapped, setUnmapped] = useState<UnmappedKey[]>([]);
  const [features, setFeatures] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);

  const finish = () => {
    worker.current?.terminate();
    worker.current = null;
    setProgress(null);
    setBusy(false);
  };

  const parseInWorker = (request: WorkerRequest) =>
    new Promise<ActualsImport>((resolve, reject) => {
      const w = new Worker(new URL("./actuals.worker.ts", import.meta.url));
      worker.current = w;
      w.onmessage = (event: MessageEvent<WorkerReply>) => {
        const reply = event.data;
        if (reply.type === "progress") setProgress({ fraction: reply.fraction, rows: reply.rows });
        else if (reply.type === "done") resolve(reply.result);
        else reject(Object.assign(new Error(reply.message), { remedy: reply.remedy }));
      };
      w.onerror = (event) => reject(new Error(event.message));
      w.postMessage(request);
    });

  const runImport = async () => {
    if (!file) return;
    setBusy(true);
    setOutcome(null);
    setCurrencyError(undefined);
    setProgress({ fraction: 0, rows: 0 });
    try {
      const setup = await readActualsSetup();
      const usdRates: Record<string, number> = {};
      if (currency.trim() && rateCell.trim())
        usdRates[currency.trim().toUpperCase()] = await readUsdRate(rateCell, currency.trim().toUpperCase());
      const csvMapping = header ? (mapping.date ? (mapping as CsvMapping) : undefined) : setup.csvMapping;
      const result = await parseInWorker({
        file,
        options: { featureMap: setup.featureMap, usdRates, csvMapping, csvProvider: provider || undefined },
      });
      worker.current?.terminate();
      worker.current = null;
      setProgress({ fraction: 1, rows: result.recordsRead, writing: true });
      const written = await writeActuals(result, setup);
      if (header && csvMapping) await saveCsvMapping(csvMapping);
      const lines = [s.imported(FORMAT_LABELS[result.format], written.added, written.removed, written.sheet)];
      if (result.converted.length) lines.push(s.converted(result.converted.join(", ")));
      const modelMissing = result.modelMissing ?? [];
      if (modelMissing.length) lines.push(s.modelMissing(modelMissing.join(", ")));
      if (written.unpriced.length) lines.push(s.unpriced(written.unpriced.join(", ")));
      setOutcome({ intent: written.unpriced.length || modelMissing.length ? "warning" : "success", lines });
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

  const run = async (body: () => Promise<string>) => {
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
    run(async () => {
      const entries = unmapped.map((u) => ({ key: u.key, feature: (features[u.key] ?? "").trim() })).filter((e) => e.feature);
      await saveFeatureMap(entries);
      setUnmapped((before) => before.filter((u) => !entries.some((e) => e.key === u.key)));
      return s.featuresSaved(entries.length);
    });

  const percent = progress ? Math.round(progress.fraction * 100) : 0;
  return (
    <TabSection heading={s.heading} className={styles.root}>
      <Text className={styles.help}>{s.intro}</Text>
      <Field label={s.fileLabel}>
        {(props) => (
          <input
            {...props}
            ref={fileInput}
            className={styles.file}
            type="file"
            accept=".json,.jsonl,.csv,.txt"
            disabled={busy}
            onChange={(e) => {
              setFile(e.target.files?.[0] ?? null);
              setHeader(null);
              setOutcome(null);
            }}
          />
        )}
      </Field>
      <div className={styles.row}>
        <Field label={s.currencyLabel} validationState={currencyError ? "error" : "none"}>
          <Input value={currency} onChange={(_, d) => setCurrency(d.value)} disabled={busy} size="small" />
        </Field>
        <Field label={s.rateCellLabel} validationState={currencyError ? "error" : "none"} validationMessage={currencyError}>
          <Input value={rateCell} onChange={(_, d) => setRateCell(d.value)} disabled={busy} size="small" />
        </Field>
      </div>
      {header && (
        <ColumnMapping
          heading={s.mappingHeading}
          help={s.mappingHelp}
          fields={CSV_MAPPING_FIELDS}
          labels={s.mappingFields}
          required={["date"]}
          header={header}
          mapping={mapping}
          onChange={(field, column) => setMapping((m) => ({ ...m, [field]: column }))}
          noneLabel={s.mappingNone}
          disabled={busy}
        >
          {!mapping.provider && (
            <Field label={s.providerLabel}>
              <Input value={provider} onChange={(_, d) => setProvider(d.value)} disabled={busy} size="small" />
            </Field>
          )}
        </ColumnMapping>
      )}
      <div className={styles.row}>
        <Button appearance="primary" disabled={!file || busy || (header !== null && !mapping.date)} onClick={runImport}>
          {s.importButton}
        </Button>
        {progress && !progress.writing && (
          <Button onClick={cancel} aria-describedby="actuals-progress">
            {s.cancelButton}
          </Button>
        )}
      </div>
      {progress && (
        <Field
          validationMessage={progress.writing ? s.writing : s.reading(percent, progress.rows)}
          validationState="none"
          id="actuals-progress"
        >
          <ProgressBar value={progress.writing ? undefined : progress.fraction} max={1} aria-label={s.fileLabel} />
        </Field>
      )}
      {outcome && (
        <MessageBar intent={outcome.intent} layout="multiline">
          <MessageBarBody>
            {outcome.lines.map((line) => (
              <div key={line}>{line}</div>
            ))}
          </MessageBarBody>
        </MessageBar>
      )}
      {unmapped.length > 0 && (
        <div className={styles.card} role="group" aria-labelledby="features-heading">
          <Text as="h3" id="features-heading" weight="semibold">
            {s.featuresHeading}
          </Text>
          <Text className={styles.help}>{s.featuresHelp}</Text>
          {unmapped.map((u) => (
            <Field key={u.key} label={s.featureFor(u.key)} hint={s.keyCarried(usd(u.billedUsd), count(u.tokens))}>
              <Input
                value={features[u.key] ?? ""}
                onChange={(_, d) => setFeatures((f) => ({ ...f, [u.key]: d.value }))}
                disabled={busy}
                size="small"
              />
            </Field>
          ))}
          <div className={styles.row}>
            <Button disabled={busy || !unmapped.some((u) => (features[u.key] ?? "").trim())} onClick={saveFeatures}>
              {s.saveFeatures}
            </Button>
          </div>
        </div>
      )}
      <UsageImport />
      <Text as="h2" size={400} weight="semibold">
        {s.sheetsHeading}
      </Text>
      <Text className={styles.help}>{s.sheetsHelp}</Text>
      <div className={styles.row}>
        <Button
          disabled={busy}
          onClick={() =>
            run(async () => {
              const r = await insertForecastSheet();
              return s.inserted(r.name, r.features, r.months);
            })
          }
        >
          {s.insertForecast}
        </Button>
        <Button
          disabled={busy}
          onClick={() =>
            run(async () => {
              const r = await insertBoardSheet();
              return s.inserted(r.name, r.features, r.months);
            })
          }
        >
          {s.insertBoard}
        </Button>
      </div>
    </TabSection>
  );
}
