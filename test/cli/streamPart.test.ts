// streamPart hands a part's text to a reader. Once the part is read, nothing of the reader may stay
// reachable through the stream: Node's tick queue keeps the stream that ended last while the promise
// chain it resolved runs on, and for a scan that chain is the whole conversion plan. A reader held
// that way kept a dense workbook's scanned cells and formula index (hundreds of MB at 50 MB) alive
// to the end of planning.
import JSZip from "jszip";
import { partText, streamPart, TEXT_PIECE } from "../../src/share/xlsx/bookParts";
import { checkPackage, RefusedInput } from "../../src/share/xlsx/packageCheck";
import { counted, countTheRest } from "../../src/share/xlsx/zipDirectory";
import { fullCollection } from "../../src/share/xlsx/heapPolicy";

const gc = fullCollection()!;

const sheet = `<worksheet><sheetData>${'<row r="1"><c r="A1"><v>1</v></c></row>'.repeat(2000)}</sheetData></worksheet>`;

async function workbook(compression: "DEFLATE" | "STORE"): Promise<JSZip> {
  const zip = new JSZip();
  zip.file("xl/worksheets/sheet1.xml", sheet, { compression });
  return JSZip.loadAsync(await zip.generateAsync({ type: "nodebuffer" }));
}

/** A reader that keeps what it reads in a store only it holds; `seen` tells whether the store is collected. */
function reader(seen: WeakRef<object>[], read: { pieces: number }, stopAfter: number): (text: string) => boolean {
  const store = { text: [] as string[] };
  seen.push(new WeakRef(store));
  return (text) => {
    read.pieces++;
    store.text.push(text);
    return store.text.length < stopAfter;
  };
}

describe("streamPart", () => {
  it.each([
    ["a deflated part read to its end", "DEFLATE", Infinity],
    ["a stored part read to its end", "STORE", Infinity],
    ["a deflated part the reader stops early", "DEFLATE", 1],
  ] as const)("lets go of the reader once %s", async (_name, compression, stopAfter) => {
    const zip = await workbook(compression);
    const seen: WeakRef<object>[] = [];
    const read = { pieces: 0 };
    await streamPart(zip, "xl/worksheets/sheet1.xml", reader(seen, read, stopAfter));
    expect(read.pieces).toBeGreaterThan(stopAfter === 1 ? 0 : 1);
    // Still in the promise chain the stream's end resolved, as a conversion's plan is.
    gc();
    expect(seen).toHaveLength(1);
    expect(seen[0].deref()).toBeUndefined();
  });
});

describe("streamPart's pieces of text", () => {
  // Characters of one to four bytes in UTF-8, so that the cuts at every TEXT_PIECE bytes (zlib hands
  // 256 KB at once) fall inside characters too. (Given to jszip as bytes: jszip's own encoding of
  // text cuts such characters, textParts.test.ts.)
  const cells = ["a", "é", "€", "𝄞"].map(
    (ch, i) => `<row r="${i + 1}"><c r="A${i + 1}" t="inlineStr"><is><t>${ch.repeat(997)}</t></is></c></row>`,
  );
  const text = `<worksheet><sheetData>${cells.join("").repeat(150)}</sheetData></worksheet>`;

  it("gives the part's text whole, in pieces of at most TEXT_PIECE characters however large zlib's", async () => {
    const zip = new JSZip();
    zip.file("xl/worksheets/sheet1.xml", Buffer.from(text), { compression: "DEFLATE" });
    const loaded = await JSZip.loadAsync(await zip.generateAsync({ type: "nodebuffer" }));
    const pieces: string[] = [];
    await streamPart(loaded, "xl/worksheets/sheet1.xml", (t) => void pieces.push(t));
    expect(Buffer.byteLength(text)).toBeGreaterThan(4 * 256 * 1024);
    expect(pieces.join("")).toBe(text);
    expect(Math.max(...pieces.map((p) => p.length))).toBeLessThanOrEqual(TEXT_PIECE);
    expect(pieces.length).toBeGreaterThan(Buffer.byteLength(text) / TEXT_PIECE);
  });

  it("stops at the piece the reader refuses, inside one of zlib's", async () => {
    const zip = new JSZip();
    zip.file("xl/worksheets/sheet1.xml", Buffer.from(text), { compression: "DEFLATE" });
    const loaded = await JSZip.loadAsync(await zip.generateAsync({ type: "nodebuffer" }));
    const pieces: string[] = [];
    await streamPart(loaded, "xl/worksheets/sheet1.xml", (t) => pieces.push(t) < 2);
    expect(pieces).toHaveLength(2);
    expect(text.startsWith(pieces.join(""))).toBe(true);
  });
});

describe("a worksheet whose bytes are counted when first read", () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const crafted = require("../support/craftedFiles.cjs") as { inflatesBeyondStated: (bytes?: number, name?: string) => Promise<Buffer> };
  const part = "xl/worksheets/sheet9.xml";
  const beyond = /its part xl\/worksheets\/sheet9\.xml unpacks to more than the 1,024 bytes its zip directory states/;

  it("passes the package check, and is refused by whatever reads it first: whole, streamed, or before writing", async () => {
    const bytes = await crafted.inflatesBeyondStated(20_000_000, part);
    for (const read of [
      (zip: JSZip) => partText(zip, part),
      (zip: JSZip) => streamPart(zip, part, () => true),
      (zip: JSZip) => countTheRest(zip),
    ]) {
      const { zip } = await checkPackage(bytes, "in.xlsx");
      await expect(read(zip)).rejects.toThrow(beyond);
      await expect(read(zip)).rejects.toBeInstanceOf(RefusedInput);
    }
  });

  it("is counted once streamed whole, not when a reader stopped early", async () => {
    const good = await crafted.inflatesBeyondStated(1024, part);
    const { zip } = await checkPackage(good, "in.xlsx");
    expect([counted(zip, part), counted(zip, "xl/workbook.xml")]).toEqual([false, true]);
    await streamPart(zip, part, () => false);
    expect(counted(zip, part)).toBe(false);
    await streamPart(zip, part, () => true);
    expect(counted(zip, part)).toBe(true);
  });
});
