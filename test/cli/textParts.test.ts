// The parts a conversion or a restore writes from text (the workbook part, its relationships, notes,
// content types) keep every character. jszip encodes the text it is given in pieces of 16,384
// characters, each on its own: a character beyond the Basic Multilingual Plane (📈, any emoji of
// that kind), two UTF-16 halves, came out as two invalid 3-byte sequences wherever a cut fell
// between its halves, and Excel then reads "��" in a sheet name or a defined name's text.
import JSZip from "jszip";
import { readFileSync, writeFileSync } from "fs";
import { join } from "path";
import { Readable } from "stream";
import { partStream, writeZip } from "../../src/share/xlsx/zipWriter";
import { runCli } from "../support/realworld";
import { tempDir } from "../support/tempDir";
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { bigWorkbook } = require("../support/bigWorkbook.cjs") as { bigWorkbook: (o: { rows: number; aiecon?: number }) => Promise<Buffer> };

const dir = tempDir("text-parts");
const CUT = 16_384;
const EMOJI = "📈";

/** The bytes, decoded strictly: throws on a byte sequence that is not UTF-8. */
const strictUtf8 = (b: Uint8Array) => new TextDecoder("utf-8", { fatal: true }).decode(b);

/** A stream's bytes, read by its events (jszip's own streams are not async iterable). */
function bytesOf(stream: Readable): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const pieces: Buffer[] = [];
    stream.on("data", (piece: Buffer) => pieces.push(piece));
    stream.on("end", () => resolve(Buffer.concat(pieces)));
    stream.on("error", reject);
  });
}

describe("a part given as text", () => {
  // The emoji's halves on either side of the first and second cuts, and one whole just before each.
  const text = `${"a".repeat(CUT - 1)}${EMOJI}${"b".repeat(CUT - 2)}${EMOJI}${EMOJI}c`;

  it("holds characters cut between their halves, as the text is laid out here", () => {
    expect(text.charCodeAt(CUT - 1)).toBe(0xd83d);
    expect(text.charCodeAt(CUT)).toBe(0xdcc8);
    expect(text.charCodeAt(2 * CUT - 1)).toBe(0xd83d);
  });

  it("is written into the package as its UTF-8 bytes", async () => {
    const zip = new JSZip();
    zip.file("xl/workbook.xml", text);
    zip.file("xl/bytes.xml", Buffer.from(text));
    const written = await JSZip.loadAsync(await bytesOf(writeZip(zip)));
    for (const part of ["xl/workbook.xml", "xl/bytes.xml"]) {
      const bytes = await written.file(part)!.async("nodebuffer");
      expect(strictUtf8(bytes)).toBe(text);
    }
  });

  it("is streamed as its UTF-8 bytes", async () => {
    const zip = new JSZip();
    zip.file("xl/worksheets/sheet1.xml", text);
    expect(strictUtf8(await bytesOf(partStream(zip.file("xl/worksheets/sheet1.xml")!)))).toBe(text);
  });
});

describe("a workbook whose defined names hold text of such characters", () => {
  /**
   * A generated workbook whose workbook part holds, from about 8,000 characters on, names whose text
   * is the emoji over and over (so that the part the conversion writes has one at each cut); `pad`
   * shifts them by one character, and one of the two shifts cuts an emoji in two.
   */
  async function withNames(pad: number): Promise<{ xlsx: Buffer; names: string[] }> {
    const zip = await JSZip.loadAsync(await bigWorkbook({ rows: 20, aiecon: 20 }));
    const names = [`"${"x".repeat(8000 + pad)}"`, ...Array.from({ length: 6 }, () => `"${EMOJI.repeat(2000)}"`)];
    const defined = names.map((t, k) => `<definedName name="label${k}">${t}</definedName>`).join("");
    const workbook = (await zip.file("xl/workbook.xml")!.async("string")).replace(
      "</sheets>",
      `</sheets><definedNames>${defined}</definedNames>`,
    );
    // (As bytes: jszip's own encoding of the text is what is under test.)
    zip.file("xl/workbook.xml", Buffer.from(workbook));
    return { xlsx: await zip.generateAsync({ type: "nodebuffer", compression: "DEFLATE" }), names };
  }

  /** The texts of the workbook part's defined names, decoded strictly. */
  async function namesIn(xlsx: Buffer): Promise<string[]> {
    const zip = await JSZip.loadAsync(xlsx);
    const workbook = strictUtf8(await zip.file("xl/workbook.xml")!.async("nodebuffer"));
    return [...workbook.matchAll(/<definedName name="label\d+">([^<]*)<\/definedName>/g)].map((m) => m[1].replace(/&quot;/g, '"'));
  }

  it.each([0, 1])("keeps every character through a conversion and a restore (shifted by %i)", async (pad) => {
    const { xlsx, names } = await withNames(pad);
    const [input, shared, live] = ["in", "shared", "live"].map((s) => join(dir, `names${pad}.${s}.xlsx`));
    writeFileSync(input, xlsx);
    expect((await runCli(input, shared)).code).toBe(0);
    expect(await namesIn(readFileSync(shared))).toEqual(names);
    expect((await runCli(shared, live, "--restore")).code).toBe(0);
    expect(await namesIn(readFileSync(live))).toEqual(names);
  });

  it("puts, in one of the two shifts, an emoji across a cut of the part the conversion writes", async () => {
    const split: boolean[] = [];
    for (const pad of [0, 1]) {
      const { xlsx } = await withNames(pad);
      const [input, shared] = ["in", "shared"].map((s) => join(dir, `cut${pad}.${s}.xlsx`));
      writeFileSync(input, xlsx);
      expect((await runCli(input, shared)).code).toBe(0);
      const zip = await JSZip.loadAsync(readFileSync(shared));
      const workbook = strictUtf8(await zip.file("xl/workbook.xml")!.async("nodebuffer"));
      split.push([CUT, 2 * CUT, 3 * CUT].some((at) => workbook.charCodeAt(at - 1) === 0xd83d));
    }
    expect(split).toContain(true);
  });
});
