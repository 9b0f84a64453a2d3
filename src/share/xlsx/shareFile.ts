// The one conversion path for a file (the CLI, and tests): check the package, scan it and plan the
// change (scanPlan.ts: the sharing plan on just the cells it reads), patch the ORIGINAL package
// with it as it streams (patchPackage.ts), and write the result atomically. Every part the
// conversion has no reason to touch keeps its bytes.
import { readFileSync, statSync } from "fs";
import { extname } from "path";
import { messages } from "../../calc/messages";
import { convertBook, NO_EDITS, restoreBook, type ConvertOptions, type ConvertReport } from "./fileChange";
import type { XmlAttributes } from "../originals";
import { partText } from "./bookParts";
import { XmlDoc } from "./xmlEdit";
import { partsLostInConversion, type LostPart } from "./lostParts";
import { checkPackage, RefusedInput } from "./packageCheck";
import { patchPackage } from "./patchPackage";
import { PendingOutput, sameFile } from "./safeWrite";
import { Readable } from "stream";
import { scanAndPlan } from "./scanPlan";
import type { ScannedBook } from "./scannedBook";

export interface ShareFileOptions extends Omit<ConvertOptions, "calcPr"> {
  readonly restore?: boolean;
}

export type ShareFileReport = ConvertReport & {
  readonly restored?: number;
  /** On a restore, why what the conversion added to AIECON_Prices stays (one line), when it does. */
  readonly pricesKept?: string;
  /** Content an exceljs rewrite would have dropped, kept by the patch (charts, pivots, macros...). */
  readonly kept: readonly LostPart[];
};

/** Refusals about the pair of files, before anything is read. */
export function checkFiles(input: string, output: string, shownOutput = output): void {
  if (sameFile(input, output)) throw new RefusedInput(messages.shareSameFile(shownOutput));
  if (statSync(input).isDirectory()) throw new RefusedInput(messages.shareNotAWorkbook(input, "it is a folder."));
}

/** Reads, converts (or restores) and writes a workbook file by patching its package. */
export async function convertFile(input: string, output: string, options: ShareFileOptions = {}): Promise<ShareFileReport> {
  const progress = options.onProgress ?? (() => undefined);
  checkFiles(input, output);
  // The output's temporary file first: a folder that cannot take it is refused before any work,
  // and it is removed on every way out (a refusal, a failure, Ctrl+C).
  const pending = new PendingOutput(output);
  try {
    const original = readFileSync(input);
    const facts = await checkPackage(original, input);
    const ext = extname(output).toLowerCase();
    if (facts.macroEnabled ? ext !== ".xlsm" && ext !== ".xltm" : ext === ".xlsm")
      throw new RefusedInput(messages.shareMacroType(output, facts.macroEnabled));
    progress(`reading ${Math.round(original.length / 1e5) / 10} MB`);
    // The workbook's own calcPr, recorded by the conversion (the patch sets fullCalcOnLoad) for the restore.
    // A workbook.xml that does not parse is refused by the planner's reading, with its own message.
    let calcPr: XmlAttributes | null | undefined;
    try {
      calcPr = new XmlDoc(await partText(facts.zip, "xl/workbook.xml")).first("calcPr", 2)?.attrs ?? null;
    } catch {
      calcPr = undefined;
    }
    let restoredCalcPr: XmlAttributes | null | undefined;
    // A restore's refusal is returned, not thrown, until the plan is final: the blocks it checks may
    // be cells the scan did not keep yet, and the planner fetches them and plans again only when the
    // change returns.
    let refused: RefusedInput | undefined;
    const change = options.restore
      ? (book: ScannedBook) => {
          refused = undefined;
          try {
            const { report, edits } = restoreBook(book);
            const { restored, calcPr: recorded, pricesKept } = report;
            restoredCalcPr = recorded;
            const result = {
              formulas: 0,
              values: 0,
              priceRowsAdded: 0,
              warnings: [] as string[],
              restored,
              ...(pricesKept ? { pricesKept } : {}),
            };
            return { result, edits };
          } catch (e) {
            if (!(e instanceof RefusedInput)) throw e;
            refused = e;
            return { result: { formulas: 0, values: 0, priceRowsAdded: 0, warnings: [] as string[], restored: 0 }, edits: NO_EDITS };
          }
        }
      : (book: ScannedBook) => {
          const { report, edits } = convertBook(book, { ...options, calcPr });
          return { result: report, edits };
        };
    const kept = await partsLostInConversion(facts.zip);
    const planned = await scanAndPlan<ShareFileReport | ConvertReport>(input, facts.zip, change, progress);
    if (refused) throw refused;
    const { plan, book, shapes } = planned;
    const result = { ...planned.result, kept };
    const nothing =
      plan.cells.size === 0 &&
      plan.newSheets.length === 0 &&
      plan.tableRefs.size === 0 &&
      plan.notes.size === 0 &&
      plan.removedNotes.size === 0 &&
      plan.removedSheets.length === 0;
    if (nothing) {
      // Nothing converted: the file goes out exactly as it came in.
      progress("writing");
      await pending.write(Readable.from([original]));
      return result;
    }
    progress("patching");
    const stream = await patchPackage(facts.zip, plan, book, shapes, progress, restoredCalcPr);
    progress("writing");
    await pending.write(stream);
    return result;
  } finally {
    pending.discard();
  }
}
