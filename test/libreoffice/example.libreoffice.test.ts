// What the README's "Try it without Excel" walks a newcomer through, on the shipped example:
// aiecon-share converts it, LibreOffice (which has never heard of the add-in) recalculates the
// copy and arrives at every value the add-in cached, and --restore gives back every formula.
import * as ExcelJS from "exceljs";
import { copyFileSync } from "fs";
import { join, resolve } from "path";
import { main } from "../../src/share/xlsx/cli";
import { ORIGINALS_SHEET } from "../../src/share/originals";
import { EXAMPLE_FILE } from "../../examples/exampleWorkbook";
import { recalcInLibreOffice } from "./soffice";
import { tempDir } from "../support/tempDir";

const example = join(resolve(__dirname, "..", ".."), EXAMPLE_FILE);

interface Shown {
  readonly at: string;
  readonly formula?: string;
  readonly value: unknown;
}

/** Every non-empty cell: its formula and what it shows (a formula's cached result, else its value). */
async function cellsOf(file: string): Promise<{ book: ExcelJS.Workbook; cells: Map<string, Shown> }> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.readFile(file);
  const cells = new Map<string, Shown>();
  for (const ws of book.worksheets)
    ws.eachRow((row) =>
      row.eachCell((cell) => {
        const at = `${ws.name}!${cell.address}`;
        const formula = cell.formula || undefined;
        cells.set(at, { at, formula, value: formula ? ((cell.value as { result?: unknown }).result ?? "") : cell.value });
      }),
    );
  return { book, cells };
}

const lines = () => {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (l: string) => out.push(l), err: (l: string) => err.push(l), progress: () => undefined }, out, err };
};

describe("the shipped example, converted, recalculated by LibreOffice and restored", () => {
  const dir = tempDir("example");
  const input = join(dir, "ai-unit-economics.xlsx");
  const board = join(dir, "board.xlsx");
  const live = join(dir, "live.xlsx");
  let original: Map<string, Shown>;
  let recalculated: Map<string, Shown>;
  let converted: ExcelJS.Workbook;
  let convertRun: ReturnType<typeof lines>;

  beforeAll(async () => {
    copyFileSync(example, input);
    original = (await cellsOf(input)).cells;
    convertRun = lines();
    expect(await main([input, board], convertRun.io)).toBe(0);
    converted = (await cellsOf(board)).book;
    recalculated = (await cellsOf(recalcInLibreOffice(board))).cells;
  }, 180_000);

  it("converts every AIECON formula, says how many, and warns about nothing", () => {
    const aiecon = [...original.values()].filter((c) => /AIECON\./.test(c.formula ?? ""));
    expect(aiecon.length).toBeGreaterThan(40);
    expect(convertRun.err).toEqual([]);
    const [, formulas, values] = /(\d+) formula\(s\) now native Excel, (\d+) written as values/.exec(convertRun.out.join("\n")) ?? [];
    expect(Number(formulas) + Number(values)).toBe(aiecon.length);
    const left = converted.worksheets.flatMap((ws) => {
      const f: string[] = [];
      ws.eachRow((row) => row.eachCell((cell) => cell.formula && /AIECON\./.test(cell.formula) && f.push(`${ws.name}!${cell.address}`)));
      return f;
    });
    expect(left).toEqual([]);
  });

  it("LibreOffice's recalculation shows every value the add-in cached (to 1e-9 relative)", () => {
    const mismatches: string[] = [];
    for (const cell of original.values()) {
      if (!cell.formula) continue;
      const got = recalculated.get(cell.at)?.value ?? "";
      const want = cell.value;
      const same =
        typeof want === "number"
          ? typeof got === "number" && Math.abs(got - want) <= 1e-9 * Math.max(1, Math.abs(want))
          : String(got) === String(want);
      if (!same) mismatches.push(`${cell.at} =${cell.formula}: cached ${JSON.stringify(want)}, LibreOffice ${JSON.stringify(got)}`);
    }
    expect(mismatches).toEqual([]);
  });

  it("--restore puts back every formula and removes the kept originals", async () => {
    const run = lines();
    expect(await main([board, live, "--restore"], run.io)).toBe(0);
    expect(run.err).toEqual([]);
    const { book, cells } = await cellsOf(live);
    expect(book.getWorksheet(ORIGINALS_SHEET)).toBeUndefined();
    const formulas = (m: Map<string, Shown>) => [...m.values()].filter((c) => c.formula).map((c) => `${c.at} =${c.formula}`);
    expect(formulas(cells)).toEqual(formulas(original));
  });
});

describe("a workbook without AIECON formulas", () => {
  it("is copied unchanged, with one line naming what the tool looks for", async () => {
    const dir = tempDir("example-none");
    const input = join(dir, "plain.xlsx");
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet("Sheet1").getCell("A1").value = { formula: "1+1", result: 2 } as ExcelJS.CellFormulaValue;
    await wb.xlsx.writeFile(input);
    const run = lines();
    expect(await main([input, join(dir, "out.xlsx")], run.io)).toBe(0);
    expect(run.out).toEqual([expect.stringMatching(/0 formula\(s\) now native Excel/)]);
    expect(run.err).toHaveLength(1);
    expect(run.err[0]).toMatch(/^aiecon-share: no AIECON formula found, .*AIECON\.\* function.*examples\/ai-unit-economics\.xlsx/);
  });

  it("--restore on a workbook never converted says there is nothing to restore", async () => {
    const run = lines();
    expect(await main([example, join(tempDir("example-restore"), "out.xlsx"), "--restore"], run.io)).toBe(0);
    expect(run.err).toEqual([expect.stringMatching(/^aiecon-share: nothing to restore, .*AIECON_Originals/)]);
  });
});
