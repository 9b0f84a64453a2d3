// The state of "New feature cost model" and its workbook calls: the typed draft and each field's
// problem, the sheet being edited, the write's status, the models offered (the workbook's price
// table in use, then the bundled defaults) and the review against actuals. The view
// (FeatureModel.tsx) only draws this; the hook is tested in jsdom against the fake workbook.
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import type { ModelPrice } from "../../../calc/prices";
import { errorText } from "../../../calc/errors";
import { DEFAULT_PRICE_ROWS } from "../../../data/defaultPrices";
import { openActiveFeatureModel, saveFeatureModel, type OpenFeatureModel, type WrittenFeatureModel } from "../../../workbook/featureModel";
import { DEFAULT_FEATURE_INPUTS, type FeatureModelInputs } from "../../../sheetModel/featureModelSpec";
import { reloadWorkbookPrices } from "../../../workbook/prices";
import { reviewActiveFeature, type WrittenReview } from "../../../workbook/review";
import { featureStrings as s } from "./featureStrings";
import { draftFrom, readDraft, type DraftErrors, type DraftField, type FeatureDraft, type StepDraft } from "./featureDraft";
import { findModel, modelChoices } from "./modelChoices";

export type FeatureStatus =
  | { kind: "idle" }
  | { kind: "invalid" }
  | { kind: "busy" }
  | { kind: "done"; result: WrittenFeatureModel }
  | { kind: "failed"; reason: string };

export type StepKey = "safety" | "embedding" | "evaluation";

/** The fields the token counter can fill. */
export type CountTarget = "systemPromptTokens" | "contextTokens" | "queryTokens" | "responseTokens";

export interface FeatureModelProps {
  /** The workbook actions; replaceable in tests. Each must keep its identity across renders. */
  readonly save?: (inputs: FeatureModelInputs, sheet?: string) => Promise<WrittenFeatureModel>;
  readonly open?: () => Promise<OpenFeatureModel | null>;
  readonly review?: () => Promise<WrittenReview>;
}

export function useFeatureModel({
  save = saveFeatureModel,
  open = openActiveFeatureModel,
  review = reviewActiveFeature,
}: FeatureModelProps = {}) {
  const [draft, setDraft] = useState<FeatureDraft>(() => draftFrom(DEFAULT_FEATURE_INPUTS));
  const [errors, setErrors] = useState<DraftErrors>({});
  /** The sheet whose inputs a write edits in place; none: a write adds a new sheet. */
  const [editing, setEditing] = useState<string>();
  const [status, setStatus] = useState<FeatureStatus>({ kind: "idle" });
  const [workbookRows, setWorkbookRows] = useState<readonly ModelPrice[]>([]);
  /** Why "edit the model on the active sheet" found nothing to edit. */
  const [notice, setNotice] = useState<string>();
  const [reviewed, setReviewed] = useState<{ ok: boolean; text: string }>();
  const statusRef = useRef<HTMLDivElement>(null);
  const formRef = useRef<HTMLFormElement>(null);
  const choices = useMemo(() => modelChoices(workbookRows, DEFAULT_PRICE_ROWS), [workbookRows]);

  const show = useCallback((found: OpenFeatureModel) => {
    setDraft(draftFrom(found.inputs));
    setEditing(found.sheet);
    setErrors({});
    setNotice(undefined);
  }, []);

  // On first show: the models the workbook prices, and the model on the active sheet if it is one
  // this form wrote. Both quietly: a pane opened elsewhere simply starts a new model.
  useEffect(() => {
    let shown = true;
    reloadWorkbookPrices().then(
      (table) => shown && setWorkbookRows(table.rows),
      () => undefined,
    );
    // Called from a promise, so that a read failing at once (no Excel: a plain browser) is as quiet.
    Promise.resolve()
      .then(open)
      .then(
        (found) => shown && found && show(found),
        () => undefined,
      );
    return () => {
      shown = false;
    };
  }, [open, show]);

  useEffect(() => {
    if (status.kind === "done" || status.kind === "failed") statusRef.current?.focus();
    // A refused write takes the user to the first field to fix.
    if (status.kind === "invalid") formRef.current?.querySelector<HTMLElement>("[aria-invalid=true]")?.focus();
  }, [status]);

  /** Changes the draft; a typed field's problem goes as the user types there. */
  const set = (patch: Partial<FeatureDraft>, ...cleared: DraftField[]) => {
    setDraft((d) => ({ ...d, ...patch }));
    if (cleared.some((f) => errors[f]))
      setErrors((e) => Object.fromEntries(Object.entries(e).filter(([k]) => !cleared.includes(k as DraftField))));
  };

  const setStep = (key: StepKey, patch: Partial<StepDraft>, field?: DraftField) =>
    set({ [key]: { ...draft[key], ...patch } } as Partial<FeatureDraft>, ...(field ? [field] : []));

  /** "Edit the model on the active sheet": says why when the active sheet holds none. */
  const readActive = async () => {
    try {
      const found = await open();
      if (found) show(found);
      else setNotice(s.noModelOnSheet);
    } catch (error) {
      setNotice(errorText(error));
    }
  };

  const startNew = () => {
    setEditing(undefined);
    setStatus({ kind: "idle" });
    setDraft((d) => ({ ...d, feature: "" }));
  };

  /** Writes the model, or marks every field to fix and writes nothing. */
  const write = async () => {
    const read = readDraft(draft, (name) => findModel(choices, name) !== undefined);
    if (read.errors) {
      setErrors(read.errors);
      setStatus({ kind: "invalid" });
      return;
    }
    setErrors({});
    setStatus({ kind: "busy" });
    try {
      const result = await save(read.inputs, editing);
      setEditing(result.sheet);
      setStatus({ kind: "done", result });
    } catch (error) {
      setStatus({ kind: "failed", reason: errorText(error) });
    }
  };

  const runReview = async () => {
    setReviewed({ ok: true, text: s.reviewBusy });
    try {
      const r = await review();
      setReviewed({ ok: true, text: s.reviewDone(r.sheet, r.months, r.refreshed, r.merged) });
    } catch (error) {
      setReviewed({ ok: false, text: errorText(error) });
    }
  };

  return {
    draft,
    errors,
    editing,
    status,
    notice,
    reviewed,
    reviewing: reviewed?.text === s.reviewBusy,
    choices,
    /** The primary model, when the price table in use has it. */
    chosenModel: findModel(choices, draft.model),
    formRef,
    statusRef,
    set,
    setStep,
    applyCount: (field: CountTarget, count: number) => set({ [field]: String(count) } as Partial<FeatureDraft>, field),
    readActive,
    startNew,
    write,
    runReview,
  };
}

export type FeatureModelState = ReturnType<typeof useFeatureModel>;
