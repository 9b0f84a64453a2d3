// A cost model with an AIECON formula, and a formula reading it, on every row: planning is linear
// in the number of AIECON formulas (150,000 rows once overflowed the stack). Run here at a size
// that takes seconds; bench/share.mjs measures 20,000 and 200,000 rows.
import JSZip from "jszip";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
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
    expect(sheet).toMatch(new RegExp(`<c r="G${row}"><f>[^<]*AIECON_Prices[^<]*</f></c>`));
    expect(sheet).toContain(`<c r="H${row}"><f>G${row}*2</f></c>`);
    expect(sheet).toMatch(new RegExp(`<c r="D${row}"><f>B${row}\\*C${row}</f><v>\\d+</v></c>`));
  }
  const back = join(dir, "dense.back.xlsx");
  const restored = await runCli(shared, back, "--restore");
  expect(restored.err).toBe("");
  expect(restored.out).toMatch(new RegExp(`${ROWS} AIECON formula\\(s\\) restored`));
  const again = await (await JSZip.loadAsync(readFileSync(back))).file("xl/worksheets/sheet1.xml")!.async("string");
  expect(
    again.match(
      /_xldudf_AIECON_COSTPERINTERACTION\(B\d+,C\d+,&quot;gpt-4o&quot;\)|_xldudf_AIECON_COSTPERINTERACTION\(B\d+,C\d+,"gpt-4o"\)/g,
    ),
  ).toHaveLength(ROWS);
}, 120_000);
