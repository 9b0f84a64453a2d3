// The wizard's state and workbook calls: the lines and their answers, the add-line form and its
// errors, the one batched write with its overwrite question, and where focus goes after an action.
// The view (ClassificationWizard.tsx) only lays this out.
import { useCallback, useEffect, useMemo, useRef, useState, type FormEvent } from "react";
import {
  readClassificationState,
  readSelectedCell,
  readSelectedCostLines,
  writeClassification,
  type ClassificationState,
} from "../../../workbook/classification";
import { workloadKey, type ClassifiedLine } from "../../../sheetModel/classificationLayout";
import { errorText } from "../../../calc/errors";
import { strings } from "../../strings";
import { evaluate, newLine, type WizardLine } from "./wizardLines";

const s = strings.classification;

export interface WizardNotice {
  readonly intent: "success" | "error" | "info" | "warning";
  readonly text: string;
}

/** What a write would disturb, asked about before anything is written. */
export interface WriteConflicts {
  readonly shifted: readonly string[];
  readonly rowsAdded: number;
  readonly overwritten: readonly string[];
}

export interface LineDraft {
  readonly workload: string;
  readonly monthly: string;
  readonly vendor: string;
}

export interface DraftErrors {
  readonly workload?: string;
  readonly monthly?: string;
}

type FocusTarget = "notice" | "conflicts" | { removedAt: number };

const EMPTY_DRAFT: LineDraft = { workload: "", monthly: "", vendor: "" };

/** The add-line form's problems, each in its field's words. */
export function checkDraft(draft: LineDraft): { errors: DraftErrors; workload: string; amount: number } {
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
  return { errors, workload, amount };
}

export function useClassificationWizard() {
  const [state, setState] = useState<ClassificationState | null>(null);
  const [lines, setLines] = useState<WizardLine[]>([]);
  const [draft, setDraft] = useState<LineDraft>(EMPTY_DRAFT);
  const [draftErrors, setDraftErrors] = useState<DraftErrors>({});
  const [revenueCell, setRevenueCell] = useState("");
  const [notice, setNotice] = useState<WizardNotice | null>(null);
  const [conflicts, setConflicts] = useState<WriteConflicts | null>(null);
  const [busy, setBusy] = useState(false);
  const refs = {
    root: useRef<HTMLDivElement>(null),
    workload: useRef<HTMLInputElement>(null),
    monthly: useRef<HTMLInputElement>(null),
    notice: useRef<HTMLDivElement>(null),
    conflicts: useRef<HTMLDivElement>(null),
    linesHeading: useRef<HTMLHeadingElement>(null),
  };
  // Where focus goes after the next render: an action's result must not drop focus to the page body.
  // Every action that sets it also changes state, so a render (and this effect) follows.
  const focusNext = useRef<FocusTarget | null>(null);
  const { root, notice: noticeRef, conflicts: conflictsRef, linesHeading } = refs;
  useEffect(() => {
    const target = focusNext.current;
    if (!target) return;
    focusNext.current = null;
    if (target === "notice") noticeRef.current?.focus();
    else if (target === "conflicts") conflictsRef.current?.focus();
    else {
      // The line now at the removed one's place, else the one before it, else the lines heading.
      const selects = root.current?.querySelectorAll<HTMLSelectElement>("section[data-line-id] select") ?? [];
      const select = selects[Math.min(target.removedAt, selects.length - 1)];
      if (select) select.focus();
      else linesHeading.current?.focus();
    }
  });

  const fail = useCallback((error: unknown) => setNotice({ intent: "error", text: s.failed(errorText(error)) }), []);

  // The table and last run's answers, read once when the tab opens.
  useEffect(() => {
    let live = true;
    readClassificationState().then(
      (fresh) => live && setState(fresh),
      (error) => live && fail(error),
    );
    return () => {
      live = false;
    };
  }, [fail]);

  const reload = async () => {
    const fresh = await readClassificationState();
    setState(fresh);
    return fresh;
  };

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

  /** Typing in a field clears that field's error (the vendor has none). */
  const setDraftField = (field: keyof LineDraft, value: string) => {
    setDraft((before) => ({ ...before, [field]: value }));
    if (field !== "vendor" && draftErrors[field]) setDraftErrors({ ...draftErrors, [field]: undefined });
  };

  const addLine = (event?: FormEvent) => {
    event?.preventDefault();
    const { errors, workload, amount } = checkDraft(draft);
    setDraftErrors(errors);
    if (errors.workload) return refs.workload.current?.focus();
    if (errors.monthly) return refs.monthly.current?.focus();
    setLines((current) => [
      ...current.filter((l) => workloadKey(l.workload) !== workloadKey(workload)),
      newLine({ workload, monthlyUsd: amount, vendor: draft.vendor.trim() || undefined }, state),
    ]);
    setDraft(EMPTY_DRAFT);
    setNotice(null);
    // Ready for the next line.
    refs.workload.current?.focus();
  };

  const updateLine = (next: WizardLine) => setLines((current) => current.map((l) => (l.id === next.id ? next : l)));

  const removeLine = (id: number) => {
    focusNext.current = { removedAt: lines.findIndex((l) => l.id === id) };
    setLines((current) => current.filter((l) => l.id !== id));
  };

  const readRevenueCell = () => readSelectedCell().then(setRevenueCell).catch(fail);

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
      const outcome = await writeClassification(state, classified, {
        today: new Date(),
        revenueCell: revenueCell.trim() || undefined,
        allowOverwrite,
      });
      if (outcome.status === "needsConfirmation") {
        setConflicts(outcome);
        focusNext.current = "conflicts";
      } else {
        const text = s.written(outcome.added, outcome.updated, outcome.tableAddress);
        setNotice(
          outcome.changed.length > 0
            ? { intent: "warning", text: `${text} ${s.changed(outcome.changed.join(", "))}` }
            : { intent: "success", text },
        );
        focusNext.current = "notice";
        await reload();
      }
    } catch (error) {
      fail(error);
      focusNext.current = "notice";
    } finally {
      setBusy(false);
    }
  };

  return {
    refs,
    lines,
    evaluations,
    /** Lines still waiting for answers. */
    pending,
    canWrite: !!state && !busy && lines.length > 0 && pending === 0,
    busy,
    draft,
    draftErrors,
    setDraftField,
    addLine,
    pickSelection,
    updateLine,
    removeLine,
    revenueCell,
    setRevenueCell,
    readRevenueCell,
    write,
    conflicts,
    dismissConflicts: () => setConflicts(null),
    notice,
  };
}

export type ClassificationWizardState = ReturnType<typeof useClassificationWizard>;
