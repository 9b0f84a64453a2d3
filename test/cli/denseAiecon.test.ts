// A cost model with an AIECON formula, and a formula reading it, on every row: planning is linear
// in the number of AIECON formulas (150,000 rows once overflowed the stack). Run here at a size
// that takes seconds; bench/share.mjs measures 20,000 and 200,000 rows.
import JSZip from "jszip";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { PROGRESS_EVERY } from "../../src/share/plan/convert";
import { main } from "../../src/share/xlsx/cli";
import { SheetScanner } from "../../src/share/xlsx/sheetScan";
import { runCli } from "../support/realworld";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { bigWorkbook } = require("../support/bigWorkbook.cjs") as { bigWorkbook: (o: { rows: number; aiecon?: number }) => Promise<Buffer> };

const dir = mkdtempSync(join(tmpdir(), "aiecon-dense-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const ROWS = 3000;

it(`converts and restores ${ROWS.toLocaleString("en-US")} rows each with an AIECON formula and a reader, keeping other cached results`, async () => {
  const input = join(dir, "dense.xlsx");
  writeFileSync(input, await bigWorkbook({ rows: ROWS, aiecon: ROWS }));
  const shared = join(dir, "dense.shared.xlsx");
  const r = await runCli(input, shared);
  expect(r.err).toBe("");
  expect(r.out).toMatch(new RegExp(`${ROWS} formula\\(s\\) now native Excel`));
  const sheet = await (await JSZip.loadAsync(readFileSync(shared))).file("xl/worksheets/sheet1.xml")!.async("string");
  for (const row of [2, 1500, ROWS + 1]) {
    // The converted cell and its reader lose their cached result; the row's other formulas keep theirs.
    // The column of converted cells is one shared formula group: its text once, in G2.
    if (row === 2)
      expect(sheet).toMatch(new RegExp(`<c r="G2"><f t="shared" ref="G2:G${ROWS + 1}" si="0">[^<]*AIECON_Prices[^<]*</f></c>`));
    else expect(sheet).toContain(`<c r="G${row}"><f t="shared" si="0"/></c>`);
    expect(sheet).toContain(`<c r="H${row}"><f>G${row}*2</f></c>`);
    expect(sheet).toMatch(new RegExp(`<c r="D${row}"><f>B${row}\\*C${row}</f><v>\\d+</v></c>`));
  }
  const back = join(dir, "dense.back.xlsx");
  const restored = await runCli(shared, back, "--restore");
  expect(restored.err).toBe("");
  expect(restored.out).toMatch(new RegExp(`${ROWS} AIECON formula\\(s\\) restored`));
  // Each cell holds its own formula again, as the scan reads it (the restored column is a shared group too).
  const again = await (await JSZip.loadAsync(readFileSync(back))).file("xl/worksheets/sheet1.xml")!.async("string");
  const formulas = new Map<string, string | undefined>();
  const scanner = new SheetScanner((c) => void formulas.set(c.ref, c.formula));
  scanner.write(again);
  scanner.end();
  for (let row = 2; row <= ROWS + 1; row++)
    expect(formulas.get(`G${row}`)).toBe(`_xldudf_AIECON_COSTPERINTERACTION(B${row},C${row},"gpt-4o")`);
}, 120_000);

it("says how far planning is, every few thousand formulas, between reading the cells and writing", async () => {
  const rows = PROGRESS_EVERY * 2 + 10;
  const input = join(dir, "progress.xlsx");
  writeFileSync(input, await bigWorkbook({ rows, aiecon: rows }));
  const stages: string[] = [];
  const code = await main([input, join(dir, "progress.shared.xlsx")], {
    out: () => undefined,
    err: () => undefined,
    progress: (s) => stages.push(s),
  });
  expect(code).toBe(0);
  const planned = stages.filter((s) => s.startsWith("converting "));
  expect(planned).toEqual([PROGRESS_EVERY, PROGRESS_EVERY * 2].map((n) => `converting ${n.toLocaleString("en-US")} formulas`));
  expect(stages.indexOf("converting")).toBeLessThan(stages.indexOf(planned[0]));
  expect(stages.indexOf(planned[1])).toBeLessThan(stages.indexOf("patching"));
}, 120_000);
