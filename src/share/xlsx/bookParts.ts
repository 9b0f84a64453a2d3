// The small parts that say what a workbook package holds (workbook.xml, its relationships, each
// sheet's relationships and tables), read with an XML parser (XmlDoc), and the large parts (sheets, shared
// strings) streamed from the zip in pieces so no part is ever held as one string.
import JSZip from "jszip";
import { SaxesParser } from "saxes";
import type { Readable } from "stream";
import { StringDecoder } from "string_decoder";
import type { NamedRange, TableArea } from "./dependents";
import { parseA1 } from "../../sheetModel/refs";
import { RefusedInput } from "./refused";
import { localName } from "./sheetXml";
import { MAX_XML_DEPTH, tooDeep, XmlDoc, type XmlNode } from "./xmlEdit";
import { partStream } from "./zipWriter";
import { beyondStated, countBeforeReading, countedWhole, damagedPart } from "./zipDirectory";

/** `target` of a relationship in `fromPart`'s rels, as a path inside the zip. */
export function resolveTarget(fromPart: string, target: string): string {
  if (target.startsWith("/")) return target.slice(1);
  const parts = fromPart.split("/").slice(0, -1);
  for (const seg of target.split("/")) {
    if (seg === "..") parts.pop();
    else if (seg !== ".") parts.push(seg);
  }
  return parts.join("/");
}

export const relsPathOf = (part: string) => {
  const i = part.lastIndexOf("/");
  return `${part.slice(0, i)}/_rels/${part.slice(i + 1)}.rels`;
};

/**
 * The most a part read whole (workbook, relationships, content types, tables, notes) may unpack
 * to: each is parsed into one XmlDoc. Sheets and shared strings stream instead, with no such limit.
 */
export const MAX_WHOLE_PART_MB = 64;

/** A small part's text, read whole (sizes were checked against the stated ones: packageCheck.ts). */
export async function partText(zip: JSZip, path: string): Promise<string> {
  const f = zip.file(path);
  if (!f) throw new Error(`aiecon-share cannot patch this workbook: ${path} is missing.`);
  const mb = unpackedSize(f) / 1e6;
  if (mb > MAX_WHOLE_PART_MB)
    throw new RefusedInput(
      `aiecon-share cannot read this workbook: its part ${path} is ${Math.ceil(mb)} MB once unpacked, more than the ${MAX_WHOLE_PART_MB} MB it reads whole.`,
    );
  await countBeforeReading(zip, f.name);
  return f.async("string");
}

/** A part's size once unpacked, as the zip's directory states it. */
export function unpackedSize(f: JSZip.JSZipObject | null): number {
  return statedSize(f) ?? 0;
}

/** unpackedSize, undefined for a part no zip directory states (one added in memory). */
function statedSize(f: JSZip.JSZipObject | null): number | undefined {
  const n = (f as unknown as { _data?: { uncompressedSize?: number } } | null)?._data?.uncompressedSize;
  // jszip reads the 32-bit field as signed: above 2 GB it comes back negative.
  return typeof n === "number" ? (n < 0 ? n + 2 ** 32 : n) : undefined;
}

/** A part's UTF-8 text arriving in pieces (characters split across pieces joined); a leading byte-order mark, not part of the XML, is taken off and noted in `bom`. */
export class PartText {
  private readonly decoder = new StringDecoder("utf8");
  private started = false;
  bom = false;

  write(chunk: Buffer): string {
    let text = this.decoder.write(chunk);
    if (!this.started && text) {
      this.started = true;
      if (text.charCodeAt(0) === 0xfeff) {
        this.bom = true;
        text = text.slice(1);
      }
    }
    return text;
  }
  end(): string {
    return this.decoder.end();
  }
}

/**
 * The longest text (or tag) a streamed part may hold between two "<": an XML parser keeps such a
 * run whole until it ends, so without a bound a 200 KB sheet holding a 200 MB run costs minutes.
 * An Excel cell holds at most 32,767 characters, about 330,000 written as character references.
 */
export const MAX_TEXT_RUN = 1_000_000;

/** An error a finished stream may still raise (its reader is gone): nothing is waiting for it. */
function ignoreError(): void {}

/**
 * A finished stream lets go of its reader's handlers. Node's tick queue keeps the stream that
 * ended last reachable while the promise chain it resolved runs on (a whole conversion plan), and
 * the handlers would keep what the reader reads into with it: the scan's kept cells and formula
 * index, hundreds of MB on a dense workbook of 50 MB. The error handler that stays is made here,
 * at module level, so it holds no reader's scope.
 */
function letGo(stream: Readable): void {
  stream.removeAllListeners("data");
  stream.removeAllListeners("end");
  stream.removeAllListeners("error");
  stream.on("error", ignoreError);
}

/**
 * The most bytes of a part read as one piece of text. zlib gives a sheet's bytes in pieces of
 * 256 KB (zipWriter.ts: fewer, larger pieces cost it less), but V8 keeps a string of 128 KB or more
 * (a 256 KB piece decoded, or the patcher's view of it) in its large-object space, on pages mapped
 * for that string alone and unmapped once it dies: each such string was memory the kernel had to
 * hand out afresh, page by page (about 40% of the page faults of a 5 MB dense conversion). Text of
 * up to 60 KB stays below that size even when it needs two bytes a character.
 */
export const TEXT_PIECE = 60 * 1024;

/**
 * Streams a part's text to `onText` piece by piece (UTF-8 decoded across piece boundaries); stops
 * early when `onText` returns false. `onBytes` reports how much of the part has been read.
 * The bytes are counted against the part's stated size (packageCheck.ts leaves the worksheets to
 * this count, the first scan reading each whole): refused the moment they pass it, and when the
 * part ends short of it or its data is not deflate, with packageCheck's words.
 */
export async function streamPart(
  zip: JSZip,
  path: string,
  onText: (text: string) => boolean | void,
  onBytes?: (read: number) => void,
): Promise<void> {
  const f = zip.file(path);
  if (!f) throw new Error(`aiecon-share cannot read this workbook: ${path} is missing.`);
  // jszip's stream is a readable-stream v2 (no async iteration): read it by its events.
  const stream = partStream(f);
  const decoder = new PartText();
  const stated = statedSize(f);
  let read = 0;
  /** Characters since the last "<": text or a tag not finished yet, which the XML parser holds. */
  let run = 0;
  await new Promise<void>((resolve, reject) => {
    let over = false;
    const finish = (e?: unknown) => {
      if (over) return;
      over = true;
      letGo(stream);
      if (e) reject(e);
      else resolve();
    };
    stream.on("data", (chunk: Buffer) => {
      if (over) return;
      try {
        read += chunk.length;
        if (stated !== undefined && read > stated)
          throw new RefusedInput(`aiecon-share cannot read this workbook: ${beyondStated(path, stated)}`);
        for (let at = 0; at < chunk.length; at += TEXT_PIECE) {
          const text = decoder.write(chunk.subarray(at, at + TEXT_PIECE));
          const lt = text.lastIndexOf("<");
          run = lt < 0 ? run + text.length : text.length - lt - 1;
          if (run > MAX_TEXT_RUN)
            throw new RefusedInput(
              `aiecon-share cannot read this workbook: its part ${path} holds a run of more than ${MAX_TEXT_RUN.toLocaleString("en-US")} characters ` +
                "without markup (an Excel cell holds at most 32,767), so it is not a workbook Excel wrote; nothing was done.",
            );
          if (onText(text) === false) {
            stream.pause();
            // Native inflation stops here rather than running to the end of the part.
            stream.destroy?.();
            finish();
            return;
          }
        }
        onBytes?.(read);
      } catch (e) {
        stream.pause();
        stream.destroy?.();
        finish(e);
      }
    });
    // (zlib's own errors, "invalid stored block lengths" and the like: data that is not deflate.)
    stream.on("error", (e: Error & { code?: string }) =>
      finish(e.code?.startsWith("Z_") ? new RefusedInput(`aiecon-share cannot read this workbook: ${damagedPart(path)}`) : e),
    );
    stream.on("end", () => {
      if (over) return;
      try {
        if (stated !== undefined && read !== stated) throw new RefusedInput(`aiecon-share cannot read this workbook: ${damagedPart(path)}`);
        countedWhole(zip, f.name);
        onText(decoder.end());
        finish();
      } catch (e) {
        finish(e);
      }
    });
  });
}

export interface BookSheet {
  readonly name: string;
  /** Its position among the workbook's sheets (localSheetId counts these). */
  readonly index: number;
  readonly part: string;
  /** A worksheet (cells); chartsheets and dialog sheets have none to convert. */
  readonly worksheet: boolean;
}

export interface Book {
  readonly sheets: readonly BookSheet[];
  readonly names: readonly NamedRange[];
  readonly tables: readonly TableArea[];
  /** The shared-strings part, if the workbook has one. */
  readonly sharedStrings?: string;
}

// Relationship types end the same in transitional and strict (purl.oclc.org) packages.
const isRel = (kind: string) => (r: XmlNode) => (r.attrs.Type ?? "").endsWith(`/relationships/${kind}`);

export async function relationships(zip: JSZip, part: string): Promise<XmlNode[]> {
  const f = zip.file(relsPathOf(part));
  return f ? new XmlDoc(await partText(zip, f.name)).all("Relationship") : [];
}

/**
 * The part a relationship of `fromPart` points at; a target the package does not hold is refused
 * with a message that names both (rather than failing later on the missing part).
 */
function existingTarget(zip: JSZip, fromPart: string, rel: XmlNode): string {
  const part = resolveTarget(fromPart, rel.attrs.Target ?? "");
  if (!zip.file(part))
    throw new RefusedInput(
      `aiecon-share cannot read this workbook: ${relsPathOf(fromPart)} points at ${part} (relationship ${rel.attrs.Id ?? "without an Id"}), ` +
        "which the package does not hold. Open the file in Excel, let it repair the file, save it, and convert again.",
    );
  return part;
}

/** What the workbook part and the relationships say: sheets and their parts, names, tables. */
export async function readBook(zip: JSZip): Promise<Book> {
  const wbPart = "xl/workbook.xml";
  // <workbook><sheets><sheet/>… and <workbook><definedNames><definedName>…: depth 3, nothing deeper (extLst).
  const wb = new XmlDoc(await partText(zip, wbPart)).nodes.filter((n) => (n.name === "sheet" || n.name === "definedName") && n.depth === 3);
  const rels = await relationships(zip, wbPart);
  const relById = new Map(rels.map((r) => [r.attrs.Id, r]));
  const sheetNodes = wb.filter((e) => e.name === "sheet");
  const sheets: BookSheet[] = [];
  sheetNodes.forEach((e, index) => {
    const rel = relById.get(e.attrs["r:id"]);
    if (!rel || rel.attrs.TargetMode === "External") return;
    sheets.push({ name: e.attrs.name ?? "", index, part: existingTarget(zip, wbPart, rel), worksheet: isRel("worksheet")(rel) });
  });
  const byIndex = sheetNodes.map((e) => e.attrs.name ?? "");
  const names: NamedRange[] = wb
    .filter((e) => e.name === "definedName")
    .map((e) => ({
      name: e.attrs.name ?? "",
      refersTo: e.text,
      sheet: e.attrs.localSheetId === undefined ? undefined : byIndex[Number(e.attrs.localSheetId)],
    }));
  const tables: TableArea[] = [];
  for (const s of sheets.filter((x) => x.worksheet)) {
    const sheetRels = (await relationships(zip, s.part)).filter((r) => r.attrs.TargetMode !== "External");
    // The parts a conversion edits beside the sheet (notes and their drawing) must be there too.
    for (const rel of sheetRels.filter((r) => isRel("comments")(r) || isRel("vmlDrawing")(r))) existingTarget(zip, s.part, rel);
    for (const rel of sheetRels.filter(isRel("table"))) {
      const t = new XmlDoc(await partText(zip, existingTarget(zip, s.part, rel))).first("table");
      const range = t?.attrs.ref ? parseA1(t.attrs.ref) : undefined;
      if (!t || !range) continue;
      tables.push({ name: t.attrs.displayName ?? t.attrs.name ?? "", sheet: s.name, range });
    }
  }
  const sst = rels.find(isRel("sharedStrings"));
  return {
    sheets,
    names,
    tables,
    sharedStrings: sst && sst.attrs.TargetMode !== "External" ? existingTarget(zip, wbPart, sst) : undefined,
  };
}

/** The shared strings at `wanted` indexes (rich runs joined, phonetic runs left out), streamed. */
export async function sharedStrings(zip: JSZip, part: string, wanted: ReadonlySet<number>, into: Map<number, string>): Promise<void> {
  if (!wanted.size) return;
  let last = -1;
  for (const w of wanted) if (w > last) last = w;
  const parser = new SaxesParser({ xmlns: false });
  let index = -1;
  let text: string | undefined;
  let phonetic = 0;
  let inT = false;
  let depth = 0;
  parser.on("opentag", (tag) => {
    if (!tag.isSelfClosing && ++depth > MAX_XML_DEPTH) throw tooDeep();
    const name = localName(tag.name);
    if (name === "si") {
      index++;
      text = wanted.has(index) ? "" : undefined;
    } else if (name === "rPh") phonetic++;
    else if (name === "t" && !phonetic && !tag.isSelfClosing) inT = true;
  });
  parser.on("text", (t) => {
    if (inT && text !== undefined) text += t;
  });
  parser.on("closetag", (tag) => {
    if (!tag.isSelfClosing) depth--;
    const name = localName(tag.name);
    if (name === "t") inT = false;
    else if (name === "rPh") phonetic--;
    else if (name === "si" && text !== undefined) into.set(index, text);
  });
  await streamPart(zip, part, (chunk) => {
    parser.write(chunk);
    return index <= last;
  });
}
