// The keys an import could not map to a feature (their rows went to Unassigned), each with a field
// to name its feature, and one button that saves them to AIECON_FeatureMap.
import { Button, Field, Input, Text } from "@fluentui/react-components";
import type { UnmappedKey } from "../../../calc/actuals/types";
import { actualsStrings as s } from "../../actualsStrings";
import { useActualsStyles } from "./useActualsStyles";

const usd = (n: number) => n.toLocaleString("en-US", { style: "currency", currency: "USD", maximumFractionDigits: 2 });
const count = (n: number) => n.toLocaleString("en-US", { maximumFractionDigits: 0 });

export interface FeatureAssignmentProps {
  readonly unmapped: readonly UnmappedKey[];
  readonly features: Readonly<Record<string, string>>;
  readonly onChange: (key: string, feature: string) => void;
  readonly onSave: () => void;
  readonly canSave: boolean;
  readonly disabled: boolean;
}

export function FeatureAssignment({ unmapped, features, onChange, onSave, canSave, disabled }: FeatureAssignmentProps) {
  const styles = useActualsStyles();
  return (
    <div className={styles.card} role="group" aria-labelledby="features-heading">
      <Text as="h3" id="features-heading" weight="semibold">
        {s.featuresHeading}
      </Text>
      <Text className={styles.help}>{s.featuresHelp}</Text>
      {unmapped.map((u) => (
        <Field key={u.key} label={s.featureFor(u.key)} hint={s.keyCarried(usd(u.billedUsd), count(u.tokens))}>
          <Input value={features[u.key] ?? ""} onChange={(_, d) => onChange(u.key, d.value)} disabled={disabled} size="small" />
        </Field>
      ))}
      <div className={styles.row}>
        <Button disabled={!canSave} onClick={onSave}>
          {s.saveFeatures}
        </Button>
      </div>
    </div>
  );
}
