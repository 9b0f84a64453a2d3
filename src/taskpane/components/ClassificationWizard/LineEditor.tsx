// One cost line's card: its bucket, only the questions that bucket asks, the share and driver of a
// mixed line, and the result with its rationale (or what is still missing).
import { Badge, Button, Field, Input, MessageBar, MessageBarBody, Radio, RadioGroup, Select, Text } from "@fluentui/react-components";
import { BUCKETS } from "../../../calc/classification";
import { strings } from "../../strings";
import { useClassificationWizardStyles } from "./useClassificationWizardStyles";
import { answerValue, fromValue, questionText, type Choice, type Evaluation, type WizardLine } from "./wizardLines";

const s = strings.classification;

const usd = new Intl.NumberFormat("en-US", { style: "currency", currency: "USD", maximumFractionDigits: 2 });

export interface LineEditorProps {
  readonly line: WizardLine;
  readonly evaluation: Evaluation;
  readonly onChange: (line: WizardLine) => void;
  readonly onRemove: () => void;
}

export function LineEditor({ line, evaluation, onChange, onRemove }: LineEditorProps) {
  const styles = useClassificationWizardStyles();
  return (
    <section className={styles.line} aria-label={s.lineRegion(line.workload)} data-line-id={line.id}>
      <div className={styles.lineHeader}>
        <Text weight="semibold">{s.lineTitle(line.workload, usd.format(line.monthlyUsd), line.vendor)}</Text>
        <Button size="small" appearance="subtle" onClick={onRemove} aria-label={s.removeLineNamed(line.workload)}>
          {s.removeLine}
        </Button>
      </div>
      {line.previousDate && <Text size={200}>{s.previousDefault(line.previousDate)}</Text>}
      <Field label={s.bucketLabel} className={styles.fill}>
        <Select className={styles.fill} value={line.choice} onChange={(_, d) => onChange({ ...line, choice: d.value as Choice })}>
          <option value="">{s.bucketPlaceholder}</option>
          {BUCKETS.map((b) => (
            <option key={b.id} value={b.id}>
              {b.label}
            </option>
          ))}
          <option value="inference">{s.genericInference}</option>
        </Select>
      </Field>
      {evaluation.questions.map((q) => (
        <Field key={q} label={questionText(q, evaluation.bucket)}>
          <RadioGroup
            layout="horizontal"
            value={answerValue(line.answers[q])}
            onChange={(_, d) => onChange({ ...line, answers: { ...line.answers, [q]: fromValue(d.value) } })}
          >
            <Radio value="yes" label={s.yes} />
            <Radio value="no" label={s.no} />
            {q !== "customerFacing" && <Radio value="partly" label={s.partly} />}
          </RadioGroup>
        </Field>
      ))}
      {evaluation.mixed && (
        <div className={styles.row}>
          <Field
            label={s.shareLabel}
            hint={s.shareHint}
            className={styles.field}
            validationState={evaluation.share?.error ? "error" : evaluation.share?.warning ? "warning" : "none"}
            validationMessage={evaluation.share?.error ?? evaluation.share?.warning}
          >
            <Input
              className={styles.fill}
              inputMode="decimal"
              value={line.sharePercent}
              onChange={(_, d) => onChange({ ...line, sharePercent: d.value })}
              placeholder={s.sharePlaceholder}
              contentAfter="%"
            />
          </Field>
          <Field label={s.driverLabel} hint={s.driverHint} className={styles.field}>
            <Input
              className={styles.fill}
              value={line.driver}
              onChange={(_, d) => onChange({ ...line, driver: d.value })}
              placeholder={s.driverPlaceholder}
            />
          </Field>
        </div>
      )}
      <div className={styles.result} role="status" aria-label={`${s.resultLabel}: ${line.workload}`}>
        <LineResult evaluation={evaluation} />
      </div>
    </section>
  );
}

function LineResult({ evaluation }: { evaluation: Evaluation }) {
  const styles = useClassificationWizardStyles();
  const { result } = evaluation;
  if (result)
    return (
      <>
        <div className={styles.row}>
          <Badge
            appearance="filled"
            color={result.classification === "COGS" ? "brand" : result.classification === "Mixed" ? "warning" : "informative"}
          >
            {result.classification}
          </Badge>
          <Text>{s.cogsPercent(Math.round(result.cogsShare * 1000) / 10)}</Text>
        </div>
        <Text size={200} className={styles.rationale}>
          {result.rationale}
        </Text>
      </>
    );
  if (evaluation.error)
    return (
      <MessageBar intent="error">
        <MessageBarBody>{evaluation.error}</MessageBarBody>
      </MessageBar>
    );
  const answered = evaluation.questions.every((q) => evaluation.answers[q] !== undefined);
  return <Text size={200}>{evaluation.mixed && answered ? s.sharePending : s.answerPending}</Text>;
}
