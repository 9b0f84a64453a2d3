// The price rows as a sortable table, at most MAX_ROWS of them (PriceRows draws each row).
import {
  Table,
  TableBody,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
  createTableColumn,
  useTableFeatures,
  useTableSort,
  type TableColumnId,
} from "@fluentui/react-components";
import type { ModelPrice } from "../../../calc/prices";
import { strings } from "../../strings";
import { renderPriceRows } from "./PriceRows";
import type { PriceTableState } from "./usePriceTable";
import type { PriceTableStyles } from "./usePriceTableStyles";

/** Rendering hundreds of rows in a narrow pane helps no one; search narrows the list instead. */
const MAX_ROWS = 100;

const columns = [
  createTableColumn<ModelPrice>({ columnId: "model", compare: (a, b) => a.model.localeCompare(b.model) }),
  createTableColumn<ModelPrice>({ columnId: "input", compare: (a, b) => a.input - b.input }),
  createTableColumn<ModelPrice>({ columnId: "output", compare: (a, b) => a.output - b.output }),
];

export function PriceGrid({ state, styles }: { state: PriceTableState; styles: PriceTableStyles }) {
  const {
    getRows,
    sort: { getSortDirection, toggleColumnSort, sort },
  } = useTableFeatures({ columns, items: state.filtered }, [
    useTableSort({ defaultSortState: { sortColumn: "model", sortDirection: "ascending" } }),
  ]);
  const sorted = sort(getRows());
  const sortProps = (columnId: TableColumnId) => ({
    onClick: (e: React.MouseEvent) => toggleColumnSort(e, columnId),
    sortDirection: getSortDirection(columnId),
  });
  return (
    <>
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
        <TableBody>{sorted.slice(0, MAX_ROWS).map(({ item }, i) => renderPriceRows(item, i, state, styles))}</TableBody>
      </Table>
    </>
  );
}
