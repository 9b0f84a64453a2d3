// The folders under src/ import each other only as docs/architecture.md's table allows, and no two
// folders import each other (directly or round a longer cycle). The table is read from the doc, so
// the doc and this check cannot drift apart. Imports are found by TypeScript's own pre-processor:
// static imports, `export … from`, `import()` and `require()`, type-only imports included.
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import * as ts from "typescript";

const root = resolve(__dirname, "..", "..");
const src = join(root, "src");

/** "May import" per folder, from the table under "## What each folder may import"; "*" is anything. */
function allowedImports(doc: string): Map<string, ReadonlySet<string> | "*"> {
  const section = doc.split(/^## What each folder may import\s*$/m)[1]?.split(/^## /m)[0];
  if (!section) throw new Error('docs/architecture.md has no "## What each folder may import" section');
  const rules = new Map<string, ReadonlySet<string> | "*">();
  for (const line of section.split("\n")) {
    const cells = line.match(/^\|\s*([A-Za-z]\w*)\s*\|\s*([^|]*?)\s*\|\s*$/);
    if (!cells || cells[1] === "Folder") continue;
    const targets = cells[2].trim();
    rules.set(cells[1], targets === "*" ? "*" : new Set(targets.split(",").map((t) => t.trim())));
  }
  return rules;
}

interface Edge {
  readonly from: string;
  readonly to: string;
  /** "src/share/xlsx/convertWorkbook.ts imports ../../functions/priceContext" */
  readonly where: string;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sourceFiles(join(dir, e.name)) : /\.(ts|tsx)$/.test(e.name) && !e.name.endsWith(".d.ts") ? [join(dir, e.name)] : [],
  );
}

const folderOf = (file: string) => relative(src, file).split(sep)[0];

/** Every import from one folder of src/ into another. */
function folderEdges(files: readonly string[]): Edge[] {
  return files.flatMap((file) =>
    ts
      .preProcessFile(readFileSync(file, "utf8"), true, true)
      .importedFiles.filter((i) => i.fileName.startsWith("."))
      .map((i) => ({
        from: folderOf(file),
        to: folderOf(resolve(dirname(file), i.fileName)),
        where: `${relative(root, file)} imports ${i.fileName}`,
      }))
      .filter((edge) => edge.from !== edge.to),
  );
}

/** Each cycle among folders, as "a -> b -> a: <an import of each hop>", by a depth-first walk over the folder graph. */
function folderCycles(edges: readonly Edge[]): string[] {
  const next = new Map<string, Set<string>>();
  const witness = new Map<string, string>();
  for (const { from, to, where } of edges) {
    next.set(from, (next.get(from) ?? new Set()).add(to));
    if (!witness.has(`${from}>${to}`)) witness.set(`${from}>${to}`, where);
  }
  const cycles = new Set<string>();
  const walk = (path: string[]) => {
    for (const to of next.get(path[path.length - 1]) ?? []) {
      const at = path.indexOf(to);
      if (at >= 0) {
        const loop = path.slice(at);
        // One name per cycle, whichever folder it is entered from: start at its smallest name.
        const start = loop.indexOf([...loop].sort()[0]);
        const hops = [...loop.slice(start), ...loop.slice(0, start), loop[start]];
        const imports = hops.slice(1).map((to, i) => witness.get(`${hops[i]}>${to}`));
        cycles.add(`${hops.join(" -> ")}: ${imports.join("; ")}`);
      } else walk([...path, to]);
    }
  };
  for (const folder of next.keys()) walk([folder]);
  return [...cycles].sort();
}

const doc = readFileSync(join(root, "docs", "architecture.md"), "utf8");
const rules = allowedImports(doc);
const files = sourceFiles(src);
const edges = folderEdges(files);

describe("the folders of src/ import as docs/architecture.md says", () => {
  it("the doc's table lists every folder under src/, and only those", () => {
    const folders = readdirSync(src, { withFileTypes: true })
      .filter((e) => e.isDirectory())
      .map((e) => e.name)
      .sort();
    expect([...rules.keys()].sort()).toEqual(folders);
  });

  it("no file imports a folder its folder may not import", () => {
    const outside = edges.filter(({ from, to }) => {
      const allowed = rules.get(from);
      return allowed !== "*" && !allowed?.has(to);
    });
    expect(outside.map((e) => `${e.where} (${e.from} may not import ${e.to})`)).toEqual([]);
  });

  it("no folder imports a folder that imports it back, directly or round a cycle", () => {
    expect(folderCycles(edges)).toEqual([]);
    // The table itself allows no cycle (entry, which may import anything, is imported by no one).
    const allowedEdges = [...rules].flatMap(([from, to]) =>
      to === "*" ? [] : [...to].filter((t) => t !== from).map((t) => ({ from, to: t, where: "docs/architecture.md" })),
    );
    expect(folderCycles(allowedEdges)).toEqual([]);
    expect(edges.filter((e) => e.to === "entry").map((e) => e.where)).toEqual([]);
  });

  it("the scan sees every kind of import, so an edge outside the table cannot hide", () => {
    // A scan that missed imports would pass the checks above vacuously.
    expect(edges.length).toBeGreaterThan(100);
    expect(edges).toContainEqual(expect.objectContaining({ from: "entry", to: "workbook" })); // a static import
    expect(edges).toContainEqual(expect.objectContaining({ from: "entry", to: "taskpane" })); // import() of the pane chunk
    const probe = ts.preProcessFile(
      'import type { A } from "../x/a";\nexport { B } from "../y/b";\nconst c = require("../z/c");\n',
      true,
      true,
    );
    expect(probe.importedFiles.map((i) => i.fileName)).toEqual(["../x/a", "../y/b", "../z/c"]);
  });

  it("reports an edge outside the table and a cycle with the file and the import", () => {
    const fake: Edge[] = [
      { from: "share", to: "workbook", where: "src/share/a.ts imports ../workbook/b" },
      { from: "workbook", to: "share", where: "src/workbook/b.ts imports ../share/a" },
    ];
    expect(fake.filter(({ from, to }) => !(rules.get(from) as ReadonlySet<string>).has(to)).map((e) => e.where)).toEqual([
      "src/share/a.ts imports ../workbook/b",
    ]);
    expect(folderCycles(fake)).toEqual([
      "share -> workbook -> share: src/share/a.ts imports ../workbook/b; src/workbook/b.ts imports ../share/a",
    ]);
  });
});
