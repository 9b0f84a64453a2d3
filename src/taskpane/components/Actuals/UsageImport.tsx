// The usage import of the Actuals tab: a CSV of active users and user actions per month and feature,
// mapped column by column (the same step as a generic billing CSV) and written to AIECON_Usage.
// Usage files hold one row per month and feature (or per day), so they are read on this thread.
import { Button, Field, MessageBar, MessageBarBody, Text, makeStyles, tokens } from "@fluentui/react-components";
import { useState } from "react";
import { USAGE_MAPPING_FIELDS, parseUsageCsv, usageHeader, type UsageMapping } from "../../../calc/actuals/usage";
import { readUsageSetup, saveUsageMapping, writeUsage } from "../../../workbook/usage";
import { actualsStrings as s } from "../../actualsStrings";
import { ColumnMapping } from "./ColumnMapping";
import { errorText } from "../../../calc/errors";

const useStyles = makeStyles({
  root: { display: "flex", flexDirection: "column", rowGap: tokens.spacingVerticalS, minWidth: 0 },
  help: { color: tokens.colorNeutralForeground2 },
  file: { width: "100%", maxWidth: "100%", minWidth: 0, boxSizing: "border-box", color: tokens.colorNeutralForeground1 },
});

const complete = (m: Partial<UsageMapping>, header: readonly string[]): m is UsageMapping =>
  !!m.month && !!m.feature && !!(m.activeUsers || m.userActions) && Object.values(m).every((c) => !c || header.includes(c));

export function UsageImport() {
  const styles = useStyles();
  const [file, setFile] = useState<File | null>(null);
  const [header, setHeader] = useState<string[] | null>(null);
  const [mapping, setMapping] = useState<Partial<UsageMapping>>({});
  const [fileError, setFileError] = useState<string | undefined>();
  const [mappingError, setMappingError] = useState<string | undefined>();
  const [done, setDone] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);

  const runImport = async () => {
    if (!file) return;
    setBusy(true);
    setFileError(undefined);
    setMappingError(undefined);
    setDone(undefined);
    try {
      const text = await file.text();
      const columns = usageHeader(text);
      const setup = await readUsageSetup();
      let chosen: Partial<UsageMapping> = mapping;
      if (!header) chosen = setup.mapping && complete(setup.mapping, columns) ? setup.mapping : {};
      if (!complete(chosen, columns)) {
        setHeader(columns);
        setMapping(chosen);
        if (header) setMappingError(s.usageMappingIncomplete);
        return;
      }
      const written = await writeUsage(parseUsageCsv(text, chosen), setup);
      await saveUsageMapping(chosen);
      setDone(s.usageImported(written.added, written.removed, written.sheet));
      setHeader(null);
    } catch (error) {
      // The file's problem (a line and a column) belongs under the file it is about.
      setFileError(s.failed(errorText(error)));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className={styles.root} role="group" aria-labelledby="usage-heading">
      <Text as="h2" id="usage-heading" size={400} weight="semibold">
        {s.usageHeading}
      </Text>
      <Text className={styles.help}>{s.usageHelp}</Text>
      <Field label={s.usageFileLabel} validationState={fileError ? "error" : "none"} validationMessage={fileError}>
        {(props) => (
          <input
            {...props}
            className={styles.file}
            type="file"
            accept=".csv,.txt"
            disabled={busy}
            onChange={(e) => {
              setFile(e.target.files?.[0] ?? null);
              setHeader(null);
              setFileError(undefined);
              setDone(undefined);
            }}
          />
        )}
      </Field>
      {header && (
        <ColumnMapping
          heading={s.usageMappingHeading}
          help={s.usageMappingHelp}
          fields={USAGE_MAPPING_FIELDS}
          labels={s.usageMappingFields}
          required={["month", "feature"]}
          header={header}
          mapping={mapping}
          onChange={(field, column) => {
            setMappingError(undefined);
            setMapping((m) => ({ ...m, [field]: column }));
          }}
          noneLabel={s.mappingNone}
          disabled={busy}
          error={mappingError}
        />
      )}
      <div>
        <Button disabled={!file || busy} onClick={runImport}>
          {s.usageImportButton}
        </Button>
      </div>
      {done && (
        <MessageBar intent="success" layout="multiline">
          <MessageBarBody>{done}</MessageBarBody>
        </MessageBar>
      )}
    </div>
  );
}
