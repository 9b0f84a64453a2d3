// The COGS/OpEx wizard: cost lines from a picked range or typed in, only the questions each
// line's bucket needs, the result and its rationale shown per line, then one batched write.
import { useCallback, useEffect, useMemo, useRef, useState, type FormEvent } from "react";
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
import {
  readClassificationState,
  readSelectedCell,
  readSelectedCostLines,
  writeClassification,
  type ClassificationState,
  type WriteOutcome,
} from "../../../workbook/classification";
import { dateText, workloadKey, type ClassifiedLine, type CostLine } from "../../../sheetModel/classificationLayout";
import { strings } from "../../strings";
import { errorText } from "../../../calc/errors";

const s = strings.classification;

const useStyles = makeStyles({
  root: { display: "flex", flexDirection: "column", rowGap: tokens.spacingVerticalM },
  row: {
    display: "flex",
    columnGap: tokens.spacingHorizontalS,
    alignItems: "flex-start",
    flexWrap: "wrap",
    rowGap: tokens.spacingVerticalS,
  },
  // Fields wrap onto their own line in a narrow pane and never grow past their card.
  field: { minWidth: 0, maxWidth: "100%", flexGrow: 1, flexBasis: "120px" },
  fill: { minWidth: 0, maxWidth: "100%", width: "100%" },
  buttonRow: { display: "flex", alignItems: "flex-end" },
  line: {
    display: "flex",
    flexDirection: "column",
    minWidth: 0,
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
  /** The COGS share field's own problem, shown beside it. */
  readonly share?: ShareCheck;
}

/** The COGS share as typed, in percent, read in the pane's words (not the function's fraction). */
export interface ShareCheck {
  readonly fraction?: number;
  readonly error?: string;
  /** Accepted, but worth a second look: 0.6 is 0.6%, not 60%. */
  readonly warning?: string;
}

export function checkSharePercent(typed: string): ShareCheck {
  const text = typed.trim();
  if (!text) return {};
  const percent = Number(text);
  if (!Number.isFinite(percent)) return { error: s.shareNotNumber(text) };
  if (percent <= 0 || percent >= 100) return { error: s.shareOutOfRange };
  const warning = percent < 1 ? s.shareBelowOne(text, String(Math.round(percent * 100 * 1e6) / 1e6)) : undefined;
  return { fraction: percent / 100, warning };
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
  const share = mixed ? checkSharePercent(line.sharePercent) : undefined;
  // A mixed line waits for its share and driver without an error: the user has not finished yet.
  if (share && (share.fraction === undefined || !line.driver.trim())) return { questions, answers, mixed, share };
  try {
    const result = classify({ bucket, answers, cogsShare: share?.fraction, allocationDriver: line.driver });
    return { questions, answers, result, mixed, share };
  } catch (error) {
    return { questions, answers, mixed, error: errorText(error) };
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
    <section className={styles.line} aria-label={s.lineRegion(line.workload)} data-line-id={line.id}>
      <div className={styles.lineHeader}>
        <Text weight="semibold">{s.lineTitle(line.workload, usd.format(line.monthlyUsd), line.vendor)}</Text>
        <Button size="small" appearance="subtle" onClick={props.onRemove} aria-label={s.removeLineNamed(line.workload)}>
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
        {evaluation.result ? (
          <>
            <div className={styles.row}>
              <Badge
                appearance="filled"
                color={
                  evaluation.result.classification === "COGS"
                    ? "brand"
                    : evaluation.result.classification === "Mixed"
                      ? "warning"
                      : "informative"
                }
              >
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
          <Text size={200}>
            {evaluation.mixed && evaluation.questions.every((q) => evaluation.answers[q] !== undefined) ? s.sharePending : s.answerPending}
          </Text>
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
  const [conflicts, setConflicts] = useState<{ shifted: readonly string[]; rowsAdded: number; overwritten: readonly string[] } | null>(
    null,
  );
  const [busy, setBusy] = useState(false);
  const [draftErrors, setDraftErrors] = useState<{ workload?: string; monthly?: string }>({});
  const rootRef = useRef<HTMLDivElement>(null);
  const workloadRef = useRef<HTMLInputElement>(null);
  const monthlyRef = useRef<HTMLInputElement>(null);
  const noticeRef = useRef<HTMLDivElement>(null);
  const conflictsRef = useRef<HTMLDivElement>(null);
  const linesHeadingRef = useRef<HTMLHeadingElement>(null);
  // Where focus goes after the next render: an action's result must not drop focus to the page body.
  const [focusNext, setFocusNext] = useState<null | "notice" | "conflicts" | { removedAt: number }>(null);

  useEffect(() => {
    if (!focusNext) return;
    setFocusNext(null);
    if (focusNext === "notice") noticeRef.current?.focus();
    else if (focusNext === "conflicts") conflictsRef.current?.focus();
    else {
      // The line now at the removed one's place, else the one before it, else the lines heading.
      const selects = rootRef.current?.querySelectorAll<HTMLSelectElement>("section[data-line-id] select") ?? [];
      const target = selects[Math.min(focusNext.removedAt, selects.length - 1)];
      if (target) target.focus();
      else linesHeadingRef.current?.focus();
    }
  }, [focusNext]);

  const fail = (error: unknown) => setNotice({ intent: "error", text: s.failed(errorText(error)) });

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

  const addLine = (event?: FormEvent) => {
    event?.preventDefault();
    const workload = draft.workload.trim();
    const monthly = draft.monthly.trim().replace(/^\$/, "").replace(/,/g, "");
    const amount = Number(monthly);
    const errors = {
      workload: workload ? undefined : s.workloadRequired,
      monthly: !monthly
        ? s.monthlyRequired
        : !Number.isFinite(amount)
          ? s.monthlyInvalid(draft.monthly.trim())
          : amount < 0
            ? s.monthlyNegative
            : undefined,
    };
    setDraftErrors(errors);
    if (errors.workload) return workloadRef.current?.focus();
    if (errors.monthly) return monthlyRef.current?.focus();
    setLines((current) => [
      ...current.filter((l) => workloadKey(l.workload) !== workloadKey(workload)),
      newLine({ workload, monthlyUsd: amount, vendor: draft.vendor.trim() || undefined }, state),
    ]);
    setDraft({ workload: "", monthly: "", vendor: "" });
    setNotice(null);
    // Ready for the next line.
    workloadRef.current?.focus();
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
        setConflicts(outcome);
        setFocusNext("conflicts");
      } else {
        const text = s.written(outcome.added, outcome.updated, outcome.tableAddress);
        setNotice(
          outcome.changed.length > 0
            ? { intent: "warning", text: `${text} ${s.changed(outcome.changed.join(", "))}` }
            : { intent: "success", text },
        );
        setFocusNext("notice");
        await reload();
      }
    } catch (error) {
      fail(error);
      setFocusNext("notice");
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className={styles.root} ref={rootRef}>
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
      {/* A form, so Enter in any of its fields adds the line. */}
      <form className={styles.row} onSubmit={addLine} aria-label={s.addHeading} noValidate>
        <Field
          label={s.workloadLabel}
          className={styles.field}
          validationMessage={draftErrors.workload}
          validationState={draftErrors.workload ? "error" : "none"}
        >
          <Input
            ref={workloadRef}
            className={styles.fill}
            value={draft.workload}
            onChange={(_, d) => {
              setDraft({ ...draft, workload: d.value });
              if (draftErrors.workload) setDraftErrors({ ...draftErrors, workload: undefined });
            }}
          />
        </Field>
        <Field
          label={s.monthlyLabel}
          className={styles.field}
          validationMessage={draftErrors.monthly}
          validationState={draftErrors.monthly ? "error" : "none"}
        >
          <Input
            ref={monthlyRef}
            className={styles.fill}
            inputMode="decimal"
            value={draft.monthly}
            onChange={(_, d) => {
              setDraft({ ...draft, monthly: d.value });
              if (draftErrors.monthly) setDraftErrors({ ...draftErrors, monthly: undefined });
            }}
            contentBefore="$"
          />
        </Field>
        <Field label={s.vendorLabel} className={styles.field}>
          <Input className={styles.fill} value={draft.vendor} onChange={(_, d) => setDraft({ ...draft, vendor: d.value })} />
        </Field>
        <div className={styles.buttonRow}>
          <Button type="submit">{s.addLine}</Button>
        </div>
      </form>
      <Text as="h3" weight="semibold" ref={linesHeadingRef} tabIndex={-1}>
        {s.linesHeading(lines.length)}
      </Text>
      {lines.length === 0 && <Text>{s.noLines}</Text>}
      {lines.map((line, index) => (
        <LineEditor
          key={line.id}
          line={line}
          onChange={(next) => setLines((current) => current.map((l) => (l.id === next.id ? next : l)))}
          onRemove={() => {
            setLines((current) => current.filter((l) => l.id !== line.id));
            setFocusNext({ removedAt: index });
          }}
        />
      ))}
      <div className={styles.row}>
        <Field label={s.revenueLabel} hint={s.revenueHint}>
          <Input value={revenueCell} onChange={(_, d) => setRevenueCell(d.value)} placeholder={s.revenuePlaceholder} />
        </Field>
        <Button onClick={() => readSelectedCell().then(setRevenueCell).catch(fail)}>{s.useSelectedCell}</Button>
      </div>
      {lines.length > 0 && pending > 0 && <Text>{s.notReady(pending)}</Text>}
      <div className={styles.row}>
        <Button appearance="primary" disabled={!state || busy || lines.length === 0 || pending > 0} onClick={() => write(false)}>
          {busy ? s.writing : s.write}
        </Button>
      </div>
      {conflicts && (
        <MessageBar intent="warning" ref={conflictsRef} tabIndex={-1}>
          <MessageBarBody>
            {conflicts.shifted.length > 0 && <div>{s.confirmShift(conflicts.rowsAdded, conflicts.shifted.join(", "))}</div>}
            {conflicts.overwritten.length > 0 && <div>{s.confirmOverwrite(conflicts.overwritten.join(", "))}</div>}
            {s.confirmQuestion}{" "}
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
        <MessageBar intent={notice.intent} ref={noticeRef} tabIndex={-1}>
          <MessageBarBody>{notice.text}</MessageBarBody>
        </MessageBar>
      )}
    </div>
  );
}
