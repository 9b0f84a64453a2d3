// A stand-in for Office.js in a real browser: Office.onReady, CustomFunctions.associate and an
// Excel.run whose object model records every write, chart and sync on window.__host, as far as the
// example-model writer uses it. Served by page.route in place of Microsoft's CDN script.

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
  return `
(() => {
  const host = { existing: ${JSON.stringify(existing)}, added: [], activated: [], writes: [], charts: [], syncs: 0, associated: [] };
  window.__host = host;

  // A property bag whose assignments are recorded as writes to one range.
  function recorder(sheet, address, path) {
    const store = {};
    return new Proxy(store, {
      set(target, key, value) {
        host.writes.push({ sheet, address, property: path + String(key), value, batch: host.syncs });
        target[key] = value;
        return true;
      },
    });
  }

  function makeRange(sheet, address) {
    const range = recorder(sheet, address, "");
    const format = recorder(sheet, address, "format.");
    Object.defineProperty(range, "__address", { value: address });
    Object.defineProperty(range, "format", { value: format });
    Object.defineProperty(format, "font", { value: recorder(sheet, address, "format.font.") });
    Object.defineProperty(format, "fill", { value: recorder(sheet, address, "format.fill.") });
    Object.defineProperty(format, "borders", {
      value: { getItem: (edge) => recorder(sheet, address, "format.borders." + edge + ".") },
    });
    return range;
  }

  function makeSheet(name) {
    return {
      name,
      getRange: (address) => makeRange(name, address),
      activate: () => host.activated.push(name),
      charts: {
        add(type, source, seriesBy) {
          const chart = { sheet: name, type, source: source.__address, seriesBy, xAxisValues: {} };
          host.charts.push(chart);
          const titled = (key) => ({ set text(v) { chart[key] = v; } });
          return {
            title: titled("title"),
            setPosition: (a, b) => { chart.position = [a, b]; },
            axes: { valueAxis: { title: titled("valueAxisTitle") }, categoryAxis: { title: titled("categoryAxisTitle") } },
            series: { getItemAt: (i) => ({ setXAxisValues: (r) => { chart.xAxisValues[i] = r.__address; } }) },
          };
        },
      },
    };
  }

  let current = host.existing.map((name) => ({ name }));
  const worksheets = {
    _loaded: false,
    load() { this._loaded = true; },
    get items() {
      if (!this._synced) throw new Error("PropertyNotLoaded: worksheets.items read before load() and sync()");
      return current;
    },
    add(name) {
      if (current.some((s) => s.name.toLowerCase() === name.toLowerCase())) {
        throw new Error("ItemAlreadyExists: a sheet named " + name + " exists");
      }
      current = current.concat([{ name }]);
      host.added.push(name);
      return makeSheet(name);
    },
  };
  const context = {
    workbook: { worksheets },
    async sync() {
      host.syncs += 1;
      if (${JSON.stringify(failWritesWith ?? null)} !== null && host.writes.length > 0) {
        throw new Error(${JSON.stringify(failWritesWith ?? "")});
      }
      if (worksheets._loaded) worksheets._synced = true;
    },
  };

  window.Office = {
    onReady(callback) {
      const info = { host: "Excel", platform: "OfficeOnline" };
      return Promise.resolve().then(() => { if (callback) callback(info); return info; });
    },
    context: { document: { addHandlerAsync() {} } },
    EventType: { OfficeThemeChanged: "officeThemeChanged" },
  };
  window.Excel = { run: (batch) => batch(context) };
  class CustomFunctionsError extends Error {
    constructor(code, message) { super(message); this.code = code; }
  }
  window.CustomFunctions = {
    Error: CustomFunctionsError,
    ErrorCode: { invalidValue: "#VALUE!", notAvailable: "#N/A" },
    associate(id, fn) {
      host.associated.push(id);
      (window.__functions = window.__functions || {})[id] = fn;
    },
  };
})();
`;
}
