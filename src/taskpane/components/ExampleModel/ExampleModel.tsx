import { useState } from "react";
import { Button, MessageBar, MessageBarBody, Text, makeStyles, tokens } from "@fluentui/react-components";
import { strings } from "../../strings";
import { insertExampleModel, type InsertedExampleModel } from "../../../workbook/exampleModel";
import { TabSection } from "../TabSection";
import { errorText } from "../../../calc/errors";

const useStyles = makeStyles({
  root: { display: "flex", flexDirection: "column", rowGap: tokens.spacingVerticalS, alignItems: "flex-start" },
});

type Status = { kind: "idle" } | { kind: "busy" } | { kind: "done"; result: InsertedExampleModel } | { kind: "failed"; reason: string };

export interface ExampleModelProps {
  /** The workbook action; replaceable in tests. */
  insert?: () => Promise<InsertedExampleModel>;
}

export function ExampleModel({ insert = insertExampleModel }: ExampleModelProps) {
  const styles = useStyles();
  const [status, setStatus] = useState<Status>({ kind: "idle" });

  const run = async () => {
    setStatus({ kind: "busy" });
    try {
      setStatus({ kind: "done", result: await insert() });
    } catch (error) {
      setStatus({ kind: "failed", reason: errorText(error) });
    }
  };

  return (
    <TabSection heading={strings.exampleModelHeading} className={styles.root}>
      <Text>{strings.exampleModelHelp}</Text>
      <Button appearance="primary" onClick={run} disabled={status.kind === "busy"}>
        {status.kind === "busy" ? strings.exampleModelInserting : strings.exampleModelButton}
      </Button>
      {status.kind === "done" && (
        <MessageBar intent={status.result.renamed ? "warning" : "success"}>
          <MessageBarBody role="status">
            {status.result.renamed
              ? strings.exampleModelRenamed(status.result.sheets.inputs, status.result.sheets.model)
              : strings.exampleModelDone(status.result.sheets.inputs, status.result.sheets.model)}
          </MessageBarBody>
        </MessageBar>
      )}
      {status.kind === "failed" && (
        <MessageBar intent="error">
          <MessageBarBody role="alert">{strings.exampleModelFailed(status.reason)}</MessageBarBody>
        </MessageBar>
      )}
    </TabSection>
  );
}
