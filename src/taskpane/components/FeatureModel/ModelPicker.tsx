// A searchable combobox over the price table in use, showing each model's input and output price.
import { useMemo } from "react";
import { Combobox, Field, Option } from "@fluentui/react-components";
import type { ModelPrice } from "../../../calc/prices";
import { filterModels, modelDetail } from "./modelChoices";
import { useFeatureModelStyles } from "./useFeatureModelStyles";

export interface ModelPickerProps {
  readonly label: string;
  readonly hint?: string;
  readonly value: string;
  readonly onChange: (model: string) => void;
  readonly choices: readonly ModelPrice[];
  readonly error?: string;
  readonly className?: string;
}

export function ModelPicker(props: ModelPickerProps) {
  const styles = useFeatureModelStyles();
  // The box's text is the chosen name itself (typing chooses), so the list is the table in use
  // from the top, not a search on what was typed.
  const matches = useMemo(() => filterModels(props.choices, { query: "" }), [props.choices]);
  return (
    <Field
      className={props.className}
      label={props.label}
      hint={props.hint}
      validationMessage={props.error}
      validationState={props.error ? "error" : "none"}
    >
      <Combobox
        className={styles.fill}
        freeform
        value={props.value}
        selectedOptions={props.value ? [props.value] : []}
        onChange={(e) => props.onChange(e.target.value)}
        onOptionSelect={(_, d) => {
          if (d.optionValue) props.onChange(d.optionValue);
        }}
      >
        {matches.map((m) => (
          <Option key={`${m.provider}/${m.model}`} value={m.model} text={m.model}>
            <span className={styles.option}>
              <span>{m.model}</span>
              <span className={styles.muted}>{modelDetail(m)}</span>
            </span>
          </Option>
        ))}
      </Combobox>
    </Field>
  );
}
