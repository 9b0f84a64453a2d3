// The zip's own directory, read before jszip resolves it: jszip keeps the last of two entries with
// one name (silently), and trusts each entry's stated size until it has inflated all of it (a
// part stated as 1 KB could inflate to gigabytes). Here every name is seen, and every part is
// inflated once as a stream with its bytes counted, stopping the moment it exceeds its stated size.
import { createInflateRaw } from "zlib";
// jszip's own directory reader (the one loadAsync uses), for the entries it would merge by name.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const ZipEntries = require("jszip/lib/zipEntries") as new (options: object) => ZipEntriesReader;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { utf8decode } = require("jszip/lib/utf8") as { utf8decode: (bytes: Uint8Array) => string };

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
