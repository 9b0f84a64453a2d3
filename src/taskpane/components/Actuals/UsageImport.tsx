// The usage import of the Actuals tab: a CSV of active users and user actions per month and feature,
// mapped column by column (the same step as a generic billing CSV) and written to AIECON_Usage.
// State and workbook calls in useUsageImport; this is its view.
import { Button, Field, MessageBar, MessageBarBody, Text } from "@fluentui/react-components";
import { USAGE_MAPPING_FIELDS } from "../../../calc/actuals/usage";
import { actualsStrings as s } from "../../actualsStrings";
import { ColumnMapping } from "./ColumnMapping";
import { useActualsStyles } from "./useActualsStyles";
import { useUsageImport } from "./useUsageImport";

export function UsageImport() {
  const styles = useActualsStyles();
  const usage = useUsageImport();
  return (
    <div className={styles.root} role="group" aria-labelledby="usage-heading">
      <Text as="h2" id="usage-heading" size={400} weight="semibold">
        {s.usageHeading}
      </Text>
      <Text className={styles.help}>{s.usageHelp}</Text>
      <Field label={s.usageFileLabel} validationState={usage.fileError ? "error" : "none"} validationMessage={usage.fileError}>
        {(props) => (
          <input
            {...props}
            className={styles.file}
            type="file"
            accept=".csv,.txt"
            disabled={usage.busy}
            onChange={(e) => usage.chooseFile(e.target.files?.[0] ?? null)}
          />
        )}
      </Field>
      {usage.header && (
        <ColumnMapping
          heading={s.usageMappingHeading}
          help={s.usageMappingHelp}
          fields={USAGE_MAPPING_FIELDS}
          labels={s.usageMappingFields}
          required={["month", "feature"]}
          header={usage.header}
          mapping={usage.mapping}
          onChange={usage.setMappingField}
          noneLabel={s.mappingNone}
          disabled={usage.busy}
          error={usage.mappingError}
        />
      )}
      <div>
        <Button disabled={!usage.file || usage.busy} onClick={usage.runImport}>
          {s.usageImportButton}
        </Button>
      </div>
      {usage.done && (
        <MessageBar intent="success" layout="multiline">
          <MessageBarBody>{usage.done}</MessageBarBody>
        </MessageBar>
      )}
    </div>
  );
}
