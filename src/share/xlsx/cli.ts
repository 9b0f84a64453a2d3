// `aiecon-share in.xlsx out.xlsx`: the pane's "Prepare for sharing" for pipelines without Excel.
import { existsSync } from "fs";
import { resolve } from "path";
import { fullCollection, HeapPolicy, stageOf } from "./heapPolicy";
import { MAX_UNPACKED_MB, RefusedInput } from "./packageCheck";
import { sameFile } from "./safeWrite";
import { convertFile } from "./shareFile";
import { errorText } from "../../calc/errors";

export const USAGE = `Usage: aiecon-share <in.xlsx> <out.xlsx> [--force] [--restore]

Rewrites every AIECON.* formula into a native Excel formula (or its current values with an
"as of" note where no portable formula exists), so the workbook computes without the add-in:
functions of Excel 2016 and later, checked by recalculating converted workbooks in LibreOffice.
The original formulas are kept in the very hidden sheet AIECON_Originals; --restore, or
"Restore live functions" in the add-in's pane, brings them back.

Only the converted cells (and the formulas that read them), the added sheets and notes change:
every other part of the file keeps its bytes. A macro workbook stays one (.xlsm in, .xlsm out).
Refused: password-protected files, files that are not Excel workbooks, and workbooks beyond
${MAX_UNPACKED_MB} MB of unpacked XML.

  --restore     the reverse: put the kept AIECON formulas back (what "Restore live functions" does),
                the workbook's own calculation settings too, and take away the price sheet or rows
                the conversion added (kept, and said so, when they were changed since)
  --force       overwrite out.xlsx if it exists (never the input, under any name)
  --allow-loss  accepted for compatibility, no effect
`;

/** One line each when a run had nothing to do, naming what the tool looks for. */
export const NOTHING_TO_CONVERT =
  "aiecon-share: no AIECON formula found, so the copy is unchanged: it converts cells whose formula calls an AIECON.* function " +
  "(such as =AIECON.COSTPERINTERACTION(...)), as saved by Excel with the add-in. Try examples/ai-unit-economics.xlsx.";
export const NOTHING_TO_RESTORE =
  "aiecon-share: nothing to restore, so the copy is unchanged: --restore puts back the formulas kept in the very hidden sheet " +
  "AIECON_Originals, which only a converted workbook has.";

export interface CliIo {
  readonly out: (line: string) => void;
  readonly err: (line: string) => void;
  /** Stages of a long conversion; by default a progress line on an interactive terminal. */
  readonly progress?: (stage: string) => void;
}

/** Runs the CLI; returns the process exit code (0 done, 1 usage or refused input, 2 failure). */
export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  const force = argv.includes("--force");
  const restore = argv.includes("--restore");
  const files = argv.filter((a) => !a.startsWith("--"));
  const unknown = argv.filter((a) => a.startsWith("--") && !["--force", "--help", "--restore", "--allow-loss"].includes(a));
  if (argv.includes("--help")) {
    io.out(USAGE);
    return 0;
  }
  if (files.length !== 2 || unknown.length > 0) {
    io.err(USAGE);
    return 1;
  }
  const [input, output] = files.map((f) => resolve(f));
  if (input === output || sameFile(input, output)) {
    io.err("aiecon-share: out.xlsx must be a new file; the input workbook is never overwritten.");
    return 1;
  }
  if (!existsSync(input)) {
    io.err(`aiecon-share: ${files[0]} does not exist.`);
    return 1;
  }
  if (existsSync(output) && !force) {
    io.err(`aiecon-share: ${files[1]} exists; pass --force to overwrite it.`);
    return 1;
  }
  // A progress line on an interactive terminal only; pipelines get the summary alone.
  const progress =
    io.progress ?? (process.stderr.isTTY ? (stage: string) => process.stderr.write(`\r\x1b[2Kaiecon-share: ${stage}...`) : undefined);
  // Each step of the conversion is also where the heap is collected once it has grown by half, and a
  // new stage sooner (heapPolicy.ts).
  const collect = fullCollection();
  const heap = collect ? new HeapPolicy(collect) : undefined;
  let lastStage = "";
  const onProgress = (line: string) => {
    const stage = stageOf(line);
    heap?.check(stage !== lastStage);
    lastStage = stage;
    progress?.(line);
  };
  try {
    const report = await convertFile(input, output, { restore, onProgress });
    const kept = report.kept.length ? `; ${report.kept.map((p) => `${p.label} (${p.count})`).join(", ")} kept` : "";
    if (progress && !io.progress) process.stderr.write("\r\x1b[2K");
    if (restore) {
      io.out(`${files[1]}: ${report.restored} AIECON formula(s) restored${kept}.`);
      // What the conversion added to the price table goes, unless the user changed it since.
      if (report.pricesKept) io.out(report.pricesKept);
      if (!report.restored) io.err(NOTHING_TO_RESTORE);
      return 0;
    }
    io.out(
      `${files[1]}: ${report.formulas} formula(s) now native Excel, ${report.values} written as values with an "as of" note, ` +
        `${report.priceRowsAdded} price row(s) added to AIECON_Prices${kept}.`,
    );
    for (const w of report.warnings) io.err(`warning: ${w}`);
    if (report.formulas + report.values === 0 && report.warnings.length === 0) io.err(NOTHING_TO_CONVERT);
    return 0;
  } catch (e) {
    if (progress && !io.progress) process.stderr.write("\r\x1b[2K");
    // Messages from deeper down may already name the tool; say it once.
    io.err(`aiecon-share: ${errorText(e).replace(/^aiecon-share:? /, "")}`);
    return e instanceof RefusedInput ? 1 : 2;
  }
}
