// Importing a module starts nothing: no module under src/ but the webpack entry points (src/entry/,
// and a web worker's own script) touches Office, Excel or CustomFunctions, or sets a timer, while it
// is being imported. Only
// src/entry/functions.ts starts the price runtime, which the last test shows the check would see.
import { readdirSync, readFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";

const root = resolve(__dirname, "..", "..");
const src = join(root, "src");

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sourceFiles(join(dir, e.name)) : /\.tsx?$/.test(e.name) && !e.name.endsWith(".d.ts") ? [join(dir, e.name)] : [],
  );
}

type Globals = Record<"Office" | "Excel" | "CustomFunctions", unknown>;
const globals = globalThis as unknown as Globals;
const saved: Globals = { Office: globals.Office, Excel: globals.Excel, CustomFunctions: globals.CustomFunctions };

/** Host globals that record every property read ("Office.onReady") against the module being imported. */
function installRecordingHosts(): { touches: string[]; importing: { file: string } } {
  const touches: string[] = [];
  const importing = { file: "" };
  const host = (name: string) =>
    new Proxy(
      {},
      {
        get(_target, key) {
          if (typeof key === "string") touches.push(`${importing.file} touched ${name}.${key}`);
          // Office.onReady never settles, so whatever awaits it goes no further.
          return name === "Office" && key === "onReady" ? () => new Promise(() => undefined) : undefined;
        },
      },
    );
  globals.Office = host("Office");
  globals.Excel = host("Excel");
  globals.CustomFunctions = host("CustomFunctions");
  return { touches, importing };
}

afterEach(() => {
  Object.assign(globals, saved);
  jest.useRealTimers();
});

/** Imports each file afresh (its own module registry) and reports what touched a host or set a timer. */
function importAll(files: readonly string[]): string[] {
  const { touches, importing } = installRecordingHosts();
  jest.useFakeTimers();
  const timers: string[] = [];
  jest.isolateModules(() => {
    for (const file of files) {
      importing.file = relative(root, file);
      const before = jest.getTimerCount();
      // A synchronous import by path, inside this registry, so each module's evaluation is attributed to it.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      require(file);
      if (jest.getTimerCount() > before) timers.push(`${importing.file} set a timer`);
    }
  });
  return [...touches, ...timers];
}

describe("importing a module starts nothing", () => {
  it("the custom functions' files register nothing and start no price load", () => {
    const functions = sourceFiles(join(src, "functions"));
    expect(functions.map((f) => relative(src, f))).toContain(join("functions", "functions.ts"));
    expect(importAll(functions)).toEqual([]);
  });

  it("no module outside src/entry/ touches Office, Excel or CustomFunctions, or sets a timer, when imported", () => {
    // A web worker's script (*.worker.ts) is an entry point of its own: it answers messages once started.
    // Actuals.tsx starts its worker by URL (import.meta), which jest's CommonJS cannot load.
    const modules = sourceFiles(src).filter(
      (f) => !relative(src, f).startsWith("entry") && !f.endsWith(".worker.ts") && !readFileSync(f, "utf8").includes("import.meta"),
    );
    expect(modules.length).toBeGreaterThan(80);
    expect(importAll(modules)).toEqual([]);
  }, 180_000);

  it("the functions entry point does start the price runtime (the check above would see it)", () => {
    const touches = importAll([join(src, "entry", "functions.ts")]);
    expect(touches).toContain(`${join("src", "entry", "functions.ts")} touched Office.onReady`);
  });
});
