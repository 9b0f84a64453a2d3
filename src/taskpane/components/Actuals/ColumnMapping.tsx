// The column-mapping step of a CSV import: one drop-down of the file's headers per field. Shared by
// the generic billing CSV and the usage CSV, so both map columns the same way.
import { Field, Select, Text, makeStyles, tokens } from "@fluentui/react-components";
import { useId, type ReactNode } from "react";
import { outlinedCard } from "../formStyles";

const useStyles = makeStyles({
  card: outlinedCard,
  help: { color: tokens.colorNeutralForeground2 },
});

export interface ColumnMappingProps<F extends string> {
  readonly heading: string;
  readonly help: string;
  readonly fields: readonly F[];
  readonly labels: Readonly<Record<string, string>>;
  readonly required: readonly F[];
  /** The file's column headers. */
  readonly header: readonly string[];
  readonly mapping: Partial<Record<F, string>>;
  readonly onChange: (field: F, column: string | undefined) => void;
  readonly noneLabel: string;
  readonly disabled: boolean;
  /** A problem with the mapping as a whole, shown under the last field. */
  readonly error?: string;
  readonly children?: ReactNode;
}

export function ColumnMapping<F extends string>(props: ColumnMappingProps<F>) {
  const styles = useStyles();
  const headingId = useId();
  return (
    <div className={styles.card} role="group" aria-labelledby={headingId}>
      <Text as="h3" id={headingId} weight="semibold">
        {props.heading}
      </Text>
      <Text className={styles.help}>{props.help}</Text>
      {props.fields.map((field, i) => (
        <Field
          key={field}
          label={props.labels[field]}
          required={props.required.includes(field)}
          validationState={props.error && i === props.fields.length - 1 ? "error" : "none"}
          validationMessage={i === props.fields.length - 1 ? props.error : undefined}
        >
          <Select
            value={props.mapping[field] ?? ""}
            onChange={(_, d) => props.onChange(field, d.value || undefined)}
            disabled={props.disabled}
          >
            <option value="">{props.noneLabel}</option>
            {props.header.map((h) => (
              <option key={h} value={h}>
                {h}
              </option>
            ))}
          </Select>
        </Field>
      ))}
      {props.children}
    </div>
  );
}
