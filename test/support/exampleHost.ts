// A stand-in for Office.js in a real browser: Office.onReady, CustomFunctions.associate and an
// Excel.run over the one fake Excel (./fakeExcel), whose writes, charts and syncs are recorded on
// window.__host in the words the example-model tests use. Served by page.route in place of
// Microsoft's CDN script.
import { createFakeExcel } from "./fakeExcel/fakeExcel";
import { installOfficeGlobals } from "./fakeExcel/officeGlobals";

export const OFFICE_JS_URL = "https://appsforoffice.microsoft.com/lib/1/hosted/office.js";

export interface RecordedWrite {
  sheet: string;
  address: string;
  /** e.g. "values", "formulas", "numberFormat", "format.fill.color", "format.borders.EdgeBottom.style" */
  property: string;
  value: unknown;
  /** Number of syncs before this write was queued. */
  batch: number;
}

export interface RecordedChart {
  sheet: string;
  type: string;
  source: string;
  seriesBy: string;
  title?: string;
  position?: [string, string];
  valueAxisTitle?: string;
  categoryAxisTitle?: string;
  xAxisValues: Record<number, string>;
}

export interface HostRecord {
  existing: string[];
  added: string[];
  activated: string[];
  writes: RecordedWrite[];
  charts: RecordedChart[];
  syncs: number;
  associated: string[];
}

/**
 * The stub script; `existing` are the sheet names the workbook starts with. `failWritesWith` makes
 * the sync that carries writes reject with that message, as Excel does on a protected workbook.
 */
export function officeStubScript(existing: readonly string[], failWritesWith?: string): string {
  return `(${exampleHostPage.toString()})(${createFakeExcel.toString()}, ${installOfficeGlobals.toString()}, ${JSON.stringify(existing)}, ${JSON.stringify(failWritesWith ?? null)});`;
}

/** Runs in the page (serialised with the fake Excel's factory and the Office globals, so it refers to nothing outside). */
function exampleHostPage(core: any, installOffice: any, existing: string[], failWritesWith: string | null): void {
  const sheets: Record<string, Record<string, unknown>> = {};
  for (const name of existing) sheets[name] = {};
  const fake = core({ sheets });
  const host: any = { existing, added: [], activated: [], writes: [], charts: [], syncs: 0, associated: [] };
  (window as any).__host = host;
  const local = (address: string) => address.slice(address.lastIndexOf("!") + 1);
  // Syncs are counted per Excel.run, and host.syncs counts those of the runs that wrote: the price
  // runtime's own reads at start-up succeed against the fake too, and are not the example model's.
  const runs: { syncs: number; wrote?: boolean }[] = [];
  fake.state.onRun = (run: { syncs: number }) => runs.push(run);
  fake.book.onOp((op: any, context: any) => {
    const run = context.__run;
    const batch = run.syncs - 1;
    const write = (property: string, value: unknown) => {
      host.writes.push({ sheet: op.sheet, address: op.address, property, value, batch });
      // A protected workbook refuses the first write of the batch, and the batch with it.
      if (failWritesWith !== null) throw new Error(failWritesWith);
    };
    if (["write", "numberFormat", "format", "sheet.add", "chart.add"].includes(op.kind)) run.wrote = true;
    if (op.kind === "write") write(op.prop, op.value);
    else if (op.kind === "numberFormat") write("numberFormat", op.value);
    else if (op.kind === "format") write(op.path, op.value);
    else if (op.kind === "sheet.add") host.added.push(op.sheet);
    else if (op.kind === "activate") host.activated.push(op.sheet);
  });
  fake.state.afterSync = () => {
    host.syncs = runs.filter((r) => r.wrote).reduce((n, r) => n + r.syncs, 0);
    host.charts = fake.state.charts.map((c: any) => ({
      sheet: c.sheet.name,
      type: c.type,
      source: local(c.source),
      seriesBy: c.seriesBy,
      title: c.title,
      position: c.position,
      valueAxisTitle: c.valueAxisTitle,
      categoryAxisTitle: c.categoryAxisTitle,
      xAxisValues: Object.fromEntries(Object.entries(c.categories).map(([i, a]) => [i, local(String(a))])),
    }));
  };

  (window as any).Excel = fake.excel;
  installOffice({
    platform: "OfficeOnline",
    onAssociate: (id: string, fn: unknown) => {
      host.associated.push(id);
      ((window as any).__functions = (window as any).__functions || {})[id] = fn;
    },
  });
}
