// Models to compare: search, filter by provider and context window, add; each chosen one removable.
import { useMemo, useState } from "react";
import { Button, Dropdown, Field, Input, Option, Text } from "@fluentui/react-components";
import type { ModelPrice } from "../../../calc/prices";
import { COMPARE_MAX } from "../../../sheetModel/featureModelSpec";
import { featureStrings as s } from "./featureStrings";
import { filterModels, modelDetail } from "./modelChoices";
import { useFeatureModelStyles } from "./useFeatureModelStyles";

export interface ComparePickerProps {
  readonly choices: readonly ModelPrice[];
  readonly chosen: readonly string[];
  readonly onChange: (models: string[]) => void;
}

export function ComparePicker(props: ComparePickerProps) {
  const styles = useFeatureModelStyles();
  const [query, setQuery] = useState("");
  const [provider, setProvider] = useState("");
  const [minContext, setMinContext] = useState("");
  const providers = useMemo(() => [...new Set(props.choices.map((c) => c.provider))].sort(), [props.choices]);
  const min = Number(minContext.replace(/,/g, "")) || 0;
  const matches = useMemo(
    () =>
      filterModels(props.choices, { query, provider: provider || undefined, minContext: min || undefined }, 8).filter(
        (m) => !props.chosen.includes(m.model),
      ),
    [props.choices, query, provider, min, props.chosen],
  );
  const full = props.chosen.length >= COMPARE_MAX;
  return (
    <fieldset className={styles.group}>
      <legend className={styles.legend}>{s.compareHeading}</legend>
      <Text size={200}>{s.compareIntro}</Text>
      <div className={styles.grid}>
        <Field label={s.compareSearch}>
          <Input className={styles.fill} type="search" value={query} onChange={(_, d) => setQuery(d.value)} />
        </Field>
        <Field label={s.compareProvider}>
          <Dropdown
            className={styles.fill}
            value={provider || s.compareAllProviders}
            selectedOptions={[provider]}
            onOptionSelect={(_, d) => setProvider(d.optionValue ?? "")}
          >
            <Option value="">{s.compareAllProviders}</Option>
            {providers.map((p) => (
              <Option key={p} value={p}>
                {p}
              </Option>
            ))}
          </Dropdown>
        </Field>
        <Field label={s.compareContext}>
          <Input className={styles.fill} inputMode="numeric" value={minContext} onChange={(_, d) => setMinContext(d.value)} />
        </Field>
      </div>
      {!full && (query || provider || min > 0) && (
        <ul className={styles.chosen}>
          {matches.map((m) => (
            <li key={`${m.provider}/${m.model}`} className={styles.chosenItem}>
              <span>
                {m.model} <span className={styles.muted}>{modelDetail(m)}</span>
              </span>
              <Button size="small" aria-label={s.compareAdd(m.model)} onClick={() => props.onChange([...props.chosen, m.model])}>
                +
              </Button>
            </li>
          ))}
        </ul>
      )}
      {full && <Text size={200}>{s.compareFull(COMPARE_MAX)}</Text>}
      {props.chosen.length === 0 ? (
        <Text size={200}>{s.compareNone}</Text>
      ) : (
        <ul className={styles.chosen} aria-label={s.compareChosen(props.chosen.join(", "))}>
          {props.chosen.map((model) => (
            <li key={model} className={styles.chosenItem}>
              <span>{model}</span>
              <Button
                size="small"
                appearance="subtle"
                aria-label={s.compareRemove(model)}
                onClick={() => props.onChange(props.chosen.filter((c) => c !== model))}
              >
                ×
              </Button>
            </li>
          ))}
        </ul>
      )}
    </fieldset>
  );
}
