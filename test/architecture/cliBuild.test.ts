// The aiecon-share CLI ships no add-in code: its build (build/cli, `npm run build:cli` from
// tsconfig.cli.json, which empties the folder first) holds only calc, data, sheetModel and share, and
// no code there names Excel or Office. Needs `npm run build:local` (or build:cli).
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, relative, resolve, sep } from "node:path";
import * as ts from "typescript";

const root = resolve(__dirname, "..", "..");
const built = join(root, "build", "cli");
const ADD_IN_ONLY = ["functions", "workbook", "runtime", "taskpane", "entry"];

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : [join(dir, e.name)]));
}

/** "file: Excel.run" for each use of the Excel or Office global in `code` (comments and strings do not count). */
function officeReferences(name: string, code: string): string[] {
  const found: string[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isIdentifier(node) && (node.text === "Excel" || node.text === "Office")) {
      const parent = node.parent;
      const isMemberName = (ts.isPropertyAccessExpression(parent) && parent.name === node) || ts.isPropertyAssignment(parent);
      if (!isMemberName) found.push(`${name}: ${ts.isPropertyAccessExpression(parent) ? parent.getText() : node.text}`);
    }
    ts.forEachChild(node, visit);
  };
  visit(ts.createSourceFile(name, code, ts.ScriptTarget.Latest, true, ts.ScriptKind.JS));
  return found;
}

describe("the CLI build", () => {
  it("exists (npm run build:local builds it)", () => {
    expect(existsSync(join(built, "share", "xlsx", "cli.js"))).toBe(true);
  });

  it("holds no functions/, workbook/, runtime/, taskpane/ or entry/ files", () => {
    const folders = readdirSync(built, { withFileTypes: true })
      .filter((e) => e.isDirectory())
      .map((e) => e.name);
    expect(folders.filter((f) => ADD_IN_ONLY.includes(f))).toEqual([]);
    expect(folders.sort()).toEqual(["calc", "data", "share", "sheetModel"]);
  });

  it("compiles from no add-in source (the program tsconfig.cli.json builds, not only what is on disk)", () => {
    const tsc = require.resolve("typescript/bin/tsc");
    const listed = execFileSync(process.execPath, [tsc, "-p", "tsconfig.cli.json", "--listFilesOnly"], { cwd: root, encoding: "utf8" });
    const sources = listed
      .split("\n")
      .map((line) => relative(join(root, "src"), resolve(root, line.trim())))
      .filter((path) => path && !path.startsWith(".."));
    expect(sources).toContain(join("share", "xlsx", "cli.ts"));
    expect(sources.filter((path) => ADD_IN_ONLY.includes(path.split(sep)[0]))).toEqual([]);
  });

  it("names neither Excel nor Office in its code", () => {
    const js = files(built).filter((f) => f.endsWith(".js"));
    expect(js.length).toBeGreaterThan(20);
    expect(js.flatMap((f) => officeReferences(relative(built, f), readFileSync(f, "utf8")))).toEqual([]);
  });

  it("the check finds a use of Excel or Office, and not a mention in a comment or a string", () => {
    const code =
      '// Excel.run in a comment\nconst a = "Office.js";\nconst b = x.Excel;\nExcel.run(() => 1);\nif (typeof Office !== "undefined") b();\n';
    expect(officeReferences("probe.js", code)).toEqual(["probe.js: Excel.run", "probe.js: Office"]);
  });
});
