// One price row of the grid, with what opens under it: the row's editor (its name was pressed) and
// its tier or time-of-day details (a flag was pressed).
import type { ReactNode } from "react";
import { Button, TableCell, TableCellLayout, TableRow } from "@fluentui/react-components";
import type { ModelPrice } from "../../../calc/prices";
import { draftOf } from "../../../sheetModel/priceEdits";
import { defaultFor, keyOf, modelKey } from "../../../sheetModel/priceTable";
import { billedPrice, tiersShown } from "../../../sheetModel/tierEdits";
import { strings } from "../../strings";
import { PriceEditor } from "./PriceEditor";
import { PriceFlags, type PriceDetail } from "./PriceFlags";
import { TierPanel } from "./TierPanel";
import { TimeOfDayPanel } from "./TimeOfDayPanel";
import type { PriceTableState } from "./usePriceTable";
import type { PriceTableStyles } from "./usePriceTableStyles";

const price = (value: number) => value.toLocaleString("en-US", { maximumFractionDigits: 6 });

/** The name with line-break opportunities after its dots, colons, slashes and underscores (browsers break after hyphens already). */
function breakable(name: string): ReactNode[] {
  return name.split(/(?<=[._:/])/).flatMap((part, i) => (i === 0 ? [part] : [<wbr key={i} />, part]));
}

/** The table rows of `row` (the i-th shown): the row, its editor when open, its details when open. */
export function renderPriceRows(row: ModelPrice, i: number, state: PriceTableState, styles: PriceTableStyles) {
  const { table, detail, editing } = state;
  const key = keyOf(row);
  // What the functions bill for this row: its tiers and the time-of-day windows it keeps.
  const billed = billedPrice(row, table.tiers.rows);
  const tierCount = tiersShown(row, table.tiers.rows).tiers.length;
  const open = detail?.key === key ? detail.kind : undefined;
  const toggle = (kind: PriceDetail) => state.toggleDetail(key, kind);
  const actions = editing === key ? state.rowActions(row) : undefined;
  return [
    <TableRow key={`${key}#${i}`} data-model={row.model} className={styles.row}>
      <TableCell>
        <TableCellLayout
          description={
            <>
              {row.provider}
              {(state.rowsPerModel.get(modelKey(row)) ?? 0) > 1 && <>{` · ${strings.datedFrom(row.asOf)}`}</>}
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
            onClick={() => state.toggleEdit(key)}
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
    actions && (
      <TableRow key={`${key}#edit`}>
        <TableCell colSpan={3}>
          <PriceEditor
            key={key}
            label={strings.editHeading(row.model, row.provider)}
            initial={draftOf(row)}
            nameEditable={!defaultFor(row.provider, row.model)}
            busy={state.busy}
            onSave={actions.save}
            onCancel={state.cancelEdit}
            onReset={actions.reset}
            onDelete={actions.remove}
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
            <TierPanel row={row} tierRows={table.tiers.rows} save={state.saveTiers} onClose={state.closeDetail} />
          ) : (
            <TimeOfDayPanel row={billed} onClose={state.closeDetail} />
          )}
        </TableCell>
      </TableRow>
    ),
  ];
}
