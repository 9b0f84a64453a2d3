// The zip's own directory, read before jszip resolves it: jszip keeps the last of two entries with
// one name (silently), and trusts each entry's stated size until it has inflated all of it (a
// part stated as 1 KB could inflate to gigabytes). Here every name is seen, and every part's bytes
// are counted as it is inflated, stopping the moment they pass its stated size: up front, or for a
// worksheet when it is first read (countWhenRead).
import { createInflateRaw } from "zlib";
import { RefusedInput } from "./refused";
// jszip's own directory reader (the one loadAsync uses), for the entries it would merge by name.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const ZipEntries = require("jszip/lib/zipEntries") as new (options: object) => ZipEntriesReader;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { utf8decode } = require("jszip/lib/utf8") as { utf8decode: (bytes: Uint8Array) => string };

// jszip's reader of a loaded zip (NodeBufferReader, Uint8ArrayReader) runs ArrayReader's
// constructor, which masks every byte of the data to 0–255 (`data[i] & 0xFF`), a loop over the whole
// file that is a no-op on bytes: 0.25 s on a 50 MB workbook, paid twice (this directory and jszip's
// own load). Readers of bytes are made here without it, for jszip's load too (the same module);
// any other input keeps jszip's own.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const DataReader = require("jszip/lib/reader/DataReader") as new (data: Uint8Array) => object;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const NodeBufferReader = require("jszip/lib/reader/NodeBufferReader") as { prototype: object };
// eslint-disable-next-line @typescript-eslint/no-require-imports
const Uint8ArrayReader = require("jszip/lib/reader/Uint8ArrayReader") as { prototype: object };
const jszipPrepare = (ZipEntries.prototype as { prepareReader: (data: unknown) => void }).prepareReader;
(ZipEntries.prototype as { prepareReader: (data: unknown) => void }).prepareReader = function (this: { reader: object }, data: unknown) {
  if (!(data instanceof Uint8Array)) return jszipPrepare.call(this, data);
  const reader = Object.create(Buffer.isBuffer(data) ? NodeBufferReader.prototype : Uint8ArrayReader.prototype) as object;
  DataReader.call(reader, data);
  this.reader = reader;
};

interface ZipEntriesReader {
  load(data: Uint8Array): void;
  files: {
    fileNameStr: string;
    dir: boolean;
    compressionMethod: string;
    uncompressedSize: number;
    decompressed: { compressedContent: Uint8Array };
  }[];
}

export interface ZipEntry {
  readonly name: string;
  /** The size the directory states once unpacked. */
  readonly stated: number;
  /** Stored as is, deflated, or another method (which jszip refuses to read). */
  readonly method: "store" | "deflate" | "other";
  readonly data: Uint8Array;
}

/** Every file entry of the zip's directory, in order, names given twice included. */
export function zipDirectory(bytes: Uint8Array): ZipEntry[] {
  const reader = new ZipEntries({ decodeFileName: utf8decode });
  reader.load(bytes);
  return reader.files
    .filter((f) => !f.dir)
    .map((f) => ({
      name: f.fileNameStr,
      stated: f.uncompressedSize < 0 ? f.uncompressedSize + 2 ** 32 : f.uncompressedSize,
      method: f.compressionMethod === "\x00\x00" ? "store" : f.compressionMethod === "\x08\x00" ? "deflate" : "other",
      data: f.decompressed.compressedContent,
    }));
}

/** The first part name the directory holds twice (package part names ignore case), if any. */
export function nameGivenTwice(entries: readonly ZipEntry[]): string | undefined {
  const seen = new Set<string>();
  for (const e of entries) {
    const key = e.name.toLowerCase();
    if (seen.has(key)) return e.name;
    seen.add(key);
  }
  return undefined;
}

/** Why a part whose data unpacks beyond the size the zip's directory states is refused. */
export const beyondStated = (name: string, stated: number) =>
  `its part ${name} unpacks to more than the ${stated.toLocaleString("en-US")} bytes its zip directory states (a damaged file or a zip bomb); nothing was done.`;
/** Why a part whose data is not deflate, or falls short of its stated size, is refused. */
export const damagedPart = (name: string) => `its part ${name} is damaged (it does not unpack to its stated size); nothing was done.`;

/** Why the entry is refused, counted as inflatesWithinStated counts it; undefined when it unpacks to its stated size. */
export async function notAsStated(entry: ZipEntry): Promise<string | undefined> {
  const how = await inflatesWithinStated(entry);
  return how === "ok" ? undefined : how === "larger" ? beyondStated(entry.name, entry.stated) : damagedPart(entry.name);
}

/**
 * How the entry's data unpacks: "ok" when it is its stated size, "larger" as soon as the inflated
 * bytes pass it (the inflation stops there), "damaged" when the data is not deflate or falls short.
 */
export function inflatesWithinStated(entry: ZipEntry): Promise<"ok" | "larger" | "damaged"> {
  if (entry.method !== "deflate") return Promise.resolve(entry.method === "store" && entry.data.length > entry.stated ? "larger" : "ok");
  return new Promise((resolve) => {
    // Large pieces: at zlib's default 16 KB, handing each one over cost three times the inflating.
    const inflate = createInflateRaw({ chunkSize: 256 * 1024 });
    let count = 0;
    let settled = false;
    const settle = (how: "ok" | "larger" | "damaged") => {
      if (settled) return;
      settled = true;
      resolve(how);
    };
    inflate.on("data", (chunk: Buffer) => {
      count += chunk.length;
      if (count > entry.stated) {
        settle("larger");
        inflate.destroy();
      }
    });
    inflate.on("error", () => settle("damaged"));
    inflate.on("end", () => settle(count === entry.stated ? "ok" : "damaged"));
    inflate.end(entry.data);
  });
}

/**
 * Parts of a loaded package whose bytes nothing has counted yet: packageCheck.ts leaves the
 * worksheets to the first scan, which counts each one as it streams it (bookParts.ts streamPart),
 * so a dense sheet is not inflated once more only to be counted.
 */
const uncounted = new WeakMap<object, Map<string, ZipEntry>>();

/** `entries` of the package loaded in `zip` are counted when first read, not before. */
export function countWhenRead(zip: object, entries: readonly ZipEntry[]): void {
  uncounted.set(zip, new Map(entries.map((e) => [e.name, e])));
}

/** Whether the part's bytes were counted against its stated size (or were never left to be counted). */
export const counted = (zip: object, name: string): boolean => !uncounted.get(zip)?.has(name);

/** The part was streamed whole and unpacked to its stated size. */
export function countedWhole(zip: object, name: string): void {
  uncounted.get(zip)?.delete(name);
}

/**
 * Before a part is read whole (or streamed without counting): its bytes counted now, as
 * packageCheck.ts counts every other part, unless that was done. Refuses as it does.
 */
export async function countBeforeReading(zip: object, name: string): Promise<void> {
  const e = uncounted.get(zip)?.get(name);
  if (!e) return;
  const why = await notAsStated(e);
  if (why) throw new RefusedInput(`aiecon-share cannot read this workbook: ${why}`);
  countedWhole(zip, name);
}

/** Counts every part nothing has read whole yet (a worksheet no sheet names), so each part of the package was counted before anything is written. */
export async function countTheRest(zip: object): Promise<void> {
  for (const name of [...(uncounted.get(zip)?.keys() ?? [])]) await countBeforeReading(zip, name);
}
