// A small fake Excel workbook for the classification tests: sheets of cells (constants and formula
// text), tables, workbook names, number formats, hidden columns, a selection, and a sync counter.
// It implements only the Excel API the classification and feature-model writers use.
//
// One model serves both kinds of test: `wrap` turns each API object's data into what the code
// sees. Jest tests pass office-addin-mock's OfficeMockObject (so a property read without load()
// and sync() fails as in Excel); the browser test injects this function's source into the page
// with a plain wrap. So createFakeExcel must stay self-contained: no imports, no outer references.
// Limits: formulas are stored, never calculated (a formula cell's value is its formula text);
// structural calls (worksheets.add, tables.add, rows.add, names.add) act at once, property writes
// (values, formulas, numberFormat, columnHidden, table name) land at the next sync. Formatting
// (range.format.*), range.clear(), charts and activate() are recorded at once: the writers queue
// them in the same batch as the cell writes, so the order within a batch does not matter there.

export interface FakeExcelInit {
  /** Sheet name → cells by A1 address. */
  sheets: Record<string, Record<string, unknown>>;
  /** The active sheet; the first sheet when omitted. */
  active?: string;
  /** e.g. "Costs!A1:C5" */
  selection?: string;
  tables?: { name: string; address: string }[];
  names?: { name: string; address: string }[];
}

export function createFakeExcel(init: FakeExcelInit, wrap: (data: any) => any): any {
  type AreaT = { sheet: string; r0: number; c0: number; r1: number; c1: number; wholeColumns?: boolean };
  const sheets = new Map<string, { cells: Map<string, unknown>; formats: Map<string, string>; hidden: Set<number> }>();
  const tables: { name: string; area: AreaT }[] = [];
  const names = new Map<string, AreaT>();
  const created: { obj: any; fields: string[]; seen: Record<string, unknown>; area?: AreaT; table?: any }[] = [];
  const areaOf = new Map<any, AreaT>();
  let syncs = 0;
  let tableCount = 0;
  let active = init.active ?? Object.keys(init.sheets)[0];
  /** "Sheet!A1" → format property path → value, e.g. "fill.color" → "#FFF2CC". */
  const styles = new Map<string, Record<string, unknown>>();
  type ChartT = {
    sheet: string;
    name: string;
    type: string;
    source: string;
    seriesBy: string;
    title?: string;
    position?: [string, string];
    categories: Record<number, string>;
    fills?: Record<number, string>;
  };
  const charts: ChartT[] = [];

  const colIndex = (letters: string) => {
    let n = 0;
    for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
    return n - 1;
  };
  const colLetter = (index: number) => {
    let n = index + 1;
    let out = "";
    while (n > 0) {
      const r = (n - 1) % 26;
      out = String.fromCharCode(65 + r) + out;
      n = Math.floor((n - 1) / 26);
    }
    return out;
  };
  const quote = (sheet: string) => (/^[A-Za-z_][A-Za-z0-9_.]*$/.test(sheet) ? sheet : `'${sheet.replace(/'/g, "''")}'`);
  const parse = (address: string, defaultSheet?: string): AreaT => {
    const bang = address.lastIndexOf("!");
    let sheet = bang >= 0 ? address.slice(0, bang) : (defaultSheet ?? "");
    if (sheet.startsWith("'")) sheet = sheet.slice(1, -1).replace(/''/g, "'");
    const [a, b] = address
      .slice(bang + 1)
      .replace(/\$/g, "")
      .split(":");
    const whole = /^[A-Z]+$/i.test(a);
    const cell = (ref: string) => {
      if (/^[A-Z]+$/i.test(ref)) return { r: 0, c: colIndex(ref) };
      const m = /^([A-Z]+)(\d+)$/i.exec(ref);
      if (!m) throw new Error(`fake Excel: bad address ${address}`);
      return { r: Number(m[2]) - 1, c: colIndex(m[1]) };
    };
    const p = cell(a);
    const q = b ? cell(b) : p;
    return { sheet, r0: p.r, c0: p.c, r1: whole ? 1048575 : q.r, c1: q.c, wholeColumns: whole };
  };
  const format = (area: AreaT) => {
    const a = `${colLetter(area.c0)}${area.r0 + 1}`;
    const b = `${colLetter(area.c1)}${area.r1 + 1}`;
    return `${quote(area.sheet)}!${a === b ? a : `${a}:${b}`}`;
  };
  const key = (r: number, c: number) => `${r},${c}`;
  const sheetOf = (name: string) => {
    const s = sheets.get(name);
    if (!s) throw new Error(`ItemNotFound: sheet ${name}`);
    return s;
  };
  const addSheet = (name: string) => {
    if (sheets.has(name)) throw new Error(`ItemAlreadyExists: sheet ${name}`);
    sheets.set(name, { cells: new Map(), formats: new Map(), hidden: new Set() });
  };
  // A formula cell's value is its formula text: the fake does not calculate. A cell written with a
  // leading apostrophe is text; as in Excel, reading it back (values or formulas) returns the text
  // without the apostrophe (office-js #6687). `raw` shows what was written, for the tests' inspection.
  const grid = (area: AreaT, _formulas: boolean, raw = false) => {
    const s = sheets.get(area.sheet);
    const out: unknown[][] = [];
    for (let r = area.r0; r <= area.r1; r++) {
      const row: unknown[] = [];
      for (let c = area.c0; c <= area.c1; c++) {
        const v = s?.cells.get(key(r, c));
        row.push(v === undefined ? "" : !raw && typeof v === "string" && v.startsWith("'") ? v.slice(1) : v);
      }
      out.push(row);
    }
    return out;
  };
  const writeCells = (area: AreaT, data: unknown, target: "cells" | "formats") => {
    const s = sheetOf(area.sheet);
    const rows = area.r1 - area.r0 + 1;
    const cols = area.c1 - area.c0 + 1;
    if (Array.isArray(data) && (data.length !== rows || data.some((row: unknown[]) => row.length !== cols))) {
      throw new Error(`InvalidArgument: ${rows}x${cols} range written with a ${data.length}x${(data[0] as unknown[])?.length} array`);
    }
    for (let r = 0; r < rows; r++)
      for (let c = 0; c < cols; c++) {
        const v = Array.isArray(data) ? data[r][c] : data;
        const k = key(area.r0 + r, area.c0 + c);
        if (target === "formats") s.formats.set(k, String(v));
        else if (v === "" || v === null || v === undefined) s.cells.delete(k);
        else s.cells.set(k, v);
      }
  };
  const track = (obj: any, fields: string[], extra: { area?: AreaT; table?: any } = {}) => {
    const seen: Record<string, unknown> = {};
    for (const f of fields) seen[f] = obj[f];
    created.push({ obj, fields, seen, ...extra });
    return obj;
  };
  const nullObject = (what: string) => {
    const fail = () => {
      throw new Error(`ItemNotFound: ${what}`);
    };
    const o = wrap({ getRange: fail, delete: fail, load: fail });
    o.isNullObject = true;
    return o;
  };

  // Formatting is recorded per range address as written (not per cell): what tests look up.
  const formatRecorder = (address: string, path: string): any =>
    new Proxy(
      {},
      {
        get: (_t, key) =>
          key === "getItem" && path === "borders."
            ? (edge: string) => formatRecorder(address, `borders.${edge}.`)
            : typeof key === "string" && ["fill", "font", "borders"].includes(key) && path === ""
              ? formatRecorder(address, `${key}.`)
              : (styles.get(address) ?? {})[path + String(key)],
        set: (_t, key, value) => {
          styles.set(address, { ...(styles.get(address) ?? {}), [path + String(key)]: value });
          return true;
        },
      },
    );

  const rangeObject = (area: AreaT) => {
    const data: any = { address: format(area) };
    data.format = formatRecorder(format(area), "");
    data.clear = () => {
      const s = sheetOf(area.sheet);
      for (let r = area.r0; r <= Math.min(area.r1, area.r0 + 10000); r++)
        for (let c = area.c0; c <= area.c1; c++) {
          s.cells.delete(key(r, c));
          s.formats.delete(key(r, c));
        }
    };
    if (!area.wholeColumns) {
      data.values = grid(area, false);
      data.formulas = grid(area, true);
    }
    // Validation and conditional formats are recorded by address, as formatting is.
    data.dataValidation = formatRecorder(format(area), "dataValidation.");
    data.conditionalFormats = {
      add: (type: string) => {
        styles.set(format(area), { ...(styles.get(format(area)) ?? {}), conditionalFormat: type });
        return {
          custom: {
            rule: formatRecorder(format(area), "rule."),
            format: { fill: formatRecorder(format(area), "breach.fill."), font: formatRecorder(format(area), "breach.font.") },
          },
        };
      },
    };
    const o = wrap(data);
    o.isNullObject = false;
    areaOf.set(o, area);
    return track(o, ["values", "formulas", "numberFormat", "columnHidden"], { area });
  };

  const tableObject = (entry: { name: string; area: AreaT }) => {
    const o = wrap({
      getRange: () => rangeObject({ ...entry.area }),
      getHeaderRowRange: () => rangeObject({ ...entry.area, r1: entry.area.r0 }),
      getDataBodyRange: () => rangeObject({ ...entry.area, r0: entry.area.r0 + 1 }),
      rows: {
        add: (_index: unknown, values: unknown[][]) => {
          const n = values.length;
          const at: AreaT = { ...entry.area, r0: entry.area.r1 + 1, r1: entry.area.r1 + n };
          writeCells(at, values, "cells");
          entry.area = { ...entry.area, r1: entry.area.r1 + n };
        },
      },
    });
    o.isNullObject = false;
    o.name = entry.name;
    return track(o, ["name"], { table: entry });
  };

  const chartObject = (chart: ChartT) => {
    const titled = (set: (v: string) => void) => ({
      set text(v: string) {
        set(v);
      },
    });
    return {
      get name() {
        return chart.name;
      },
      set name(v: string) {
        chart.name = v;
      },
      title: titled((v) => (chart.title = v)),
      setPosition: (a: string, b: string) => (chart.position = [a, b]),
      axes: { valueAxis: { title: titled(() => undefined) }, categoryAxis: { title: titled(() => undefined) } },
      series: {
        getItemAt: (i: number) => ({
          setXAxisValues: (r: any) => (chart.categories[i] = areaOf.get(r) ? format(areaOf.get(r)!) : String(r)),
          format: {
            fill: { clear: () => ((chart.fills ??= {})[i] = "none"), setSolidColor: (c: string) => ((chart.fills ??= {})[i] = c) },
          },
        }),
      },
      delete: () => charts.splice(charts.indexOf(chart), 1),
    };
  };

  const worksheetObject = (name: string) => {
    const o = wrap({
      activate: () => (active = name),
      charts: {
        load() {
          return this;
        },
        get items() {
          return charts.filter((c) => c.sheet === name).map(chartObject);
        },
        add: (type: string, source: any, seriesBy: string) => {
          const chart: ChartT = {
            sheet: name,
            name: `Chart ${charts.length + 1}`,
            type,
            source: format(areaOf.get(source)!),
            seriesBy,
            categories: {},
          };
          charts.push(chart);
          return chartObject(chart);
        },
      },
      getRange: (address: string) => rangeObject(parse(address, name)),
      tables: {
        add: (address: string, _hasHeaders: boolean) => {
          const entry = { name: `Table${++tableCount}`, area: parse(address, name) };
          tables.push(entry);
          return tableObject(entry);
        },
      },
    });
    o.isNullObject = false;
    o.name = name;
    return o;
  };

  for (const [name, cells] of Object.entries(init.sheets)) {
    addSheet(name);
    for (const [address, v] of Object.entries(cells)) {
      const a = parse(address, name);
      sheetOf(name).cells.set(key(a.r0, a.c0), v);
    }
  }
  for (const t of init.tables ?? []) tables.push({ name: t.name, area: parse(t.address) });
  for (const n of init.names ?? []) names.set(n.name, parse(n.address));

  // Document settings (the price runtime keeps its fingerprint there): written at once, read by load.
  const settings = new Map<string, unknown>();
  const workbook = wrap({
    application: { calculationMode: "Automatic", calculate: () => undefined },
    settings: {
      add: (name: string, value: unknown) => void settings.set(name, value),
      getItemOrNullObject: (name: string) => {
        const item = wrap({ value: settings.get(name) });
        item.isNullObject = !settings.has(name);
        return item;
      },
    },
    tables: {
      onChanged: { add: () => ({ remove: () => undefined }) },
      getItemOrNullObject: (name: string) => {
        const t = tables.find((x) => x.name.toLowerCase() === name.toLowerCase());
        return t ? tableObject(t) : nullObject(`table ${name}`);
      },
      getItem: (name: string) => {
        const t = tables.find((x) => x.name.toLowerCase() === name.toLowerCase());
        if (!t) throw new Error(`ItemNotFound: table ${name}`);
        return tableObject(t);
      },
    },
    worksheets: {
      load() {
        return this;
      },
      get items() {
        return [...sheets.keys()].map((n) => ({ name: n }));
      },
      getActiveWorksheet: () => worksheetObject(active),
      getItemOrNullObject: (name: string) => (sheets.has(name) ? worksheetObject(name) : nullObject(`sheet ${name}`)),
      getItem: (name: string) => {
        sheetOf(name);
        return worksheetObject(name);
      },
      add: (name: string) => {
        addSheet(name);
        return worksheetObject(name);
      },
    },
    names: {
      getItemOrNullObject: (name: string) => {
        const area = names.get(name);
        if (!area) return nullObject(`name ${name}`);
        const o = wrap({ getRange: () => rangeObject({ ...area }), delete: () => names.delete(name) });
        o.isNullObject = false;
        return o;
      },
      add: (name: string, reference: any) => {
        if (names.has(name)) throw new Error(`ItemAlreadyExists: name ${name}`);
        const area = areaOf.get(reference) ?? parse(String(reference));
        names.set(name, { ...area });
      },
    },
    getSelectedRange: () => {
      if (!init.selection) throw new Error("fake Excel: no selection");
      return rangeObject(parse(init.selection));
    },
  });

  const context: any = wrap({});
  context.workbook = workbook;
  context.sync = async function sync() {
    syncs++;
    for (const entry of created) {
      for (const field of entry.fields) {
        const now = entry.obj[field];
        if (now === entry.seen[field]) continue;
        // office-addin-mock's own markers for a property read before load() or sync(): not writes.
        if (typeof now === "string" && /^Error, (property was not loaded|context\.sync\(\) was not called)$/.test(now)) continue;
        if (entry.table) {
          entry.table.name = String(now);
        } else if (entry.area) {
          const area = entry.area;
          if (field === "columnHidden") {
            for (let c = area.c0; c <= area.c1; c++) sheetOf(area.sheet).hidden[now ? "add" : "delete"](c);
          } else writeCells(area, now, field === "numberFormat" ? "formats" : "cells");
        }
      }
    }
    for (const entry of created) if (typeof entry.obj.sync === "function") await entry.obj.sync();
    // office-addin-mock settles loaded properties in promise callbacks it does not await.
    await new Promise((resolve) => setTimeout(resolve, 0));
    for (const entry of created) for (const f of entry.fields) entry.seen[f] = entry.obj[f];
  };

  const inspect = {
    get syncs() {
      return syncs;
    },
    sheetNames: () => [...sheets.keys()],
    activeSheet: () => active,
    /** Every non-empty cell of a sheet by A1 address (formulas as their text). */
    sheetCells: (sheet: string) => {
      const out: Record<string, unknown> = {};
      for (const [k, v] of sheetOf(sheet).cells) {
        const [r, c] = k.split(",").map(Number);
        out[`${colLetter(c)}${r + 1}`] = v;
      }
      return out;
    },
    activate: (sheet: string) => {
      active = sheet;
    },
    styleOf: (sheet: string, address: string) => styles.get(format(parse(address, sheet))),
    charts: () => charts.map((c) => ({ ...c, categories: { ...c.categories } })),
    cell: (sheet: string, address: string) => {
      const a = parse(address, sheet);
      return sheets.get(sheet)?.cells.get(key(a.r0, a.c0));
    },
    cells: (address: string) => grid(parse(address), true, true),
    formatOf: (sheet: string, address: string) => {
      const a = parse(address, sheet);
      return sheets.get(sheet)?.formats.get(key(a.r0, a.c0));
    },
    hiddenColumns: (sheet: string) => [...(sheets.get(sheet)?.hidden ?? [])].map(colLetter),
    table: (name: string) => {
      const t = tables.find((x) => x.name === name);
      return t ? format(t.area) : undefined;
    },
    tableNames: () => tables.map((t) => t.name),
    name: (name: string) => {
      const a = names.get(name);
      return a ? format(a) : undefined;
    },
    setCell: (sheet: string, address: string, value: unknown) => {
      const a = parse(address, sheet);
      sheetOf(sheet).cells.set(key(a.r0, a.c0), value);
    },
    select: (address: string) => {
      init.selection = address;
    },
  };
  return { context, run: (cb: (context: any) => Promise<unknown>) => cb(context), inspect };
}
