// Workbooks saved by Excel (../shared/workbooks/realworld, read-only): the tests write AIECON
// formulas into a copy of each package the way Excel stores an add-in's functions, without any
// code of ours touching the rest of the package (plain string edits of one sheet part).
import JSZip from "jszip";
import { existsSync, readdirSync } from "fs";
import { join } from "path";
import { SHARED_DIR } from "./sharedDir";
import { main } from "../../src/share/xlsx/cli";
import { resolveTarget } from "../../src/share/xlsx/patchPackage";

// Beside the project (../shared as the issue names it), or where AIECON_REALWORLD points.
export const REALWORLD_DIR = process.env.AIECON_REALWORLD ?? join(SHARED_DIR, "workbooks", "realworld");
export const ADVERSARIAL_DIR = join(REALWORLD_DIR, "adversarial");

/** Every workbook there; a missing folder fails the tests instead of leaving them with nothing to check. */
export const realworldFiles = (): string[] => {
  if (!existsSync(REALWORLD_DIR))
    throw new Error(`${REALWORLD_DIR} is missing: the shared folder must sit beside the project (../shared).`);
  return readdirSync(REALWORLD_DIR)
    .filter((f) => /\.xls[xm]$/i.test(f))
    .sort();
};

/** One AIECON cell written into a workbook: its formula as stored, and the value the add-in gives. */
export interface InjectedCell {
  readonly ref: string;
  readonly formula: string;
  /** "formula": becomes a native formula; "values": kept as its value with an "as of" note. */
  readonly becomes: "formula" | "values";
}

export interface Injected {
  readonly xlsx: Buffer;
  /** The sheet's name and its part in the zip. */
  readonly sheet: string;
  readonly part: string;
  readonly row: number;
  readonly cells: readonly InjectedCell[];
}

const attr = (tag: string, name: string) => new RegExp(`\\s${name.replace(/[.:]/g, "\\$&")}="([^"]*)"`).exec(tag)?.[1];

const unescapeXml = (s: string) =>
  s
    .replace(/&amp;/g, "&")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'");

/** The workbook's worksheets in tab order: name and part (chartsheets and macro sheets left out). */
export async function worksheetParts(zip: JSZip): Promise<{ name: string; part: string }[]> {
  const wb = await zip.file("xl/workbook.xml")!.async("string");
  const rels = await zip.file("xl/_rels/workbook.xml.rels")!.async("string");
  const out: { name: string; part: string }[] = [];
  for (const m of wb.matchAll(/<(?:\w+:)?sheet\b[^>]*>/g)) {
    const id = attr(m[0], "r:id");
    const rel = [...rels.matchAll(/<Relationship\b[^>]*>/g)].map((r) => r[0]).find((r) => attr(r, "Id") === id);
    if (!rel || !/\/worksheet$/.test(attr(rel, "Type") ?? "")) continue;
    out.push({ name: unescapeXml(attr(m[0], "name")!), part: resolveTarget("xl/workbook.xml", attr(rel, "Target")!) });
  }
  return out;
}

/**
 * Writes four AIECON cells two rows below the last row of the workbook's first worksheet, each
 * spelled one way Excel stores them: `_xldudf_AIECON_X` (saved while the add-in was not loaded),
 * `AIECON.X` and `_xludf.AIECON.X`, with the cached results Excel would have saved.
 */
export async function injectAieconFormulas(original: Buffer): Promise<Injected> {
  const zip = await JSZip.loadAsync(original);
  const sheets = await worksheetParts(zip);
  if (!sheets.length) throw new Error("no worksheet");
  const { name, part } = sheets[0];
  let xml = await zip.file(part)!.async("string");
  const rows = [...xml.matchAll(/<(?:\w+:)?row\b[^>]*\sr="(\d+)"/g)].map((m) => Number(m[1]));
  const row = Math.max(0, ...rows) + 2;
  const p = /<(\w+:)?sheetData\b/.exec(xml)?.[1] ?? "";
  const cells: (InjectedCell & { cached: string })[] = [
    { ref: `A${row}`, formula: '_xldudf_AIECON_COSTPERINTERACTION(7000,1000,"gpt-4o")', becomes: "formula", cached: "<v>0.0275</v>" },
    { ref: `B${row}`, formula: `AIECON.COSTPERUSER(A${row},30)`, becomes: "formula", cached: "<v>0.825</v>" },
    { ref: `C${row}`, formula: `_xludf.AIECON.MARGINIMPACT(B${row},25)`, becomes: "formula", cached: "<v>0.033</v>" },
    { ref: `D${row}`, formula: '_xldudf_AIECON_TOKENCOUNT("hello world")', becomes: "values", cached: "<v>2</v>" },
  ];
  const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  const rowXml = `<${p}row r="${row}">${cells.map((c) => `<${p}c r="${c.ref}"><${p}f>${esc(c.formula)}</${p}f>${c.cached.replace(/<(\/?)v>/g, `<$1${p}v>`)}</${p}c>`).join("")}</${p}row>`;
  if (new RegExp(`<${p}sheetData\\s*/>`).test(xml))
    xml = xml.replace(new RegExp(`<${p}sheetData\\s*/>`), `<${p}sheetData>${rowXml}</${p}sheetData>`);
  else xml = xml.replace(`</${p}sheetData>`, `${rowXml}</${p}sheetData>`);
  // As bytes: jszip's own encoding of text cuts a character beyond the BMP at every 16,384 (textParts.test.ts).
  zip.file(part, Buffer.from(xml));
  const xlsx = await zip.generateAsync({ type: "nodebuffer", compression: "DEFLATE" });
  return { xlsx, sheet: name, part, row, cells: cells.map(({ ref, formula, becomes }) => ({ ref, formula, becomes })) };
}

/** Every part of a package and its bytes. */
export async function partsOf(xlsx: Buffer): Promise<Map<string, Buffer>> {
  const zip = await JSZip.loadAsync(xlsx);
  const out = new Map<string, Buffer>();
  for (const [name, f] of Object.entries(zip.files)) if (!f.dir) out.set(name, await f.async("nodebuffer"));
  return out;
}

/** Runs aiecon-share in this process, as its bin would (no progress line). */
export async function runCli(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, { out: (l) => out.push(l), err: (l) => err.push(l), progress: () => undefined });
  return { code, out: out.join("\n"), err: err.join("\n") };
}

/**
 * A copy of a package that exceljs can read, for tests that inspect an output with it: exceljs
 * cannot parse an icon-set filter, so those go (the conversion itself never uses exceljs to write).
 */
export async function readableByExceljs(xlsx: Buffer): Promise<Buffer> {
  const zip = await JSZip.loadAsync(xlsx);
  let changed = false;
  for (const p of Object.keys(zip.files).filter((f) => /^xl\/(worksheets|tables)\/[^/]+\.xml$/i.test(f))) {
    const xml = await zip.file(p)!.async("string");
    if (!xml.includes("iconFilter")) continue;
    zip.file(p, Buffer.from(xml.replace(/<(\w+:)?iconFilter\b[^>]*\/>|<(\w+:)?iconFilter\b[^>]*>[\s\S]*?<\/(\w+:)?iconFilter>/g, "")));
    changed = true;
  }
  return changed ? zip.generateAsync({ type: "nodebuffer", compression: "STORE" }) : xlsx;
}
