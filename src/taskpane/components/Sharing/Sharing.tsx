// The pane's sharing section: Prepare for sharing (with a confirmation), Restore live functions,
// Repair #NAME? cells (with progress). All workbook access goes through src/workbook/share.
import {
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  Field,
  MessageBar,
  MessageBarBody,
  ProgressBar,
  Radio,
  RadioGroup,
  Text,
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import { useState } from "react";
import { strings } from "../../strings";
import {
  planSharing,
  prepareForSharing,
  repairNameErrors,
  restoreLiveFunctions,
  type RepairProgress,
  type ShareScope,
} from "../../../workbook/share";
import { TabSection } from "../TabSection";
import { errorText } from "../../../calc/errors";

const useStyles = makeStyles({
  root: { display: "flex", flexDirection: "column", rowGap: tokens.spacingVerticalS },
  buttons: { display: "flex", flexWrap: "wrap", columnGap: tokens.spacingHorizontalS, rowGap: tokens.spacingVerticalS },
  help: { color: tokens.colorNeutralForeground2 },
});

type Outcome = { intent: "success" | "warning" | "error" | "info"; text: string; details?: readonly string[] };
type Confirm = { kind: "prepare"; cells: number } | { kind: "restore" };

export function Sharing() {
  const styles = useStyles();
  const [scope, setScope] = useState<ShareScope>("workbook");
  const [busy, setBusy] = useState(false);
  const [confirm, setConfirm] = useState<Confirm | null>(null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [progress, setProgress] = useState<(RepairProgress & { kind?: "prepare" }) | null>(null);

  const run = async (what: string, body: () => Promise<void>) => {
    setBusy(true);
    setOutcome(null);
    try {
      await body();
    } catch (e) {
      setOutcome({ intent: "error", text: strings.sharingFailed(what, errorText(e)) });
    } finally {
      setBusy(false);
      setProgress(null);
    }
  };

  const askPrepare = () =>
    run(strings.sharingPrepare, async () => {
      const plan = await planSharing(scope);
      if (plan.cells === 0) setOutcome({ intent: "info", text: strings.sharingNothing(scope) });
      else setConfirm({ kind: "prepare", cells: plan.cells });
    });

  const confirmed = () => {
    const what = confirm;
    setConfirm(null);
    if (what?.kind === "prepare") {
      return run(strings.sharingPrepare, async () => {
        const r = await prepareForSharing(scope, { onProgress: (p) => setProgress({ ...p, kind: "prepare" }) });
        setOutcome({
          intent: r.warnings.length ? "warning" : "success",
          text: strings.sharingPrepared(r.formulas, r.values, r.priceRowsAdded),
          details: r.warnings,
        });
      });
    }
    return run(strings.sharingRestore, async () => {
      const r = await restoreLiveFunctions();
      // What the conversion added to the price table stays when it was changed since, and the line says why.
      setOutcome({
        intent: r.pricesKept ? "warning" : r.restored ? "success" : "info",
        text: strings.sharingRestored(r.restored),
        details: r.pricesKept ? [r.pricesKept] : undefined,
      });
    });
  };

  const repair = () =>
    run(strings.sharingRepair, async () => {
      const r = await repairNameErrors(setProgress);
      setOutcome({ intent: r.repaired ? "success" : "info", text: strings.sharingRepaired(r.repaired) });
    });

  return (
    <TabSection heading={strings.sharingHeading} className={styles.root}>
      <Text className={styles.help}>{strings.sharingHelp}</Text>
      <Field label={strings.sharingScopeLabel}>
        <RadioGroup layout="horizontal" value={scope} onChange={(_, d) => setScope(d.value as ShareScope)}>
          <Radio value="workbook" label={strings.sharingScopeWorkbook} />
          <Radio value="selection" label={strings.sharingScopeSelection} />
        </RadioGroup>
      </Field>
      <div className={styles.buttons}>
        <Button appearance="primary" disabled={busy} onClick={askPrepare}>
          {strings.sharingPrepare}
        </Button>
        <Button disabled={busy} onClick={() => setConfirm({ kind: "restore" })}>
          {strings.sharingRestore}
        </Button>
      </div>
      <Text className={styles.help}>{strings.sharingRepairHelp}</Text>
      <div className={styles.buttons}>
        <Button disabled={busy} onClick={repair}>
          {strings.sharingRepair}
        </Button>
      </div>
      {progress && progress.total > 0 && (
        <Field
          validationMessage={
            progress.kind === "prepare"
              ? strings.sharingPreparing(progress.done, progress.total)
              : strings.sharingRepairing(progress.done, progress.total)
          }
          validationState="none"
        >
          <ProgressBar value={progress.done} max={progress.total} />
        </Field>
      )}
      {outcome && (
        <MessageBar intent={outcome.intent}>
          <MessageBarBody>
            {outcome.text}
            {outcome.details?.map((d) => (
              <div key={d}>{d}</div>
            ))}
          </MessageBarBody>
        </MessageBar>
      )}
      <Dialog open={confirm !== null} onOpenChange={(_, d) => !d.open && setConfirm(null)}>
        <DialogSurface>
          <DialogBody>
            <DialogTitle>{confirm?.kind === "restore" ? strings.sharingRestoreTitle : strings.sharingConfirmTitle}</DialogTitle>
            <DialogContent>
              {confirm?.kind === "prepare" ? strings.sharingConfirmBody(confirm.cells) : strings.sharingRestoreBody}
            </DialogContent>
            <DialogActions>
              <Button appearance="secondary" onClick={() => setConfirm(null)}>
                {strings.sharingCancel}
              </Button>
              <Button appearance="primary" onClick={confirmed}>
                {confirm?.kind === "restore" ? strings.sharingRestoreConfirm : strings.sharingConfirm}
              </Button>
            </DialogActions>
          </DialogBody>
        </DialogSurface>
      </Dialog>
    </TabSection>
  );
}
