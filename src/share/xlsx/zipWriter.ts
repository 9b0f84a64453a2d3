// Writes the output package with Node's own zlib (native, on the thread pool), not jszip's pako:
// a part the conversion did not change is copied with its compressed bytes as they were (never
// inflated or deflated again); a changed part is deflated as it streams. jszip still holds the
// package as the patch edits it; this only writes it out.
import type JSZip from "jszip";
import { pipeline, Readable, Transform } from "stream";
import { promisify } from "util";
import { crc32, createDeflateRaw, createInflateRaw, deflateRaw } from "zlib";

const deflateRawAsync = promisify(deflateRaw);

/** What jszip keeps for a part read from the file and not changed since: its compressed bytes as stored. */
interface StoredPart {
  readonly compressedSize: number;
  readonly uncompressedSize: number;
  readonly crc32: number;
  readonly compression: { readonly magic: string };
  readonly compressedContent: Uint8Array;
}

/** The part as the original file stores it, when it is unchanged (undefined once the patch set new content). */
export function storedPart(f: JSZip.JSZipObject | null): StoredPart | undefined {
  const data = (f as unknown as { _data?: Partial<StoredPart> } | null)?._data;
  return data && data.compressedContent instanceof Uint8Array && typeof data.crc32 === "number" && data.compression
    ? (data as StoredPart)
    : undefined;
}

/**
 * The bytes of a part's new content. Text given to jszip (zip.file(name, text)) is encoded here, from
 * the text jszip gives back whole: jszip encodes it in pieces of 16,384 characters, each on its own,
 * and a character beyond the Basic Multilingual Plane (an emoji such as 📈, two UTF-16 halves) cut
 * between its halves came out as two U+FFFD, in a sheet name or a defined name's text.
 */
function contentBytes(f: JSZip.JSZipObject): Promise<Buffer> {
  return isText(f) ? f.async("string").then((text) => Buffer.from(text, "utf8")) : f.async("nodebuffer");
}

/** True for a part jszip holds as the text it was given (jszip's own flag: not binary). */
const isText = (f: JSZip.JSZipObject) => (f as unknown as { _dataBinary?: boolean })._dataBinary === false;

/** Bigger pieces than zlib's 16 KB default: fewer callbacks for the XML parser downstream. */
const CHUNK = 256 * 1024;

/**
 * A part's unpacked bytes as a stream, inflated by Node's zlib from the bytes the file stores
 * (jszip's own stream for a part the patch has replaced, or a method it cannot inflate).
 */
export function partStream(f: JSZip.JSZipObject): Readable {
  const stored = storedPart(f);
  const method = stored?.compression.magic;
  if (stored && method === "\x08\x00") return Readable.from([stored.compressedContent]).pipe(createInflateRaw({ chunkSize: CHUNK }));
  if (stored && method === "\x00\x00") return Readable.from([Buffer.from(stored.compressedContent)]);
  if (isText(f))
    return Readable.from(
      (async function* () {
        yield await contentBytes(f);
      })(),
    );
  return f.nodeStream("nodebuffer") as unknown as Readable;
}

const u16 = (n: number) => {
  const b = Buffer.alloc(2);
  b.writeUInt16LE(n);
  return b;
};
const u32 = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(n >>> 0);
  return b;
};

function dosTime(d: Date): { time: number; date: number } {
  const year = Math.max(1980, d.getFullYear());
  return {
    time: (d.getHours() << 11) | (d.getMinutes() << 5) | Math.floor(d.getSeconds() / 2),
    date: ((year - 1980) << 9) | ((d.getMonth() + 1) << 5) | d.getDate(),
  };
}

interface Written {
  readonly name: Buffer;
  readonly flags: number;
  readonly method: number;
  readonly time: { time: number; date: number };
  readonly crc: number;
  readonly compressed: number;
  readonly size: number;
  readonly offset: number;
}

const FLAG_DESCRIPTOR = 0x0008;
const FLAG_UTF8 = 0x0800;
const LIMIT = 0xffffffff;

/** The fields a local header and a central-directory entry share, from "version needed" to the name's length. */
const entryFields = (w: Omit<Written, "offset">) => [
  u16(20),
  u16(w.flags),
  u16(w.method),
  u16(w.time.time),
  u16(w.time.date),
  u32(w.crc),
  u32(w.compressed),
  u32(w.size),
  u16(w.name.length),
];

function localHeader(w: Omit<Written, "offset">): Buffer {
  return Buffer.concat([u32(0x04034b50), ...entryFields(w), u16(0), w.name]);
}

function centralEntry(w: Written): Buffer {
  // Made by (20), the shared fields, then no extra field, comment, disk number or attributes.
  return Buffer.concat([u32(0x02014b50), u16(20), ...entryFields(w), u16(0), u16(0), u16(0), u16(0), u32(0), u32(w.offset), w.name]);
}

/**
 * The package in `zip` as a zip file, streamed: parts in jszip's order; unchanged parts copied as
 * stored; `streams` (part → its new content as a stream) deflated as they flow; other new content
 * deflated whole. An error of a streamed part ends the output with that error.
 */
export function writeZip(zip: JSZip, streams: ReadonlyMap<string, () => Readable> = new Map()): Readable {
  async function* generate(): AsyncGenerator<Buffer> {
    const written: Written[] = [];
    let offset = 0;
    const emit = (b: Buffer) => {
      offset += b.length;
      if (offset > LIMIT) throw new Error("aiecon-share cannot write a package beyond 4 GB.");
      return b;
    };
    for (const f of Object.values(zip.files)) {
      const name = Buffer.from(f.name, "utf8");
      const flags = /[^\x20-\x7e]/.test(f.name) ? FLAG_UTF8 : 0;
      const time = dosTime(f.date ?? new Date());
      const start = offset;
      const stored = streams.has(f.name) ? undefined : storedPart(f);
      if (f.dir) {
        const w = { name, flags, method: 0, time, crc: 0, compressed: 0, size: 0 };
        yield emit(localHeader(w));
        written.push({ ...w, offset: start });
      } else if (stored && (stored.compression.magic === "\x08\x00" || stored.compression.magic === "\x00\x00")) {
        const w = {
          name,
          flags,
          method: stored.compression.magic === "\x08\x00" ? 8 : 0,
          time,
          crc: stored.crc32,
          compressed: stored.compressedSize,
          size: stored.uncompressedSize < 0 ? stored.uncompressedSize + 2 ** 32 : stored.uncompressedSize,
        };
        yield emit(localHeader(w));
        yield emit(Buffer.from(stored.compressedContent.buffer, stored.compressedContent.byteOffset, stored.compressedContent.byteLength));
        written.push({ ...w, offset: start });
      } else if (streams.has(f.name)) {
        const head = { name, flags: flags | FLAG_DESCRIPTOR, method: 8, time, crc: 0, compressed: 0, size: 0 };
        yield emit(localHeader(head));
        let crc = 0;
        let size = 0;
        let compressed = 0;
        const source = streams.get(f.name)!();
        const deflater = createDeflateRaw({ chunkSize: CHUNK });
        const counted = new Transform({
          transform(chunk: Buffer, _enc, done) {
            crc = crc32(chunk, crc);
            size += chunk.length;
            done(null, chunk);
          },
        });
        pipeline(source, counted, deflater, () => undefined);
        for await (const chunk of deflater as AsyncIterable<Buffer>) {
          compressed += chunk.length;
          yield emit(chunk);
        }
        if (size > LIMIT || compressed > LIMIT) throw new Error(`aiecon-share cannot write ${f.name}: it is beyond 4 GB.`);
        yield emit(Buffer.concat([u32(0x08074b50), u32(crc), u32(compressed), u32(size)]));
        written.push({ ...head, crc, compressed, size, offset: start });
      } else {
        const data = await contentBytes(f);
        const packed = await deflateRawAsync(data);
        const w = { name, flags, method: 8, time, crc: crc32(data), compressed: packed.length, size: data.length };
        yield emit(localHeader(w));
        yield emit(packed);
        written.push({ ...w, offset: start });
      }
    }
    const dirStart = offset;
    const central = Buffer.concat(written.map(centralEntry));
    yield emit(central);
    if (written.length > 0xffff) throw new Error("aiecon-share cannot write a package of more than 65,535 parts.");
    yield emit(
      Buffer.concat([
        u32(0x06054b50),
        u16(0),
        u16(0),
        u16(written.length),
        u16(written.length),
        u32(central.length),
        u32(dirStart),
        u16(0),
      ]),
    );
  }
  return Readable.from(generate(), { objectMode: false });
}
