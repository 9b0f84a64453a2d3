// The workbook's price table in the pane: its "as of" date, a searchable, sortable grid, inline
// editing, custom models, and inserting the table when the workbook has none.
import { Suspense, lazy, useMemo, useState, type ReactNode } from "react";
import {
  Button,
  Input,
  Field,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Spinner,
  Table,
  TableBody,
  TableCell,
  TableCellLayout,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
  createTableColumn,
  makeStyles,
  tokens,
  useTableFeatures,
  useTableSort,
  type TableColumnId,
} from "@fluentui/react-components";
import type { ModelPrice } from "../../../calc/prices";
import { DEFAULT_PRICES_AS_OF } from "../../../data/defaultPrices";
import { EMPTY_DRAFT, draftOf, resetEdit, validateDraft, type DraftErrors, type PriceDraft } from "../../../sheetModel/priceEdits";
import { defaultFor, keyOf, modelKey } from "../../../sheetModel/priceTable";
import { billedPrice, tiersShown } from "../../../sheetModel/tierEdits";
import { strings } from "../../strings";
import { InsertPriceTable } from "./InsertPriceTable";
import { PriceEditor } from "./PriceEditor";
import { PriceFileSection } from "./PriceFileSection";
import { PriceFlags, type PriceDetail } from "./PriceFlags";
import { TierPanel } from "./TierPanel";
import { TimeOfDayPanel } from "./TimeOfDayPanel";
import { ageInDays, isoDate, isStale, oldestAsOf } from "./priceAge";
import { usePriceTable } from "./usePriceTable";

// Loaded when the table is shown, not with the pane: it carries the dataset reader, and the pane's
// first script has a size budget (bench/bundleSize.mjs).
const UpdateFromPriceFile = lazy(() =>
  import(/* webpackChunkName: "price-file" */ "./UpdateFromPriceFile").then((m) => ({ default: m.UpdateFromPriceFile })),
);

const useStyles = makeStyles({
  root: { display: "flex", flexDirection: "column", rowGap: tokens.spacingVerticalM },
  numeric: { textAlign: "end", fontVariantNumeric: "tabular-nums" },
  // The model name takes what the narrow pane has left after the two price columns; the provider
  // and whether the price is the user's sit under it, so the name has the room to break only
  // where it has a hyphen, dot or slash, never mid-word.
  priceColumn: { width: "52px" },
  modelName: { overflowWrap: "break-word", wordBreak: "normal" },
  // The name opens the row's editor, so it looks like a link: brand colour, underlined on hover
  // and focus. The hover colour also applies while the row is hovered (its background darkens), so
  // the name keeps 4.5:1 contrast on the hovered row in both themes.
  modelButton: {
    justifyContent: "flex-start",
    textAlign: "start",
    minWidth: 0,
    maxWidth: "100%",
    height: "auto",
    paddingLeft: 0,
    paddingRight: 0,
    fontWeight: tokens.fontWeightSemibold,
    color: tokens.colorBrandForegroundLink,
    ":hover": { color: tokens.colorBrandForegroundLinkHover, textDecorationLine: "underline" },
    ":hover:active": { color: tokens.colorBrandForegroundLinkPressed },
    ":focus-visible": { textDecorationLine: "underline" },
    // The row's background darkens at once; a fading text colour would sit below 4.5:1 on it for
    // 100 ms, so the colour changes in the same frame.
    transitionProperty: "none",
  },
  row: { ":hover [data-model-link]": { color: tokens.colorBrandForegroundLinkHover } },
  userPrice: { color: tokens.colorBrandForeground2 },
  muted: { display: "block", color: tokens.colorNeutralForeground3, marginTop: tokens.spacingVerticalXS },
});

/** Rendering hundreds of rows in a narrow pane helps no one; search narrows the list instead. */
const MAX_ROWS = 100;

const columns = [
  createTableColumn<ModelPrice>({ columnId: "model", compare: (a, b) => a.model.localeCompare(b.model) }),
  createTableColumn<ModelPrice>({ columnId: "input", compare: (a, b) => a.input - b.input }),
  createTableColumn<ModelPrice>({ columnId: "output", compare: (a, b) => a.output - b.output }),
];

const price = (value: number) => value.toLocaleString("en-US", { maximumFractionDigits: 6 });

/** The name with line-break opportunities after its dots, colons, slashes and underscores (browsers break after hyphens already). */
function breakable(name: string): ReactNode[] {
  return name.split(/(?<=[._:/])/).flatMap((part, i) => (i === 0 ? [part] : [<wbr key={i} />, part]));
}

function matches(row: ModelPrice, query: string): boolean {
  const q = query.trim().toLowerCase();
  return !q || [row.model, row.provider, row.displayName ?? ""].some((text) => text.toLowerCase().includes(q));
}

export interface PriceTableProps {
  /** Today, for the age of the prices and the date stamped on edits. */
  readonly today: Date;
}

export function PriceTable({ today }: PriceTableProps) {
  const styles = useStyles();
  const { status, table, error, save, saveTiers, inspect, insert } = usePriceTable();
  const [query, setQuery] = useState("");
  const [editing, setEditing] = useState<string>();
  /** The row whose tiers or time-of-day windows are open under it. */
  const [detail, setDetail] = useState<{ key: string; kind: PriceDetail }>();
  const saveModelTiers = async (...args: Parameters<typeof saveTiers>) => {
    setNotice(undefined);
    const ok = await saveTiers(...args);
    if (ok) setNotice(strings.tiersSaved(args[0]));
    return ok;
  };
  const [adding, setAdding] = useState(false);
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<string>();

  const filtered = useMemo(() => table.rows.filter((row) => matches(row, query)), [table.rows, query]);
  const {
    getRows,
    sort: { getSortDirection, toggleColumnSort, sort },
  } = useTableFeatures({ columns, items: filtered }, [
    useTableSort({ defaultSortState: { sortColumn: "model", sortDirection: "ascending" } }),
  ]);
  const sorted = sort(getRows());
  const shown = sorted.slice(0, MAX_ROWS);
  const sortProps = (columnId: TableColumnId) => ({
    onClick: (e: React.MouseEvent) => toggleColumnSort(e, columnId),
    sortDirection: getSortDirection(columnId),
  });

  const asOf = table.exists ? oldestAsOf(table.rows, "", isoDate(today)) : DEFAULT_PRICES_AS_OF;
  /** Rows per model: a model with several is listed once per date, each row saying its date. */
  const rowsPerModel = useMemo(() => {
    const counts = new Map<string, number>();
    for (const row of table.rows) counts.set(modelKey(row), (counts.get(modelKey(row)) ?? 0) + 1);
    return counts;
  }, [table.rows]);

  const run = async (work: () => Promise<boolean>, done: string) => {
    setBusy(true);
    setNotice(undefined);
    const ok = await work();
    setBusy(false);
    if (ok) {
      setNotice(done);
      setEditing(undefined);
      setAdding(false);
    }
    return ok;
  };

  const saveDraft =
    (original: ModelPrice | undefined) =>
    async (draft: PriceDraft): Promise<DraftErrors | undefined> => {
      const checked = validateDraft(draft, table.rows, original, isoDate(today));
      if ("errors" in checked) return checked.errors;
      const edit = original
        ? ({ kind: "update", key: keyOf(original), price: checked.price } as const)
        : ({ kind: "add", price: checked.price } as const);
      await run(() => save([edit]), strings.saved(checked.price.model));
      return undefined;
    };

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
      <Text size={200}>{table.exists ? strings.pricesFromWorkbook(rowsPerModel.size) : strings.pricesFromBundle}</Text>
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

      {!table.exists && <InsertPriceTable tableExists={false} inspect={inspect} insert={insert} onDone={setNotice} />}

      {table.exists && (
        <>
          <Suspense fallback={<PriceFileSection />}>
            <UpdateFromPriceFile rows={table.rows} save={save} onDone={setNotice} />
          </Suspense>
          {adding ? (
            <PriceEditor
              label={strings.addHeading}
              initial={EMPTY_DRAFT}
              nameEditable
              dateEditable
              busy={busy}
              onSave={saveDraft(undefined)}
              onCancel={() => setAdding(false)}
            />
          ) : (
            <div>
              <Button
                onClick={() => {
                  setAdding(true);
                  setEditing(undefined);
                }}
              >
                {strings.addButton}
              </Button>
              <Text as="p" size={200} className={styles.muted}>
                {strings.addHint}
              </Text>
            </div>
          )}
          <Field label={strings.searchLabel}>
            <Input type="search" value={query} placeholder={strings.searchPlaceholder} onChange={(_, d) => setQuery(d.value)} />
          </Field>
          {sorted.length > MAX_ROWS && (
            <Text size={200} className={styles.muted} role="status">
              {strings.showing(MAX_ROWS, sorted.length)}
            </Text>
          )}
          <Table sortable size="small" aria-label={strings.pricesHeading}>
            <TableHeader>
              <TableRow>
                <TableHeaderCell {...sortProps("model")}>{strings.columnModel}</TableHeaderCell>
                <TableHeaderCell className={styles.priceColumn} {...sortProps("input")}>
                  {strings.columnInput}
                </TableHeaderCell>
                <TableHeaderCell className={styles.priceColumn} {...sortProps("output")}>
                  {strings.columnOutput}
                </TableHeaderCell>
              </TableRow>
            </TableHeader>
            <TableBody>
              {shown.map(({ item: row }, i) => {
                const key = keyOf(row);
                const base = defaultFor(row.provider, row.model);
                const reset = row.source === "user" ? resetEdit(row) : undefined;
                // What the functions bill for this row: its tiers and the time-of-day windows it keeps.
                const billed = billedPrice(row, table.tiers.rows);
                const tierCount = tiersShown(row, table.tiers.rows).tiers.length;
                const open = detail?.key === key ? detail.kind : undefined;
                const toggle = (kind: PriceDetail) => setDetail(open === kind ? undefined : { key, kind });
                return [
                  <TableRow key={`${key}#${i}`} data-model={row.model} className={styles.row}>
                    <TableCell>
                      <TableCellLayout
                        description={
                          <>
                            {row.provider}
                            {(rowsPerModel.get(modelKey(row)) ?? 0) > 1 && <>{` · ${strings.datedFrom(row.asOf)}`}</>}
                            {row.source === "user" && (
                              <>
                                {" · "}
                                <span className={styles.userPrice}>{strings.sourceUser}</span>
                              </>
                            )}
                            <PriceFlags row={billed} tiered={tierCount > 0} open={open} onToggle={toggle} />
                          </>
                        }
                      >
                        <Button
                          appearance="transparent"
                          size="small"
                          className={styles.modelButton}
                          aria-label={strings.edit(row.model)}
                          aria-expanded={editing === key}
                          data-model-link
                          onClick={() => {
                            setEditing(editing === key ? undefined : key);
                            setAdding(false);
                          }}
                        >
                          <span className={styles.modelName} data-model-name>
                            {breakable(row.model)}
                          </span>
                        </Button>
                      </TableCellLayout>
                    </TableCell>
                    <TableCell className={styles.numeric}>{price(row.input)}</TableCell>
                    <TableCell className={styles.numeric}>{price(row.output)}</TableCell>
                  </TableRow>,
                  editing === key && (
                    <TableRow key={`${key}#edit`}>
                      <TableCell colSpan={3}>
                        <PriceEditor
                          key={key}
                          label={strings.editHeading(row.model, row.provider)}
                          initial={draftOf(row)}
                          nameEditable={!base}
                          busy={busy}
                          onSave={saveDraft(row)}
                          onCancel={() => setEditing(undefined)}
                          onReset={reset ? () => run(() => save([reset]), strings.reset(row.model)) : undefined}
                          onDelete={
                            row.source === "user" ? () => run(() => save([{ kind: "delete", key }]), strings.deleted(row.model)) : undefined
                          }
                        />
                        {open !== "tiers" && (
                          <Button appearance="transparent" size="small" aria-expanded={false} onClick={() => toggle("tiers")}>
                            {strings.tiersButton(tierCount)}
                          </Button>
                        )}
                      </TableCell>
                    </TableRow>
                  ),
                  open && (
                    <TableRow key={`${key}#${open}`}>
                      <TableCell colSpan={3}>
                        {open === "tiers" ? (
                          <TierPanel row={row} tierRows={table.tiers.rows} save={saveModelTiers} onClose={() => setDetail(undefined)} />
                        ) : (
                          <TimeOfDayPanel row={billed} onClose={() => setDetail(undefined)} />
                        )}
                      </TableCell>
                    </TableRow>
                  ),
                ];
              })}
            </TableBody>
          </Table>
          {filtered.length === 0 && <Text>{strings.noMatch(query)}</Text>}
          <InsertPriceTable tableExists inspect={inspect} insert={insert} onDone={setNotice} />
        </>
      )}
    </section>
  );
}
