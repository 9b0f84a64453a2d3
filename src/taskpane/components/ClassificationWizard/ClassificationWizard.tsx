// The COGS/OpEx wizard: cost lines from a picked range or typed in, only the questions each
// line's bucket needs, the result and its rationale shown per line, then one batched write.
// As Fluent's own components: state in useClassificationWizard, styles in
// useClassificationWizardStyles, and this render.
import { Button, Field, Input, MessageBar, MessageBarBody, Text } from "@fluentui/react-components";
import { strings } from "../../strings";
import { AddLineForm } from "./AddLineForm";
import { LineEditor } from "./LineEditor";
import { useClassificationWizard, type ClassificationWizardState } from "./useClassificationWizard";
import { useClassificationWizardStyles } from "./useClassificationWizardStyles";

const s = strings.classification;

export function ClassificationWizard() {
  return renderClassificationWizard(useClassificationWizard(), useClassificationWizardStyles());
}

function renderClassificationWizard(wizard: ClassificationWizardState, styles: ReturnType<typeof useClassificationWizardStyles>) {
  const { refs, lines, conflicts, notice } = wizard;
  return (
    <div className={styles.root} ref={refs.root}>
      <Text as="h2" size={400} weight="semibold">
        {s.heading}
      </Text>
      <Text>{s.intro}</Text>
      <div className={styles.row}>
        <Button onClick={wizard.pickSelection}>{s.useSelection}</Button>
      </div>
      <Text as="h3" weight="semibold">
        {s.addHeading}
      </Text>
      <AddLineForm
        draft={wizard.draft}
        errors={wizard.draftErrors}
        onChange={wizard.setDraftField}
        onSubmit={wizard.addLine}
        workloadRef={refs.workload}
        monthlyRef={refs.monthly}
      />
      <Text as="h3" weight="semibold" ref={refs.linesHeading} tabIndex={-1}>
        {s.linesHeading(lines.length)}
      </Text>
      {lines.length === 0 && <Text>{s.noLines}</Text>}
      {lines.map((line, index) => (
        <LineEditor
          key={line.id}
          line={line}
          evaluation={wizard.evaluations[index]}
          onChange={wizard.updateLine}
          onRemove={() => wizard.removeLine(line.id)}
        />
      ))}
      <div className={styles.row}>
        <Field label={s.revenueLabel} hint={s.revenueHint}>
          <Input value={wizard.revenueCell} onChange={(_, d) => wizard.setRevenueCell(d.value)} placeholder={s.revenuePlaceholder} />
        </Field>
        <Button onClick={wizard.readRevenueCell}>{s.useSelectedCell}</Button>
      </div>
      {lines.length > 0 && wizard.pending > 0 && <Text>{s.notReady(wizard.pending)}</Text>}
      <div className={styles.row}>
        <Button appearance="primary" disabled={!wizard.canWrite} onClick={() => wizard.write(false)}>
          {wizard.busy ? s.writing : s.write}
        </Button>
      </div>
      {conflicts && (
        <MessageBar intent="warning" ref={refs.conflicts} tabIndex={-1}>
          <MessageBarBody>
            {conflicts.shifted.length > 0 && <div>{s.confirmShift(conflicts.rowsAdded, conflicts.shifted.join(", "))}</div>}
            {conflicts.overwritten.length > 0 && <div>{s.confirmOverwrite(conflicts.overwritten.join(", "))}</div>}
            {s.confirmQuestion}{" "}
            <Button size="small" onClick={() => wizard.write(true)}>
              {s.overwrite}
            </Button>{" "}
            <Button size="small" appearance="subtle" onClick={wizard.dismissConflicts}>
              {s.cancel}
            </Button>
          </MessageBarBody>
        </MessageBar>
      )}
      {notice && (
        <MessageBar intent={notice.intent} ref={refs.notice} tabIndex={-1}>
          <MessageBarBody>{notice.text}</MessageBarBody>
        </MessageBar>
      )}
    </div>
  );
}
