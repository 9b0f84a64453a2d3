// The Actuals tab: pick a billing export, parse it in a Web Worker (progress bar, Cancel), write the
// aggregated rows to AIECON_Actuals, assign features to unknown keys, and insert the Forecast vs
// Actual and Board metrics sheets. Loaded lazily: nothing here weighs on the pane's first script.
// As Fluent's own components: state in useActuals, styles in useActualsStyles, and this render.
import { Button, Field, Input, MessageBar, MessageBarBody, ProgressBar, Text } from "@fluentui/react-components";
import { CSV_MAPPING_FIELDS } from "../../../calc/actuals/types";
import { actualsStrings as s } from "../../actualsStrings";
import { TabSection } from "../TabSection";
import { ColumnMapping } from "./ColumnMapping";
import { FeatureAssignment } from "./FeatureAssignment";
import { parseInWorker } from "./parseInWorker";
import { UsageImport } from "./UsageImport";
import { useActuals, type ActualsState } from "./useActuals";
import { useActualsStyles } from "./useActualsStyles";

const parseOffThread = parseInWorker(() => new Worker(new URL("./actuals.worker.ts", import.meta.url)));

export function Actuals() {
  return renderActuals(useActuals(parseOffThread), useActualsStyles());
}

function renderActuals(state: ActualsState, styles: ReturnType<typeof useActualsStyles>) {
  const { busy, progress, outcome, header, mapping, currencyError } = state;
  return (
    <TabSection heading={s.heading} className={styles.root}>
      <Text className={styles.help}>{s.intro}</Text>
      <Field label={s.fileLabel}>
        {(props) => (
          <input
            {...props}
            className={styles.file}
            type="file"
            accept=".json,.jsonl,.csv,.txt"
            disabled={busy}
            onChange={(e) => state.chooseFile(e.target.files?.[0] ?? null)}
          />
        )}
      </Field>
      <div className={styles.row}>
        <Field label={s.currencyLabel} validationState={currencyError ? "error" : "none"}>
          <Input value={state.currency} onChange={(_, d) => state.setCurrency(d.value)} disabled={busy} size="small" />
        </Field>
        <Field label={s.rateCellLabel} validationState={currencyError ? "error" : "none"} validationMessage={currencyError}>
          <Input value={state.rateCell} onChange={(_, d) => state.setRateCell(d.value)} disabled={busy} size="small" />
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
          onChange={state.setMappingField}
          noneLabel={s.mappingNone}
          disabled={busy}
        >
          {!mapping.provider && (
            <Field label={s.providerLabel}>
              <Input value={state.provider} onChange={(_, d) => state.setProvider(d.value)} disabled={busy} size="small" />
            </Field>
          )}
        </ColumnMapping>
      )}
      <div className={styles.row}>
        <Button appearance="primary" disabled={!state.canImport} onClick={state.runImport}>
          {s.importButton}
        </Button>
        {progress && !progress.writing && (
          <Button onClick={state.cancel} aria-describedby="actuals-progress">
            {s.cancelButton}
          </Button>
        )}
      </div>
      {progress && (
        <Field
          validationMessage={progress.writing ? s.writing : s.reading(state.percent, progress.rows)}
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
      {state.unmapped.length > 0 && (
        <FeatureAssignment
          unmapped={state.unmapped}
          features={state.features}
          onChange={state.setFeature}
          onSave={state.saveFeatures}
          canSave={state.canSaveFeatures}
          disabled={busy}
        />
      )}
      <UsageImport />
      <Text as="h2" size={400} weight="semibold">
        {s.sheetsHeading}
      </Text>
      <Text className={styles.help}>{s.sheetsHelp}</Text>
      <div className={styles.row}>
        <Button disabled={busy} onClick={state.insertForecast}>
          {s.insertForecast}
        </Button>
        <Button disabled={busy} onClick={state.insertBoard}>
          {s.insertBoard}
        </Button>
      </div>
    </TabSection>
  );
}
