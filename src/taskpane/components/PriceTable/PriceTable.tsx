// The workbook's price table in the pane: its "as of" date, a searchable, sortable grid, inline
// editing, custom models, and inserting the table when the workbook has none. As Fluent's own
// components: state and workbook calls in usePriceTable, styles in usePriceTableStyles, markup here
// and in PriceGrid.
import { Suspense, lazy } from "react";
import { Button, Input, Field, MessageBar, MessageBarBody, MessageBarTitle, Spinner, Text } from "@fluentui/react-components";
import { EMPTY_DRAFT } from "../../../sheetModel/priceEdits";
import { strings } from "../../strings";
import { InsertPriceTable } from "./InsertPriceTable";
import { PriceEditor } from "./PriceEditor";
import { PriceFileSection } from "./PriceFileSection";
import { PriceGrid } from "./PriceGrid";
import { ageInDays, isStale } from "./priceAge";
import { usePriceTable, type PriceTableState } from "./usePriceTable";
import { usePriceTableStyles, type PriceTableStyles } from "./usePriceTableStyles";

// Loaded when the table is shown, not with the pane: it carries the dataset reader, and the pane's
// first script has a size budget (bench/bundleSize.mjs).
const UpdateFromPriceFile = lazy(() =>
  import(/* webpackChunkName: "price-file" */ "./UpdateFromPriceFile").then((m) => ({ default: m.UpdateFromPriceFile })),
);

export interface PriceTableProps {
  /** Today, for the age of the prices and the date stamped on edits. */
  readonly today: Date;
}

export function PriceTable({ today }: PriceTableProps) {
  const state = usePriceTable(today);
  const styles = usePriceTableStyles();
  return renderPriceTable(state, styles, today);
}

export function renderPriceTable(state: PriceTableState, styles: PriceTableStyles, today: Date) {
  const { status, table, error, notice, asOf } = state;
  if (status === "noExcel") return <Text>{strings.noExcel}</Text>;
  if (status === "loading") return <Spinner size="small" label={strings.loading} />;

  return (
    <section className={styles.root} aria-label={strings.pricesHeading}>
      <Text as="h2" size={400} weight="semibold">
        {strings.pricesHeading}
      </Text>
      <Text data-testid="prices-as-of">{asOf ? strings.pricesAsOf(asOf) : strings.pricesAsOfUnknown}</Text>
      {isStale(asOf, today) && (
        <MessageBar intent="warning">
          <MessageBarBody>{strings.pricesStale(ageInDays(asOf, today))}</MessageBarBody>
        </MessageBar>
      )}
      <Text size={200}>{table.exists ? strings.pricesFromWorkbook(state.rowsPerModel.size) : strings.pricesFromBundle}</Text>
      {error && (
        <MessageBar intent="error">
          <MessageBarBody>
            <MessageBarTitle>{strings.errorTitle}</MessageBarTitle>
            {error}
          </MessageBarBody>
        </MessageBar>
      )}
      {notice && (
        <MessageBar intent="success">
          <MessageBarBody>{notice}</MessageBarBody>
        </MessageBar>
      )}
      {[table, table.tiers].map(
        (t, i) =>
          (t.problems.length > 0 || t.missingColumns.length > 0) && (
            <MessageBar intent="warning" key={i}>
              <MessageBarBody>
                <MessageBarTitle>{strings.tableProblemsTitle}</MessageBarTitle>
                {t.missingColumns.length > 0 && <div>{t.missingColumns.join(", ")}</div>}
                {t.problems.slice(0, 5).map((p) => (
                  <div key={p.index}>{p.message}</div>
                ))}
                {t.problems.length > 5 && <div>{strings.tableProblemsMore(t.problems.length - 5)}</div>}
              </MessageBarBody>
            </MessageBar>
          ),
      )}

      {!table.exists && <InsertPriceTable tableExists={false} inspect={state.inspect} insert={state.insert} onDone={state.setNotice} />}

      {table.exists && (
        <>
          <Suspense fallback={<PriceFileSection />}>
            <UpdateFromPriceFile rows={table.rows} save={state.save} onDone={state.setNotice} />
          </Suspense>
          {state.adding ? (
            <PriceEditor
              label={strings.addHeading}
              initial={EMPTY_DRAFT}
              nameEditable
              dateEditable
              busy={state.busy}
              onSave={state.addNew}
              onCancel={state.cancelAdd}
            />
          ) : (
            <div>
              <Button onClick={state.startAdd}>{strings.addButton}</Button>
              <Text as="p" size={200} className={styles.muted}>
                {strings.addHint}
              </Text>
            </div>
          )}
          <Field label={strings.searchLabel}>
            <Input type="search" value={state.query} placeholder={strings.searchPlaceholder} onChange={(_, d) => state.setQuery(d.value)} />
          </Field>
          <PriceGrid state={state} styles={styles} />
          {state.filtered.length === 0 && <Text>{strings.noMatch(state.query)}</Text>}
          <InsertPriceTable tableExists inspect={state.inspect} insert={state.insert} onDone={state.setNotice} />
        </>
      )}
    </section>
  );
}
