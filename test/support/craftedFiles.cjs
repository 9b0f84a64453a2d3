// Crafted workbooks that once crashed or stalled aiecon-share (issue 20), built small from a
// generated workbook: the tests that show each is refused or converted quickly use them, and so
// can a measurement at full size. CommonJS so jest and bench scripts both load it as is.
const JSZip = require("jszip");
const zlib = require("zlib");
const { bigWorkbook } = require("./bigWorkbook.cjs");

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(bytes) {
  let c = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) c = CRC_TABLE[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/**
 * A zip written entry by entry, as it is told, which jszip never does: a name may come twice, and
 * an entry may state another unpacked size than its data has (`stated`). `deflated` is data
 * already deflated (raw), for a part too large to hold unpacked.
 */
function zipOf(entries) {
  const locals = [];
  const central = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name);
    const raw = e.deflated ? undefined : Buffer.isBuffer(e.data) ? e.data : Buffer.from(e.data);
    const data = e.deflated ?? zlib.deflateRawSync(raw);
    const size = e.stated ?? raw.length;
    const crc = e.crc ?? crc32(raw);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8); // deflate
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    const dir = Buffer.alloc(46);
    dir.writeUInt32LE(0x02014b50, 0);
    dir.writeUInt16LE(20, 4);
    dir.writeUInt16LE(20, 6);
    dir.writeUInt16LE(8, 10);
    dir.writeUInt32LE(crc, 16);
    dir.writeUInt32LE(data.length, 20);
    dir.writeUInt32LE(size, 24);
    dir.writeUInt16LE(name.length, 28);
    dir.writeUInt32LE(offset, 42);
    locals.push(local, name, data);
    central.push(dir, name);
    offset += 30 + name.length + data.length;
  }
  const dirBytes = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(dirBytes.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, dirBytes, end]);
}

/** The parts of a package, in order, as { name, data } (text parts as strings). */
async function partsOf(xlsx) {
  const zip = await JSZip.loadAsync(xlsx);
  const parts = [];
  for (const f of Object.values(zip.files)) if (!f.dir) parts.push({ name: f.name, data: await f.async("nodebuffer") });
  return parts;
}

/** The generated workbook the crafted ones start from: sheet "Usage" with a few AIECON formulas. */
const base = () => bigWorkbook({ rows: 40, aiecon: 3 });

function edit(parts, name, change) {
  const part = parts.find((p) => p.name === name);
  part.data = Buffer.from(change(part.data.toString("utf8")));
  return parts;
}

/** workbook.xml holding `depth` nested elements with text (in an extension, which Excel keeps as is). */
async function nestedText(depth = 100_000) {
  const parts = edit(await partsOf(await base()), "xl/workbook.xml", (xml) =>
    xml.replace(
      "</workbook>",
      `<extLst><ext uri="{00000000-0000-0000-0000-000000000001}">${"<a>t".repeat(depth)}${"</a>".repeat(depth)}</ext></extLst></workbook>`,
    ),
  );
  return zipOf(parts);
}

/** The sheet with one cell holding a text run of `chars` characters (no markup in it). */
async function longTextRun(chars = 40_000_000) {
  const parts = await partsOf(await base());
  const sheet = parts.find((p) => p.name === "xl/worksheets/sheet1.xml");
  const xml = sheet.data.toString("utf8");
  const at = xml.indexOf("</row>", xml.indexOf('<row r="2"'));
  sheet.data = Buffer.concat([
    Buffer.from(xml.slice(0, at) + '<c r="Z2" t="inlineStr"><is><t>'),
    Buffer.alloc(chars, "A"),
    Buffer.from("</t></is></c>" + xml.slice(at)),
  ]);
  return zipOf(parts);
}

const ORIGINALS_HEADER = ["Sheet", "Cell", "Original formula", "Array range", "Written range", "Converted"];

/** The workbook with an AIECON_Originals sheet (very hidden) holding `rows` as they would be restored. */
async function withOriginals(rows) {
  const parts = await partsOf(await base());
  const esc = (s) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/"/g, "&quot;");
  const col = (i) => String.fromCharCode(65 + i);
  const rowXml = (cells, r) =>
    `<row r="${r}">${cells.map((v, i) => `<c r="${col(i)}${r}" t="inlineStr"><is><t>${esc(v)}</t></is></c>`).join("")}</row>`;
  const sheet =
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>' +
    [ORIGINALS_HEADER, ...rows].map((cells, i) => rowXml(cells, i + 1)).join("") +
    "</sheetData></worksheet>";
  parts.push({ name: "xl/worksheets/sheet2.xml", data: Buffer.from(sheet) });
  edit(parts, "xl/workbook.xml", (x) =>
    x.replace("</sheets>", '<sheet name="AIECON_Originals" sheetId="2" state="veryHidden" r:id="rId9"/></sheets>'),
  );
  edit(parts, "xl/_rels/workbook.xml.rels", (x) =>
    x.replace(
      "</Relationships>",
      '<Relationship Id="rId9" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet2.xml"/></Relationships>',
    ),
  );
  edit(parts, "[Content_Types].xml", (x) =>
    x.replace(
      "</Types>",
      '<Override PartName="/xl/worksheets/sheet2.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>',
    ),
  );
  return zipOf(parts);
}

/**
 * A part whose directory states 1 KB but whose data inflates to `bytes` (zeros), deflated as a
 * stream: a new part `name`, or in place of the workbook's own part of that name.
 */
async function inflatesBeyondStated(bytes = 50_000_000, name = "xl/media/image1.png") {
  const parts = await partsOf(await base());
  const deflate = zlib.createDeflateRaw({ level: 9 });
  const out = [];
  deflate.on("data", (c) => out.push(c));
  const done = new Promise((resolve) => deflate.on("end", resolve));
  const block = Buffer.alloc(Math.min(bytes, 64 * 1024 * 1024));
  for (let left = bytes; left > 0; left -= block.length) {
    if (!deflate.write(left >= block.length ? block : block.subarray(0, left))) await new Promise((r) => deflate.once("drain", r));
  }
  deflate.end();
  await done;
  const entries = parts.filter((p) => p.name !== name).map((p) => ({ name: p.name, data: p.data }));
  entries.push({ name, deflated: Buffer.concat(out), stated: 1024, crc: 0 });
  return zipOf(entries);
}

/**
 * The workbook with its sheet's data damaged: "short", its directory stating 1,000 bytes more than
 * it unpacks to; "corrupt", its deflated data cut in the middle with other bytes after.
 */
async function damagedSheet(how) {
  const parts = await partsOf(await base());
  return zipOf(
    parts.map((p) => {
      if (p.name !== "xl/worksheets/sheet1.xml") return { name: p.name, data: p.data };
      const deflated = zlib.deflateRawSync(p.data);
      return how === "short"
        ? { name: p.name, deflated, stated: p.data.length + 1000, crc: 0 }
        : {
            name: p.name,
            deflated: Buffer.concat([deflated.subarray(0, deflated.length >> 1), Buffer.alloc(64, 0xff)]),
            stated: p.data.length,
            crc: 0,
          };
    }),
  );
}

/** The sheet followed by `mb` MB of identical cells, deflated as they stream: far denser than any workbook. */
async function denseCells(mb = 110) {
  const parts = await partsOf(await base());
  const sheet = parts.find((p) => p.name === "xl/worksheets/sheet1.xml");
  const xml = sheet.data.toString("utf8");
  const at = xml.indexOf("</sheetData>");
  const rows = Buffer.from('<row r="1048576"><c r="A1048576"><v>1</v></c></row>'.repeat(1000));
  const deflate = zlib.createDeflateRaw({ level: 9 });
  const out = [];
  deflate.on("data", (c) => out.push(c));
  const done = new Promise((resolve) => deflate.on("end", resolve));
  let size = 0;
  const write = async (b) => {
    size += b.length;
    if (!deflate.write(b)) await new Promise((r) => deflate.once("drain", r));
  };
  await write(Buffer.from(xml.slice(0, at)));
  for (let i = Math.floor((mb * 1e6) / rows.length); i > 0; i--) await write(rows);
  await write(Buffer.from(xml.slice(at)));
  deflate.end();
  await done;
  return zipOf(parts.map((p) => (p === sheet ? { name: p.name, deflated: Buffer.concat(out), stated: size, crc: 0 } : p)));
}

/** The package with `name` given twice: a second, different copy after the first. */
async function duplicateEntry(name = "xl/worksheets/sheet1.xml") {
  const parts = await partsOf(await base());
  const again = {
    name,
    data: Buffer.from(
      parts
        .find((p) => p.name === name)
        .data.toString("utf8")
        .replace(/<f>[^<]*<\/f>/g, ""),
    ),
  };
  return zipOf([...parts, again]);
}

/** The package without the part one of its relationships points at. */
async function danglingRelationship(missing = "xl/sharedStrings.xml") {
  const parts = (await partsOf(await base())).filter((p) => p.name !== missing);
  return zipOf(parts);
}

/** `count` rows each with an AIECON call whose model argument names `range` (a whole column, a whole sheet). */
async function aieconReading(range, count = 100) {
  const parts = edit(await partsOf(await bigWorkbook({ rows: count, aiecon: count })), "xl/worksheets/sheet1.xml", (xml) =>
    xml.replaceAll(',"gpt-4o")</f>', `,${range})</f>`),
  );
  return zipOf(parts);
}

/** The base workbook with one more row, numbered `row`, holding an AIECON call on its own inputs (a row number no sheet has). */
async function farRow(row) {
  const parts = edit(await partsOf(await base()), "xl/worksheets/sheet1.xml", (xml) =>
    xml.replace(
      "</sheetData>",
      `<row r="${row}"><c r="B${row}"><v>1000</v></c><c r="C${row}"><v>100</v></c>` +
        `<c r="G${row}"><f>_xldudf_AIECON_COSTPERINTERACTION(B${row},C${row},"gpt-4o")</f><v>0.01</v></c></row></sheetData>`,
    ),
  );
  return zipOf(parts);
}

module.exports = {
  aieconReading,
  farRow,
  zipOf,
  partsOf,
  base,
  nestedText,
  longTextRun,
  denseCells,
  withOriginals,
  inflatesBeyondStated,
  damagedSheet,
  duplicateEntry,
  danglingRelationship,
};
