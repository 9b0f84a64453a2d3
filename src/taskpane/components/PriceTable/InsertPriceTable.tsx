// "Insert price table": the bundled prices of the chosen providers (or all) as the AIECON_Prices
// table. When the sheet or the table already exists the user is asked first, and the choice
// offered never replaces anything: Cancel is the default.
import { useState } from "react";
import {
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  Dropdown,
  Field,
  Option,
  ProgressBar,
  Text,
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import { DEFAULT_PRICE_ROWS, DEFAULT_PROVIDERS } from "../../../data/defaultPrices";
import type { ModelPrice } from "../../../calc/prices";
import type { InsertMode, InsertResult, PriceTablePresence } from "../../../workbook/prices";
import { strings } from "../../strings";

const useStyles = makeStyles({
  root: { display: "flex", flexDirection: "column", rowGap: tokens.spacingVerticalS },
});

export interface InsertPriceTableProps {
  readonly tableExists: boolean;
  readonly inspect: () => Promise<PriceTablePresence | undefined>;
  readonly insert: (
    rows: readonly ModelPrice[],
    mode: InsertMode,
    onProgress: (done: number, total: number) => void,
  ) => Promise<InsertResult | undefined>;
  readonly onDone: (message: string) => void;
}

type Ask = { kind: "table" } | { kind: "sheet"; sheet: string };

export function InsertPriceTable(props: InsertPriceTableProps) {
  const styles = useStyles();
  const [providers, setProviders] = useState<string[]>([]);
  const [ask, setAsk] = useState<Ask>();
  const [progress, setProgress] = useState<{ done: number; total: number }>();

  const rows = () => {
    const chosen = new Set(providers);
    return chosen.size ? DEFAULT_PRICE_ROWS.filter((r) => chosen.has(r.provider)) : DEFAULT_PRICE_ROWS;
  };

  const run = async (mode: InsertMode) => {
    setAsk(undefined);
    const selected = rows();
    setProgress({ done: 0, total: selected.length });
    const result = await props.insert(selected, mode, (done, total) => setProgress({ done, total }));
    setProgress(undefined);
    if (result?.status === "inserted") props.onDone(strings.inserted(result.added, result.sheetName));
    else if (result?.status === "merged") props.onDone(strings.merged(result.added));
  };

  const start = async () => {
    const presence = await props.inspect();
    if (!presence) return;
    if (presence.tableExists) setAsk({ kind: "table" });
    else if (presence.sheetExists) setAsk({ kind: "sheet", sheet: presence.freeSheetName });
    else await run("create");
  };

  return (
    <section className={styles.root} aria-label={props.tableExists ? strings.insertButtonMerge : strings.insertHeading}>
      <Field label={strings.insertProviders} hint={props.tableExists ? strings.insertProvidersHintMerge : strings.insertProvidersHint}>
        <Dropdown
          multiselect
          placeholder={strings.insertProvidersPlaceholder}
          selectedOptions={providers}
          value={providers.join(", ")}
          onOptionSelect={(_, data) => setProviders(data.selectedOptions)}
        >
          {DEFAULT_PROVIDERS.map((p) => (
            <Option key={p} value={p}>
              {p}
            </Option>
          ))}
        </Dropdown>
      </Field>
      <div>
        <Button appearance={props.tableExists ? "secondary" : "primary"} onClick={start} disabled={progress !== undefined}>
          {props.tableExists ? strings.insertButtonMerge : strings.insertButton}
        </Button>
      </div>
      {progress && (
        <Field validationMessage={strings.inserting(progress.done, progress.total)} validationState="none">
          <ProgressBar value={progress.total ? progress.done / progress.total : 0} aria-label={strings.insertHeading} />
        </Field>
      )}
      <Dialog open={ask !== undefined} onOpenChange={(_, data) => !data.open && setAsk(undefined)} modalType="alert">
        <DialogSurface>
          <DialogBody>
            <DialogTitle>{ask?.kind === "sheet" ? strings.dialogSheetTitle : strings.dialogTableTitle}</DialogTitle>
            <DialogContent>
              <Text>{ask?.kind === "sheet" ? strings.dialogSheetBody(ask.sheet) : strings.dialogTableBody}</Text>
            </DialogContent>
            <DialogActions>
              {/* Cancel first and focused: pressing Enter by habit must not write anything. */}
              <Button appearance="primary" autoFocus onClick={() => setAsk(undefined)}>
                {strings.cancel}
              </Button>
              <Button onClick={() => run(ask?.kind === "sheet" ? "newSheet" : "merge")}>
                {ask?.kind === "sheet" ? strings.dialogSheetConfirm(ask.sheet) : strings.dialogTableConfirm}
              </Button>
            </DialogActions>
          </DialogBody>
        </DialogSurface>
      </Dialog>
    </section>
  );
}
