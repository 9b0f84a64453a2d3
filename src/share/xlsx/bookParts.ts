// The small parts that say what a workbook package holds (workbook.xml, its relationships, each
// sheet's relationships and tables), read with an XML parser (XmlDoc), and the large parts (sheets, shared
// strings) streamed from the zip in pieces so no part is ever held as one string.
import JSZip from "jszip";
import { SaxesParser } from "saxes";
import { StringDecoder } from "string_decoder";
import type { NamedRange, TableArea } from "./dependents";
import { parseA1 } from "../refs";
import { localName } from "./sheetXml";
import { XmlDoc, type XmlNode } from "./xmlEdit";

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

export async function partText(zip: JSZip, path: string): Promise<string> {
  const f = zip.file(path);
  if (!f) throw new Error(`aiecon-share cannot patch this workbook: ${path} is missing.`);
  return f.async("string");
}

/** A part's size once unpacked, as the zip's directory states it. */
export function unpackedSize(f: JSZip.JSZipObject | null): number {
  const n = (f as unknown as { _data?: { uncompressedSize?: number } } | null)?._data?.uncompressedSize;
  // jszip reads the 32-bit field as signed: above 2 GB it comes back negative.
  return typeof n === "number" ? (n < 0 ? n + 2 ** 32 : n) : 0;
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
 * Streams a part's text to `onText` piece by piece (UTF-8 decoded across piece boundaries); stops
 * early when `onText` returns false. `onBytes` reports how much of the part has been read.
 */
export async function streamPart(zip: JSZip, path: string, onText: (text: string) => boolean | void, onBytes?: (read: number) => void): Promise<void> {
  const f = zip.file(path);
  if (!f) throw new Error(`aiecon-share cannot read this workbook: ${path} is missing.`);
  // jszip's stream is a readable-stream v2 (no async iteration): read it by its events.
  const stream = f.nodeStream("nodebuffer") as unknown as NodeJS.ReadableStream;
  const decoder = new PartText();
  let read = 0;
  await new Promise<void>((resolve, reject) => {
    let over = false;
    const finish = (e?: unknown) => {
      if (over) return;
      over = true;
      if (e) reject(e);
      else resolve();
    };
    stream.on("data", (chunk: Buffer) => {
      if (over) return;
      try {
        read += chunk.length;
        if (onText(decoder.write(chunk)) === false) {
          stream.pause();
          stream.removeAllListeners("data");
          finish();
          return;
        }
        onBytes?.(read);
      } catch (e) {
        stream.pause();
        finish(e);
      }
    });
    stream.on("error", finish);
    stream.on("end", () => {
      if (over) return;
      try {
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
  return f ? new XmlDoc(await f.async("string")).all("Relationship") : [];
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
    sheets.push({ name: e.attrs.name ?? "", index, part: resolveTarget(wbPart, rel.attrs.Target), worksheet: isRel("worksheet")(rel) });
  });
  const byIndex = sheetNodes.map((e) => e.attrs.name ?? "");
  const names: NamedRange[] = wb
    .filter((e) => e.name === "definedName")
    .map((e) => ({ name: e.attrs.name ?? "", refersTo: e.text, sheet: e.attrs.localSheetId === undefined ? undefined : byIndex[Number(e.attrs.localSheetId)] }));
  const tables: TableArea[] = [];
  for (const s of sheets.filter((x) => x.worksheet)) {
    for (const rel of (await relationships(zip, s.part)).filter((r) => isRel("table")(r) && r.attrs.TargetMode !== "External")) {
      const f = zip.file(resolveTarget(s.part, rel.attrs.Target));
      if (!f) continue;
      const t = new XmlDoc(await f.async("string")).first("table");
      const range = t?.attrs.ref ? parseA1(t.attrs.ref) : undefined;
      if (!t || !range) continue;
      tables.push({ name: t.attrs.displayName ?? t.attrs.name ?? "", sheet: s.name, range });
    }
  }
  const sst = rels.find(isRel("sharedStrings"));
  return { sheets, names, tables, sharedStrings: sst ? resolveTarget(wbPart, sst.attrs.Target) : undefined };
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
  parser.on("opentag", (tag) => {
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
