// A model whose rate depends on the hour (UTC): each window and its rates, the rates of the other
// hours, and the day's average that formulas bill (a monthly forecast has no hour, domain.md §8).
import {
  Button,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import { dayAverage } from "../../../calc/billing";
import type { CallPricing, ModelPrice } from "../../../calc/prices";
import { strings } from "../../strings";
import { filledPanel } from "../formStyles";

const useStyles = makeStyles({
  panel: filledPanel(tokens.colorNeutralBackground2, tokens.spacingHorizontalS),
  numeric: { fontVariantNumeric: "tabular-nums" },
});

const money = (value: number) => `$${value.toLocaleString("en-US", { maximumFractionDigits: 6 })}`;
/** "00:30:00Z" as "00:30". */
const hour = (time: string) => time.replace(/Z$/, "").replace(/^(\d{1,2}:\d{2}):00$/, "$1");
const rates = (p: CallPricing) => `${money(p.input)} / ${money(p.output)}`;

export function TimeOfDayPanel({ row, onClose }: { readonly row: ModelPrice; readonly onClose: () => void }) {
  const styles = useStyles();
  const average = dayAverage(row);
  return (
    <section className={styles.panel} aria-label={strings.windowsHeading(row.model)} data-windows={row.model}>
      <Text as="h3" size={300} weight="semibold">
        {strings.windowsHeading(row.model)}
      </Text>
      <Table size="extra-small" aria-label={strings.windowsHeading(row.model)}>
        <TableHeader>
          <TableRow>
            <TableHeaderCell>{strings.windowColumn}</TableHeaderCell>
            <TableHeaderCell>{strings.windowRates}</TableHeaderCell>
          </TableRow>
        </TableHeader>
        <TableBody>
          {(row.windows ?? []).map((w) => (
            <TableRow key={`${w.startUtc}-${w.endUtc}`}>
              <TableCell>{strings.windowRange(hour(w.startUtc), hour(w.endUtc))}</TableCell>
              <TableCell className={styles.numeric}>{rates(w)}</TableCell>
            </TableRow>
          ))}
          <TableRow>
            <TableCell>{strings.windowOtherHours}</TableCell>
            <TableCell className={styles.numeric}>{rates(row)}</TableCell>
          </TableRow>
        </TableBody>
      </Table>
      <Text size={200} data-testid="day-average">
        {strings.windowsAverage(money(average.input), money(average.output))}
      </Text>
      <div>
        <Button appearance="subtle" onClick={onClose}>
          {strings.close}
        </Button>
      </div>
    </section>
  );
}
