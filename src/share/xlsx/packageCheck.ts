// What the CLI checks before any work: that the file is an Excel workbook package it can read,
// not an encrypted one, not an old binary file, and not larger than it converts in bounded memory.
// Each refusal names the file and says what to do; nothing is written.
import JSZip from "jszip";
import { messages } from "../../calc/messages";
import { partText, unpackedSize } from "./bookParts";
import { RefusedInput } from "./refused";
import { XmlDoc } from "./xmlEdit";
import { countWhenRead, nameGivenTwice, notAsStated, zipDirectory, type ZipEntry } from "./zipDirectory";
import { errorText } from "../../calc/errors";

export { RefusedInput };

/**
 * The most unpacked XML (sheets, shared strings, styles...) the CLI converts. Sheets stream
 * through, so memory does not grow with this (it grows with the number of formulas, about 16 bytes
 * each plus 8 per cell they read, and the size of the file); the limit is about time — beyond 2 GB a conversion takes many
 * minutes — and it refuses a zip bomb before any work.
 */
export const MAX_UNPACKED_MB = 2000;

/**
 * How many times its own size a package may unpack to, beyond MAX_DENSE_FREE_MB. Workbooks Excel
 * and the usual libraries write unpack to 3–16× (the realworld corpus; 5.5× for the bench's); a
 * crafted one of identical cells unpacks to 300× and more, and every unpacked megabyte costs
 * about 0.3 s of parsing: a 1.4 MB file holding 500 MB of cells took 160 s before this limit.
 */
export const MAX_UNPACK_RATIO = 25;
export const MAX_DENSE_FREE_MB = 80;

const CFB_MAGIC = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
const utf16 = (s: string) => Buffer.from(s, "utf16le");

export interface PackageFacts {
  readonly zip: JSZip;
  /** The workbook part's content type is macro-enabled (an .xlsm/.xltm). */
  readonly macroEnabled: boolean;
  readonly unpackedBytes: number;
}

/**
 * The parts whose bytes are counted when first read (zipDirectory.ts countWhenRead), not here: a
 * workbook's worksheets where Excel puts them, which the first scan streams whole.
 */
const SCANNED_PART = /^xl\/worksheets\/[^/]+\.xml$/i;

/** Reads the package's directory and refuses, with a message, what the CLI must not convert. */
export async function checkPackage(bytes: Buffer, file: string): Promise<PackageFacts> {
  if (bytes.length >= 8 && bytes.subarray(0, 8).equals(CFB_MAGIC)) {
    // Excel stores an encrypted workbook as a compound file holding EncryptionInfo + EncryptedPackage.
    if (bytes.includes(utf16("EncryptedPackage")) || bytes.includes(utf16("EncryptionInfo")))
      throw new RefusedInput(messages.sharePasswordProtected(file));
    throw new RefusedInput(
      messages.shareNotAWorkbook(
        file,
        "it is an older binary file (.xls). Open it in Excel and save it as an Excel Workbook (.xlsx) first.",
      ),
    );
  }
  if (bytes.length < 4 || bytes[0] !== 0x50 || bytes[1] !== 0x4b)
    throw new RefusedInput(messages.shareNotAWorkbook(file, "it is not a zip package."));
  let zip: JSZip;
  let entries: ZipEntry[];
  try {
    entries = zipDirectory(bytes);
    zip = await JSZip.loadAsync(bytes);
  } catch (e) {
    throw new RefusedInput(messages.shareNotAWorkbook(file, `its zip package cannot be read (${errorText(e)}).`));
  }
  const files = Object.values(zip.files).filter((f) => !f.dir);
  if (!files.length) throw new RefusedInput(messages.shareNotAWorkbook(file, "its zip package is empty."));
  if (!zip.file("[Content_Types].xml") || !zip.file("xl/workbook.xml") || !zip.file("xl/_rels/workbook.xml.rels"))
    throw new RefusedInput(messages.shareNotAWorkbook(file, "its package has no workbook part (xl/workbook.xml)."));
  const unpackedBytes = files.reduce((n, f) => n + unpackedSize(f), 0);
  const mb = Math.ceil(unpackedBytes / 1e6);
  if (mb > MAX_UNPACKED_MB) throw new RefusedInput(messages.shareTooLarge(file, mb, MAX_UNPACKED_MB));
  if (mb > MAX_DENSE_FREE_MB && unpackedBytes > MAX_UNPACK_RATIO * bytes.length)
    throw new RefusedInput(
      messages.shareUnreadable(
        file,
        `it unpacks to ${mb} MB, ${Math.round(unpackedBytes / bytes.length)} times its size; workbooks unpack to less than ${MAX_UNPACK_RATIO} times theirs ` +
          "(this one is built to make the conversion take too long, or was packed by an unusual tool: open it in Excel and save it again). Nothing was done.",
      ),
    );
  const twice = nameGivenTwice(entries);
  // jszip would keep the last of the two silently; Excel calls such a file corrupt.
  if (twice)
    throw new RefusedInput(
      messages.shareUnreadable(file, `its zip package holds ${twice} twice, so which one is the workbook's is not known.`),
    );
  // (Only a name jszip holds as it is written: every read of the part then finds it.)
  const later = (e: ZipEntry) => SCANNED_PART.test(e.name) && zip.file(e.name) !== null;
  await checkWithinStated(
    entries.filter((e) => !later(e)),
    file,
  );
  countWhenRead(zip, entries.filter(later));
  const types = await partText(zip, "[Content_Types].xml");
  // Excel decides by the workbook part's content type (and refuses a file whose extension disagrees).
  let doc: XmlDoc;
  try {
    doc = new XmlDoc(types);
  } catch (e) {
    throw new RefusedInput(messages.shareNotAWorkbook(file, `its content types cannot be read (${errorText(e)}).`));
  }
  const workbookType =
    doc.all("Override").find((o) => (o.attrs.PartName ?? "").toLowerCase() === "/xl/workbook.xml")?.attrs.ContentType ?? "";
  const macroEnabled = /macroEnabled/i.test(workbookType);
  return { zip, macroEnabled, unpackedBytes };
}

/**
 * Inflates each part once, counting its bytes as they stream, so that nothing read later can
 * unpack beyond what the directory states (whose total the limit above checked): a part stated as
 * 1 KB that inflates to gigabytes is refused after its first kilobyte, not after a minute.
 */
async function checkWithinStated(entries: readonly ZipEntry[], file: string): Promise<void> {
  for (const e of entries) {
    const why = await notAsStated(e);
    if (why) throw new RefusedInput(messages.shareUnreadable(file, why));
  }
}
