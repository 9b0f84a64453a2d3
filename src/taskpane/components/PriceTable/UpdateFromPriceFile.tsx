// "Update from a price file…": a genai-prices data file the user picked (prices newer than the
// release, without any network), compared with the workbook's table. The pane shows every change,
// old → new, and the new models; only what stays ticked is written, as ordinary edits (2 syncs).
import { useState } from "react";
import { Button, Checkbox, MessageBar, MessageBarBody, Text, makeStyles, tokens } from "@fluentui/react-components";
import type { ModelPrice } from "../../../calc/prices";
import type { PriceEdit } from "../../../sheetModel/priceEdits";
import { acceptedEdits, planPriceFileUpdate, type PriceChange, type PriceFileUpdate } from "../../../sheetModel/priceFileUpdate";
import { strings } from "../../strings";
import { PriceFileSection, usePriceFileStyles } from "./PriceFileSection";
import { buttonRow } from "../formStyles";

const useStyles = makeStyles({
  list: {
    display: "flex",
    flexDirection: "column",
    maxHeight: "240px",
    overflowY: "auto",
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
    padding: tokens.spacingHorizontalXS,
  },
  label: { wordBreak: "break-word" },
  actions: buttonRow,
});

export interface UpdateFromPriceFileProps {
  readonly rows: readonly ModelPrice[];
  /** Saves edits; resolves true when written. */
  readonly save: (edits: readonly PriceEdit[]) => Promise<boolean>;
  readonly onDone: (message: string) => void;
}

const money = (v: number | null | undefined) =>
  v === null || v === undefined ? "–" : v.toLocaleString("en-US", { maximumFractionDigits: 6 });

function describe(change: PriceChange): string {
  const parts = change.fields.map((f) => `${strings.priceFileFieldNames[f]} ${money(change.before[f])} → ${money(change.after[f])}`);
  return `${change.before.model} (${change.before.provider}): ${parts.join("; ")}`;
}

const isoDate = (ms: number) => new Date(ms).toISOString().slice(0, 10);

export function UpdateFromPriceFile({ rows, save, onDone }: UpdateFromPriceFileProps) {
  const styles = useStyles();
  const frame = usePriceFileStyles();
  const [plan, setPlan] = useState<{ file: string; update: PriceFileUpdate }>();
  const [problem, setProblem] = useState<string>();
  const [accepted, setAccepted] = useState<Set<string>>(new Set());
  const [addNew, setAddNew] = useState(false);
  const [busy, setBusy] = useState(false);

  const read = async (file: File) => {
    setProblem(undefined);
    setPlan(undefined);
    setBusy(true);
    try {
      // The file's own date is when its prices were published: dated price changes apply as of then.
      const result = planPriceFileUpdate(await file.text(), rows, isoDate(file.lastModified || Date.now()));
      if ("problem" in result) setProblem(result.problem);
      else {
        setPlan({ file: file.name, update: result });
        setAccepted(new Set(result.changes.map((c) => c.key)));
        setAddNew(false);
      }
    } finally {
      setBusy(false);
    }
  };

  const edits = plan ? acceptedEdits(plan.update, accepted, addNew) : [];
  const apply = async () => {
    if (!plan || edits.length === 0) return;
    setBusy(true);
    const ok = await save(edits);
    setBusy(false);
    if (ok) {
      setPlan(undefined);
      onDone(strings.priceFileApplied(edits.length));
    }
  };

  const toggle = (key: string, on: boolean) =>
    setAccepted((current) => {
      const next = new Set(current);
      if (on) next.add(key);
      else next.delete(key);
      return next;
    });

  const update = plan?.update;
  return (
    <PriceFileSection onFile={(file) => void read(file)} busy={busy}>
      {busy && !plan && <Text>{strings.priceFileReading}</Text>}
      {problem && (
        <MessageBar intent="error">
          <MessageBarBody>{problem}</MessageBarBody>
        </MessageBar>
      )}
      {plan && update && (
        <div className={frame.root} role="group" aria-label={strings.priceFileHeading}>
          <Text>{strings.priceFileSummary(plan.file, update.asOf, update.changes.length, update.unchanged, update.userRows)}</Text>
          {update.changes.length === 0 && update.newModels.length === 0 && <Text>{strings.priceFileNothing}</Text>}
          {update.changes.length > 0 && (
            <div className={styles.list} role="group" aria-label={strings.priceFileChanges}>
              {update.changes.map((change) => (
                <Checkbox
                  key={change.key}
                  checked={accepted.has(change.key)}
                  onChange={(_, data) => toggle(change.key, data.checked === true)}
                  label={<span className={styles.label}>{describe(change)}</span>}
                />
              ))}
            </div>
          )}
          {update.newModels.length > 0 && (
            <Checkbox
              checked={addNew}
              onChange={(_, data) => setAddNew(data.checked === true)}
              label={
                <span className={styles.label}>
                  {strings.priceFileNewModels(
                    update.newModels.length,
                    update.newModels
                      .slice(0, 5)
                      .map((m) => m.model)
                      .join(", ") + (update.newModels.length > 5 ? ", …" : ""),
                  )}
                </span>
              }
            />
          )}
          <div className={styles.actions}>
            <Button appearance="primary" onClick={apply} disabled={busy || edits.length === 0}>
              {strings.priceFileApply(edits.length)}
            </Button>
            <Button onClick={() => setPlan(undefined)} disabled={busy}>
              {strings.cancel}
            </Button>
          </div>
        </div>
      )}
    </PriceFileSection>
  );
}
