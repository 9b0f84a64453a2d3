// The COGS/OpEx wizard: cost lines from a picked range or typed in, only the questions each
// line's bucket needs, the result and its rationale shown per line, then one batched write.
import { useCallback, useEffect, useMemo, useState } from "react";
import {
  Badge,
  Button,
  Field,
  Input,
  MessageBar,
  MessageBarBody,
  Radio,
  RadioGroup,
  Select,
  Text,
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import {
  BUCKETS,
  classify,
  parseBucket,
  questionsFor,
  type Answer,
  type Answers,
  type BucketId,
  type ClassificationResult,
  type QuestionId,
} from "../../../calc/classification";
import { CalcError } from "../../../calc/errors";
import { messages } from "../../../calc/messages";
import {
  readClassificationState,
  readSelectedCell,
  readSelectedCostLines,
  writeClassification,
  type ClassificationState,
  type WriteOutcome,
} from "../../../workbook/classification";
import { dateText, workloadKey, type ClassifiedLine, type CostLine } from "../../../workbook/classificationLayout";
import { strings } from "../../strings";

const s = strings.classification;

const useStyles = makeStyles({
  root: { display: "flex", flexDirection: "column", rowGap: tokens.spacingVerticalM },
  row: { display: "flex", columnGap: tokens.spacingHorizontalS, alignItems: "flex-end", flexWrap: "wrap" },
  line: {
    display: "flex",
    flexDirection: "column",
    rowGap: tokens.spacingVerticalS,
    padding: tokens.spacingHorizontalM,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke1}`,
    borderRadius: tokens.borderRadiusMedium,
    backgroundColor: tokens.colorNeutralBackground2,
  },
  lineHeader: { display: "flex", justifyContent: "space-between", alignItems: "center", columnGap: tokens.spacingHorizontalS },
  result: { display: "flex", flexDirection: "column", rowGap: tokens.spacingVerticalXS },
  rationale: { color: tokens.colorNeutralForeground2 },
});

/** A bucket, or plain "inference" that the customer-facing question resolves. */
type Choice = BucketId | "inference" | "";

interface WizardLine {
  readonly id: number;
  readonly workload: string;
  readonly monthlyUsd: number;
  readonly vendor?: string;
  readonly choice: Choice;
  readonly answers: Answers;
  /** As typed, in percent. */
  readonly sharePercent: string;
  readonly driver: string;
  readonly previousDate?: string;
}

interface Evaluation {
  readonly questions: readonly QuestionId[];
  readonly answers: Answers;
  readonly result?: ClassificationResult;
  readonly error?: string;
  readonly mixed: boolean;
}

const usd = new Intl.NumberFormat("en-US", { style: "currency", currency: "USD", maximumFractionDigits: 2 });

function questionsOf(line: WizardLine): { bucket?: BucketId; questions: QuestionId[] } {
  if (line.choice === "") return { questions: [] };
  if (line.choice !== "inference") return { bucket: line.choice, questions: [...questionsFor(line.choice)] };
  const cf = line.answers.customerFacing;
  if (cf === undefined || cf === "partly") return { questions: ["customerFacing"] };
  const bucket = parseBucket("inference", cf);
  return { bucket, questions: ["customerFacing", ...questionsFor(bucket)] };
}

function evaluate(line: WizardLine): Evaluation {
  const { bucket, questions } = questionsOf(line);
  // Only the answers to the questions asked count: a bucket change leaves no stale answer behind.
  const answers: Answers = Object.fromEntries(questions.filter((q) => line.answers[q] !== undefined).map((q) => [q, line.answers[q]]));
  const mixed = questions.some((q) => answers[q] === "partly");
  if (!bucket || questions.some((q) => answers[q] === undefined)) return { questions, answers, mixed };
  try {
    let cogsShare: number | undefined;
    if (mixed) {
      if (!line.sharePercent.trim()) throw new CalcError("value", messages.classifyShareRequired(BUCKETS.find((b) => b.id === bucket)!.label));
      cogsShare = Number(line.sharePercent) / 100;
      if (!line.driver.trim()) throw new CalcError("value", s.driverRequired);
    }
    const result = classify({ bucket, answers, cogsShare, allocationDriver: line.driver });
    return { questions, answers, result, mixed };
  } catch (error) {
    return { questions, answers, mixed, error: error instanceof Error ? error.message : String(error) };
  }
}

function questionText(question: QuestionId, bucket: BucketId | undefined): string {
  if (question === "production" && bucket === "infrastructure") return s.infrastructureProduction;
  return s.questions[question];
}

const answerValue = (a: Answer | undefined): string => (a === undefined ? "" : a === "partly" ? "partly" : a ? "yes" : "no");
const fromValue = (v: string): Answer => (v === "partly" ? "partly" : v === "yes");

function choiceFromName(name: string | undefined): Choice {
  if (!name) return "";
  try {
    return parseBucket(name);
  } catch {
    return /^\s*inference\s*$/i.test(name) ? "inference" : "";
  }
}

let nextId = 1;

function newLine(cost: CostLine, state: ClassificationState | null): WizardLine {
  const previous = state?.previous.get(workloadKey(cost.workload));
  const fromRange = choiceFromName(cost.bucketName);
  const choice: Choice = fromRange || previous?.bucket || "";
  const keepAnswers = previous && previous.bucket && (choice === previous.bucket || choice === "inference");
  return {
    id: nextId++,
    workload: cost.workload,
    monthlyUsd: cost.monthlyUsd,
    vendor: cost.vendor,
    choice,
    answers: keepAnswers ? previous!.answers : {},
    sharePercent: keepAnswers && previous!.classification === "Mixed" ? String(Math.round(previous!.cogsShare * 10000) / 100) : "",
    driver: keepAnswers ? previous!.allocationDriver : "",
    previousDate: keepAnswers ? dateText(previous!.classifiedOn) : undefined,
  };
}

function LineEditor(props: { line: WizardLine; onChange: (line: WizardLine) => void; onRemove: () => void }) {
  const styles = useStyles();
  const { line, onChange } = props;
  const evaluation = evaluate(line);
  const { bucket } = questionsOf(line);
  return (
    <section className={styles.line} aria-label={s.lineRegion(line.workload)}>
      <div className={styles.lineHeader}>
        <Text weight="semibold">{s.lineTitle(line.workload, usd.format(line.monthlyUsd), line.vendor)}</Text>
        <Button size="small" appearance="subtle" onClick={props.onRemove}>
          {s.removeLine}
        </Button>
      </div>
      {line.previousDate && <Text size={200}>{s.previousDefault(line.previousDate)}</Text>}
      <Field label={s.bucketLabel}>
        <Select value={line.choice} onChange={(_, d) => onChange({ ...line, choice: d.value as Choice })}>
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
        <Field key={q} label={questionText(q, bucket)}>
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
          <Field label={s.shareLabel} hint={s.shareHint}>
            <Input
              type="number"
              value={line.sharePercent}
              onChange={(_, d) => onChange({ ...line, sharePercent: d.value })}
              placeholder={s.sharePlaceholder}
              contentAfter="%"
            />
          </Field>
          <Field label={s.driverLabel} hint={s.driverHint}>
            <Input value={line.driver} onChange={(_, d) => onChange({ ...line, driver: d.value })} placeholder={s.driverPlaceholder} />
          </Field>
        </div>
      )}
      <div className={styles.result} role="status" aria-label={`${s.resultLabel}: ${line.workload}`}>
        {evaluation.result ? (
          <>
            <div className={styles.row}>
              <Badge appearance="filled" color={evaluation.result.classification === "COGS" ? "brand" : evaluation.result.classification === "Mixed" ? "warning" : "informative"}>
                {evaluation.result.classification}
              </Badge>
              <Text>{s.cogsPercent(Math.round(evaluation.result.cogsShare * 1000) / 10)}</Text>
            </div>
            <Text size={200} className={styles.rationale}>
              {evaluation.result.rationale}
            </Text>
          </>
        ) : evaluation.error ? (
          <MessageBar intent="error">
            <MessageBarBody>{evaluation.error}</MessageBarBody>
          </MessageBar>
        ) : (
          <Text size={200}>{s.answerPending}</Text>
        )}
      </div>
    </section>
  );
}

export function ClassificationWizard() {
  const styles = useStyles();
  const [state, setState] = useState<ClassificationState | null>(null);
  const [lines, setLines] = useState<WizardLine[]>([]);
  const [draft, setDraft] = useState({ workload: "", monthly: "", vendor: "" });
  const [revenueCell, setRevenueCell] = useState("");
  const [notice, setNotice] = useState<{ intent: "success" | "error" | "info" | "warning"; text: string } | null>(null);
  const [conflicts, setConflicts] = useState<readonly string[] | null>(null);
  const [busy, setBusy] = useState(false);

  const fail = (error: unknown) => setNotice({ intent: "error", text: s.failed(error instanceof Error ? error.message : String(error)) });

  const reload = useCallback(async () => {
    const fresh = await readClassificationState();
    setState(fresh);
    return fresh;
  }, []);

  useEffect(() => {
    reload().catch(fail);
  }, [reload]);

  const evaluations = useMemo(() => lines.map((l) => evaluate(l)), [lines]);
  const pending = evaluations.filter((e) => !e.result).length;

  const pickSelection = async () => {
    try {
      const fresh = state ?? (await reload());
      const picked = await readSelectedCostLines();
      setLines((current) => {
        const known = new Set(current.map((l) => workloadKey(l.workload)));
        return [...current, ...picked.lines.filter((c) => !known.has(workloadKey(c.workload))).map((c) => newLine(c, fresh))];
      });
      setNotice({ intent: "info", text: s.selectionRead(picked.lines.length, picked.address) });
    } catch (error) {
      fail(error);
    }
  };

  const addLine = () => {
    const workload = draft.workload.trim();
    const amount = Number(draft.monthly);
    if (!workload) return setNotice({ intent: "error", text: messages.classifyLineName(lines.length + 1) });
    if (draft.monthly.trim() === "" || !Number.isFinite(amount) || amount < 0)
      return setNotice({ intent: "error", text: messages.classifyLineAmount(workload, draft.monthly) });
    setLines((current) => [
      ...current.filter((l) => workloadKey(l.workload) !== workloadKey(workload)),
      newLine({ workload, monthlyUsd: amount, vendor: draft.vendor.trim() || undefined }, state),
    ]);
    setDraft({ workload: "", monthly: "", vendor: "" });
    setNotice(null);
  };

  const write = async (allowOverwrite: boolean) => {
    if (!state) return;
    setBusy(true);
    setConflicts(null);
    try {
      const classified: ClassifiedLine[] = lines.map((line, i) => ({
        workload: line.workload,
        monthlyUsd: line.monthlyUsd,
        answers: evaluations[i].answers,
        allocationDriver: line.driver,
        result: evaluations[i].result!,
      }));
      const outcome: WriteOutcome = await writeClassification(state, classified, {
        today: new Date(),
        revenueCell: revenueCell.trim() || undefined,
        allowOverwrite,
      });
      if (outcome.status === "needsConfirmation") {
        setConflicts(outcome.cells);
      } else {
        const text = s.written(outcome.added, outcome.updated, outcome.tableAddress);
        setNotice(
          outcome.changed.length > 0
            ? { intent: "warning", text: `${text} ${s.changed(outcome.changed.join(", "))}` }
            : { intent: "success", text },
        );
        await reload();
      }
    } catch (error) {
      fail(error);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className={styles.root}>
      <Text as="h2" size={400} weight="semibold">
        {s.heading}
      </Text>
      <Text>{s.intro}</Text>
      <div className={styles.row}>
        <Button onClick={pickSelection}>{s.useSelection}</Button>
      </div>
      <Text as="h3" weight="semibold">
        {s.addHeading}
      </Text>
      <div className={styles.row}>
        <Field label={s.workloadLabel}>
          <Input value={draft.workload} onChange={(_, d) => setDraft({ ...draft, workload: d.value })} />
        </Field>
        <Field label={s.monthlyLabel}>
          <Input type="number" value={draft.monthly} onChange={(_, d) => setDraft({ ...draft, monthly: d.value })} contentBefore="$" />
        </Field>
        <Field label={s.vendorLabel}>
          <Input value={draft.vendor} onChange={(_, d) => setDraft({ ...draft, vendor: d.value })} />
        </Field>
        <Button onClick={addLine}>{s.addLine}</Button>
      </div>
      <Text as="h3" weight="semibold">
        {s.linesHeading(lines.length)}
      </Text>
      {lines.length === 0 && <Text>{s.noLines}</Text>}
      {lines.map((line) => (
        <LineEditor
          key={line.id}
          line={line}
          onChange={(next) => setLines((current) => current.map((l) => (l.id === next.id ? next : l)))}
          onRemove={() => setLines((current) => current.filter((l) => l.id !== line.id))}
        />
      ))}
      <div className={styles.row}>
        <Field label={s.revenueLabel} hint={s.revenueHint}>
          <Input value={revenueCell} onChange={(_, d) => setRevenueCell(d.value)} placeholder={s.revenuePlaceholder} />
        </Field>
        <Button
          onClick={() =>
            readSelectedCell()
              .then(setRevenueCell)
              .catch(fail)
          }
        >
          {s.useSelectedCell}
        </Button>
      </div>
      {lines.length > 0 && pending > 0 && <Text>{s.notReady(pending)}</Text>}
      <div className={styles.row}>
        <Button appearance="primary" disabled={!state || busy || lines.length === 0 || pending > 0} onClick={() => write(false)}>
          {busy ? s.writing : s.write}
        </Button>
      </div>
      {conflicts && (
        <MessageBar intent="warning">
          <MessageBarBody>
            {s.confirmOverwrite(conflicts.join(", "))}{" "}
            <Button size="small" onClick={() => write(true)}>
              {s.overwrite}
            </Button>{" "}
            <Button size="small" appearance="subtle" onClick={() => setConflicts(null)}>
              {s.cancel}
            </Button>
          </MessageBarBody>
        </MessageBar>
      )}
      {notice && (
        <MessageBar intent={notice.intent}>
          <MessageBarBody>{notice.text}</MessageBarBody>
        </MessageBar>
      )}
    </div>
  );
}
