// The README's commands run this project's code: aiecon-share only through `npx` in this folder,
// `npm exec --prefix <this folder>` or the single-file build (npx elsewhere would fetch whatever
// the public registry holds under that name); and every measured figure comes from the bench.
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { blockNames, updateBlocks } from "../../scripts/benchFigures.cjs";
import { USAGE } from "../../src/share/xlsx/cli";
import { tempDir } from "../support/tempDir";

const root = resolve(__dirname, "..", "..");
const readme = readFileSync(join(root, "README.md"), "utf8");

/** Every command in the README that runs aiecon-share: code-block lines and inline code. */
const commands = [
  ...[...readme.matchAll(/```\n([\s\S]*?)```/g)].flatMap((m) => m[1].split("\n")),
  ...[...readme.matchAll(/`([^`\n]+)`/g)].map((m) => m[1]),
]
  .map((line) => line.replace(/\s+#.*$/, "").trim())
  .filter((line) => /aiecon-share(\.cjs)?\s/.test(line) && !/^(cp|npm run build:cli-file)\b/.test(line));

describe("aiecon-share in the README", () => {
  it("is run only in ways that run this project's code", () => {
    expect(commands.length).toBeGreaterThan(3);
    for (const command of commands)
      expect(command).toMatch(/^(npx aiecon-share |npm exec --prefix \S+ aiecon-share -- |node \S+\/aiecon-share\.cjs )/);
    // And it says why npx is for this folder only.
    expect(readme).toMatch(/\*\*Only in this folder\*\*: `aiecon-share` is not published to the npm registry/);
  });

  it("`npm exec --prefix <project>` from another folder runs this project's CLI, without the registry", () => {
    const r = spawnSync("npm", ["exec", "--offline", "--prefix", root, "aiecon-share", "--", "--help"], {
      cwd: tempDir("elsewhere"),
      encoding: "utf8",
      timeout: 120_000,
    });
    expect(r.status).toBe(0);
    expect(r.stdout).toContain(USAGE.split("\n")[0]);
  });
});

describe("figures in the README", () => {
  const recorded = new Set(
    readdirSync(join(root, "bench"))
      .filter((f) => f.endsWith(".mjs"))
      .flatMap((f) => [...readFileSync(join(root, "bench", f), "utf8").matchAll(/recordFigure\(\s*"([a-z-]+)"/g)].map((m) => m[1])),
  );

  it("every bench block is one a bench records", () => {
    expect(blockNames(readme).length).toBeGreaterThan(0);
    for (const name of blockNames(readme)) expect(recorded).toContain(name);
  });

  it("no measurement is quoted outside a bench block", () => {
    const outside = readme.replace(/<!-- bench:([a-z-]+) -->[\s\S]*?<!-- \/bench:\1 -->/g, "");
    expect(outside).not.toMatch(/s of CPU|MB of peak memory|per MB of file|\d+(\.\d+)? ?(minutes|min)\b.*peak|MB peak|~\d+(\.\d+)? MB\)/);
  });

  it("the bench's last step writes each recorded text into its block, and refuses a block nobody records", () => {
    const text = "Intro <!-- bench:speed -->old figure<!-- /bench:speed --> and <!-- bench:size -->old<!-- /bench:size -->.";
    expect(updateBlocks(text, { speed: "1.23 s", size: "4 MB" })).toBe(
      "Intro <!-- bench:speed -->1.23 s<!-- /bench:speed --> and <!-- bench:size -->4 MB<!-- /bench:size -->.",
    );
    expect(() => updateBlocks(text, { speed: "1.23 s" })).toThrow(/no bench recorded: size/);
  });
});
