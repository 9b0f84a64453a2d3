// One entry point for every export: recognise the format from the content, parse it (CSV streamed
// through papaparse in chunks, with progress and cancel), and return the aggregated rows. Used by
// the pane's worker, the bench and the tests, so all three run exactly the same code.
import Papa from "papaparse";
import { messages } from "../messages";
import { csvReaderFor, type CsvRowReader } from "./csvFormats";
import { importJson } from "./jsonFormats";
import { ActualsFileError, type ActualsImport, type ImportOptions } from "./types";

export interface ImportHooks {
  /** Fraction of the input read so far (0..1), called once per chunk. */
  onProgress?: (fraction: number, rowsRead: number) => void;
  /** Polled once per chunk; true stops parsing and rejects with the "cancelled" message. */
  isCancelled?: () => boolean;
  /** Characters (or bytes, for a File) per chunk. */
  chunkSize?: number;
}

export class ImportCancelled extends Error {
  constructor() {
    super(messages.actualsCancelled());
    this.name = "ImportCancelled";
  }
}

/** JSON when the first non-blank character opens an object or array; CSV otherwise. */
export function looksLikeJson(head: string): boolean {
  const first = head.replace(/^\uFEFF/, "").trimStart()[0];
  return first === "{" || first === "[";
}

/** Parses CSV text or a File with papaparse in chunks, feeding each row to the reader its header picks. */
export function importCsv(input: string | Blob, options: ImportOptions = {}, hooks: ImportHooks = {}): Promise<ActualsImport> {
  const total = typeof input === "string" ? input.length : input.size;
  return new Promise<ActualsImport>((resolve, reject) => {
    let reader: CsvRowReader | undefined;
    let line = 0;
    let failed = false;
    const fail = (parser: Papa.Parser | undefined, error: unknown) => {
      failed = true;
      parser?.abort();
      reject(error);
    };
    Papa.parse<string[]>(input as never, {
      chunkSize: hooks.chunkSize ?? 1 << 20,
      skipEmptyLines: true,
      chunk(results, parser) {
        if (failed) return;
        try {
          if (hooks.isCancelled?.()) throw new ImportCancelled();
          const quoteError = results.errors.find((e) => e.type === "Quotes");
          const rows = results.data;
          const limit = quoteError?.row !== undefined ? quoteError.row : rows.length;
          let i = 0;
          if (!reader && rows.length) {
            reader = csvReaderFor(rows[0], options);
            line = 1;
            i = 1;
          }
          for (; i < limit; i++) reader!.row(rows[i], ++line);
          if (quoteError)
            throw new ActualsFileError(
              messages.actualsCsvParse(line + 1, `${quoteError.message} (a quote opened here is never closed: the file looks truncated)`),
            );
          hooks.onProgress?.(Math.min(1, (results.meta.cursor ?? 0) / Math.max(1, total)), line - 1);
        } catch (error) {
          fail(parser, error);
        }
      },
      complete() {
        if (failed) return;
        try {
          if (!reader) throw new ActualsFileError(messages.actualsEmpty());
          hooks.onProgress?.(1, line - 1);
          resolve(reader.finish());
        } catch (error) {
          reject(error);
        }
      },
      error(error: Error) {
        if (!failed) fail(undefined, new ActualsFileError(messages.actualsCsvParse(line + 1, error.message)));
      },
    });
  });
}

/** Imports an export given as text: JSON pages or CSV, recognised from the content. */
export async function importActualsText(text: string, options: ImportOptions = {}, hooks: ImportHooks = {}): Promise<ActualsImport> {
  if (looksLikeJson(text.slice(0, 1024))) {
    const result = importJson(text, options);
    hooks.onProgress?.(1, result.recordsRead);
    return result;
  }
  if (text.trim() === "") throw new ActualsFileError(messages.actualsEmpty());
  return importCsv(text, options, hooks);
}

/** Imports a File: JSON is read whole (exports are pages of at most a few MB); CSV is streamed. */
export async function importActualsFile(file: Blob, options: ImportOptions = {}, hooks: ImportHooks = {}): Promise<ActualsImport> {
  const head = await file.slice(0, 1024).text();
  if (looksLikeJson(head)) return importActualsText(await file.text(), options, hooks);
  return importCsv(file, options, hooks);
}
