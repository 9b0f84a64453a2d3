// Writing a conversion (or a restore) by patching the ORIGINAL package: the change is planned on
// the scanned cells (scanPlan.ts, fileChange.ts), and only the cells, sheets and parts it changes
// are touched. Every other part — charts, macros, embedded objects, threaded comments, external
// links, anything this tool does not know — keeps its bytes. Changed sheets stream through
// SheetPatcher into the output zip, never held whole.
import JSZip from "jszip";
import { Readable, Transform } from "stream";
export { patchSheetXml, type CellEdit } from "./sheetXml";
import { isShareNote, type XmlAttributes } from "../originals";
import type { FileEdits, NewSheet } from "./fileChange";
import { valueEdit } from "./scannedBook";
import { cellXml, esc, escText, SheetPatcher, splitRef, type SheetPatch } from "./sheetXml";
import { CellEdits } from "./cellEdits";
import type { CellEdit } from "./rowPatch";
import { cellKey, FormulaIndex } from "./dependents";
import { countBeforeReading } from "./zipDirectory";
import { partText, relsPathOf, resolveTarget, TEXT_PIECE, unpackedSize, type Book } from "./bookParts";
import type { SheetShape } from "./sheetScan";
import { editXml, XmlDoc } from "./xmlEdit";
import { partStream, writeZip } from "./zipWriter";
import { columnLetters } from "../../sheetModel/refs";
export { resolveTarget } from "./bookParts";

export interface PatchPlan extends FileEdits {
  /**
   * Every formula of the workbook (to find the cells that depend on the changed ones), given once:
   * it is let go before the package is written (a dense workbook's is tens of MB).
   */
  takeIndex(): FormulaIndex;
  /**
   * A sheet's cell edits, handed over once (then gone from `cells`): the sheet's patcher holds
   * them its own way from then on, and a dense sheet's plan is hundreds of bytes a converted cell.
   */
  takeCells(sheet: string): ReadonlyMap<string, CellEdit> | undefined;
}

/** The plan patchPackage applies: the edits, and the index handed over once. */
export function patchPlan(edits: FileEdits, index: FormulaIndex): PatchPlan {
  let held: FormulaIndex | undefined = index;
  const cells = new Map(edits.cells);
  return {
    ...edits,
    cells,
    takeCells(sheet) {
      const taken = cells.get(sheet);
      cells.delete(sheet);
      return taken;
    },
    takeIndex() {
      const taken = held;
      if (!taken) throw new Error("aiecon-share: the formula index was taken already.");
      held = undefined;
      return taken;
    },
  };
}

// ---------------------------------------------------------------------------------------------
// The package.

const REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const WORKSHEET_REL = `${REL_NS}/worksheet`;
const TABLE_REL = `${REL_NS}/table`;
const CALC_PR_FOLLOWERS = new Set([
  "oleSize",
  "customWorkbookViews",
  "pivotCaches",
  "smartTagPr",
  "smartTagTypes",
  "webPublishing",
  "fileRecoveryPr",
  "webPublishObjects",
  "extLst",
]);
// Relationship types end the same in transitional and strict (purl.oclc.org) packages.
const isRel = (kind: string) => (r: Readonly<Record<string, string>>) => (r.Type ?? "").endsWith(`/relationships/${kind}`);
const WORKSHEET_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml";
const TABLE_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.table+xml";

const nextFree = (taken: (n: number) => boolean) => {
  let n = 1;
  while (taken(n)) n++;
  return n;
};

/** A relationships part's entries (Id, Type, Target...). */
const relsOf = (rels: string): Readonly<Record<string, string>>[] => new XmlDoc(rels).all("Relationship").map((n) => n.attrs);

function addRel(rels: string, id: string, type: string, target: string): string {
  return editXml(rels, (d) => d.append(d.root, `<${d.root.prefix}Relationship Id="${id}" Type="${type}" Target="${esc(target)}"/>`));
}

function removeRel(rels: string, id: string): string {
  return editXml(rels, (d) =>
    d
      .all("Relationship")
      .filter((n) => n.attrs.Id === id)
      .forEach((n) => d.remove(n)),
  );
}

const emptyRels =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"></Relationships>';

function addOverride(types: string, part: string, type: string): string {
  return editXml(types, (d) => d.append(d.root, `<${d.root.prefix}Override PartName="/${esc(part)}" ContentType="${type}"/>`));
}

const removeOverride = (types: string, part: string) =>
  editXml(types, (d) =>
    d
      .all("Override")
      .filter((n) => (n.attrs.PartName ?? "").toLowerCase() === `/${part}`.toLowerCase())
      .forEach((n) => d.remove(n)),
  );

function addDefault(types: string, extension: string, type: string): string {
  return editXml(types, (d) => {
    if (!d.all("Default").some((n) => (n.attrs.Extension ?? "").toLowerCase() === extension))
      d.prepend(d.root, `<${d.root.prefix}Default Extension="${extension}" ContentType="${type}"/>`);
  });
}

/** Column letters by position (0: A), for the new sheets' cells: the same few columns on every row. */
const columns: string[] = [];
// Whitespace a reader could drop without xml:space="preserve": at either end, a line break or tab, a run of spaces.
const LOOSE_SPACE = /^\s|\s$|[\t\n\r]| {2}/;
/**
 * A text cell of a new sheet (AIECON_Originals holds four on each of its rows, one per converted
 * formula): xml:space only where the text needs it, so the sheet is a fifth shorter to write and
 * deflate, and to read back on a restore.
 */
const inlineStringXml = (ref: string, v: string) =>
  `<c r="${ref}" t="inlineStr"><is><t${LOOSE_SPACE.test(v) ? ' xml:space="preserve"' : ""}>${escText(v)}</t></is></c>`;

/** A new sheet's part, row by row: a sheet as long as AIECON_Originals of a dense workbook is never one string. */
function* newSheetXml(sheet: NewSheet, tableRelIds: readonly string[]): Generator<string> {
  const cols = sheet.widths.size
    ? `<cols>${[...sheet.widths.entries()]
        .sort((a, b) => a[0] - b[0])
        .map(([c, w]) => `<col min="${c}" max="${c}" width="${w}" customWidth="1"/>`)
        .join("")}</cols>`
    : "";
  yield (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
    `<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="${REL_NS}">${cols}<sheetData>`
  );
  let piece = "";
  let r = -1;
  for (const row of sheet.rows) {
    r++;
    let cells = "";
    for (let c = 0; c < row.length; c++) {
      const v = row[c];
      if (v === "") continue;
      const ref = (columns[c] ??= columnLetters(c + 1)) + (r + 1);
      if (typeof v === "string") cells += inlineStringXml(ref, v);
      else {
        const e = valueEdit(v);
        if (e && e.kind !== "blank") cells += cellXml(ref, undefined, e);
      }
    }
    if (cells) piece += `<row r="${r + 1}">${cells}</row>`;
    if (piece.length > 1 << 18) {
      yield piece;
      piece = "";
    }
  }
  const tables = tableRelIds.length
    ? `<tableParts count="${tableRelIds.length}">${tableRelIds.map((id) => `<tablePart r:id="${id}"/>`).join("")}</tableParts>`
    : "";
  yield `${piece}</sheetData>${tables}</worksheet>`;
}

function tableXml(id: number, t: NewSheet["tables"][number]): string {
  const cols = t.columns.map((c, i) => `<tableColumn id="${i + 1}" name="${esc(c)}"/>`).join("");
  const style = t.style
    ? `<tableStyleInfo name="${esc(t.style)}" showFirstColumn="0" showLastColumn="0" showRowStripes="1" showColumnStripes="0"/>`
    : "";
  return (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
    `<table xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" id="${id}" name="${esc(t.name)}" displayName="${esc(t.name)}" ref="${t.ref}" headerRowCount="1">` +
    `<autoFilter ref="${t.ref}"/><tableColumns count="${t.columns.length}">${cols}</tableColumns>${style}</table>`
  );
}

const COMMENTS_REL = `${REL_NS}/comments`;
const VML_REL = `${REL_NS}/vmlDrawing`;
const COMMENTS_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.comments+xml";
const VML_TYPE = "application/vnd.openxmlformats-officedocument.vmlDrawing";
const NOTE_AUTHOR = "aiecon-share";

const commentXml = (ref: string, author: number, note: string, p = "") =>
  `<${p}comment ref="${ref}" authorId="${author}"><${p}text><${p}r><${p}t xml:space="preserve">${esc(note)}</${p}t></${p}r></${p}text></${p}comment>`;

// The hidden yellow box Excel draws for a note: a VML shape anchored next to the cell.
function noteShapeXml(id: number, ref: string): string {
  const { row, col } = splitRef(ref);
  return (
    `<v:shape id="_x0000_s${id}" type="#_x0000_t202" style="position:absolute;margin-left:59.25pt;margin-top:1.5pt;width:180pt;height:90pt;z-index:${id};visibility:hidden" fillcolor="#ffffe1" o:insetmode="auto">` +
    '<v:fill color2="#ffffe1"/><v:shadow on="t" color="black" obscured="t"/><v:path o:connecttype="none"/>' +
    '<v:textbox style="mso-direction-alt:auto"><div style="text-align:left"></div></v:textbox>' +
    `<x:ClientData ObjectType="Note"><x:MoveWithCells/><x:SizeWithCells/><x:Anchor>${col}, 15, ${row - 1}, 10, ${col + 3}, 15, ${row + 5}, 4</x:Anchor>` +
    `<x:AutoFill>False</x:AutoFill><x:Row>${row - 1}</x:Row><x:Column>${col - 1}</x:Column></x:ClientData></v:shape>`
  );
}

const vmlXml = (idBlock: number) =>
  '<xml xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:x="urn:schemas-microsoft-com:office:excel">' +
  `<o:shapelayout v:ext="edit"><o:idmap v:ext="edit" data="${idBlock}"/></o:shapelayout>` +
  '<v:shapetype id="_x0000_t202" coordsize="21600,21600" o:spt="202" path="m,l,21600r21600,l21600,xe"><v:stroke joinstyle="miter"/><v:path gradientshapeok="t" o:connecttype="rect"/></v:shapetype>' +
  "</xml>";

/**
 * Adds the notes as legacy comments (what Excel calls notes): into the sheet's comments part and
 * note drawing when it has them, else into new ones wired to the sheet. Returns the content types.
 */
async function addNotes(
  zip: JSZip,
  sheet: string,
  legacyDrawing: string | undefined,
  notes: ReadonlyMap<string, string>,
  types: string,
): Promise<{ types: string; addLegacyDrawing?: string }> {
  const relsPart = relsPathOf(sheet);
  let rels = zip.file(relsPart) ? await partText(zip, relsPart) : emptyRels;
  const relList: Readonly<Record<string, string>>[] = relsOf(rels);
  const newRelId = () => `rId${nextFree((k) => relList.some((r) => r.Id === `rId${k}`))}`;
  let addLegacyDrawing: string | undefined;

  const commentsRel = relList.find(isRel("comments"));
  let commentsPart: string;
  if (commentsRel) commentsPart = resolveTarget(sheet, commentsRel.Target);
  else {
    commentsPart = `xl/comments${nextFree((k) => zip.file(`xl/comments${k}.xml`) !== null)}.xml`;
    zip.file(
      commentsPart,
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<comments xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><authors></authors><commentList></commentList></comments>',
    );
    const id = newRelId();
    relList.push({ Id: id });
    rels = addRel(rels, id, COMMENTS_REL, `../${commentsPart.slice(3)}`);
    types = addOverride(types, commentsPart, COMMENTS_TYPE);
  }

  let vmlPart: string;
  const legacyRel = legacyDrawing !== undefined ? relList.find((r) => r.Id === legacyDrawing) : undefined;
  if (legacyRel) vmlPart = resolveTarget(sheet, legacyRel.Target);
  else {
    vmlPart = `xl/drawings/vmlDrawing${nextFree((k) => zip.file(`xl/drawings/vmlDrawing${k}.vml`) !== null)}.vml`;
    // Each note drawing owns a block of 1024 shape ids, named by its idmap; take an unused block.
    const blocks: number[] = [];
    for (const p of Object.keys(zip.files).filter((f) => /\.vml$/i.test(f))) {
      for (const m of (await partText(zip, p)).matchAll(/<o:idmap\b[^>]*data="([^"]*)"/g)) blocks.push(...m[1].split(",").map(Number));
    }
    zip.file(vmlPart, vmlXml(Math.max(0, ...blocks) + 1));
    const id = newRelId();
    relList.push({ Id: id });
    rels = addRel(rels, id, VML_REL, `../${vmlPart.slice(3)}`);
    types = addDefault(types, "vml", VML_TYPE);
    // The sheet itself gets its <legacyDrawing> as it streams through SheetPatcher.
    addLegacyDrawing = id;
  }

  let comments = await partText(zip, commentsPart);
  let author = -1;
  comments = editXml(comments, (d) => {
    const p = d.root.prefix;
    const authors = d.all("author");
    author = authors.findIndex((a) => a.text === NOTE_AUTHOR);
    if (author >= 0) return;
    author = authors.length;
    const list = d.first("authors", 2);
    if (list) d.append(list, `<${p}author>${NOTE_AUTHOR}</${p}author>`);
    else d.prepend(d.root, `<${p}authors><${p}author>${NOTE_AUTHOR}</${p}author></${p}authors>`);
  });
  let vml = await partText(zip, vmlPart);
  let shapeId = Math.max(
    ...[...vml.matchAll(/_x0000_s(\d+)/g)].map((m) => Number(m[1])),
    1024 * Number(/<o:idmap\b[^>]*data="(\d+)/.exec(vml)?.[1] ?? 1),
  );
  comments = editXml(comments, (d) => {
    const p = d.root.prefix;
    const existing = new Map(d.all("comment").map((c) => [c.attrs.ref, c]));
    let added = "";
    for (const [ref, note] of notes) {
      // A cell that had a note keeps its box; the conversion's note replaces the text, as in the pane.
      const had = existing.get(ref);
      if (had) d.replace(had, commentXml(ref, author, note, p));
      else {
        added += commentXml(ref, author, note, p);
        // VML is not always well-formed XML (Excel writes <br> unclosed): the shape goes in as text.
        vml = vml.replace(/<\/xml>\s*$/, `${noteShapeXml(++shapeId, ref)}</xml>`);
      }
    }
    const list = d.first("commentList", 2);
    if (added && list) d.append(list, added);
    else if (added) d.append(d.root, `<${p}commentList>${added}</${p}commentList>`);
  });
  zip.file(commentsPart, comments);
  zip.file(vmlPart, vml);
  zip.file(relsPart, rels);
  return { types, addLegacyDrawing };
}

/**
 * Takes the notes the conversion wrote at `refs` off a sheet (isShareNote: a user's own note on
 * such a cell stays): their comments and their note boxes. A comments part or note drawing left
 * empty goes too (with its relationship and content type), so a restore leaves no empty notes
 * behind. Returns the content types.
 */
async function removeNotes(
  zip: JSZip,
  sheet: string,
  legacyDrawing: string | undefined,
  refs: ReadonlySet<string>,
  types: string,
): Promise<{ types: string; removeLegacyDrawing?: boolean }> {
  const relsPart = relsPathOf(sheet);
  // A sheet without relationships has no notes to take away.
  if (!zip.file(relsPart)) return { types };
  let rels = await partText(zip, relsPart);
  const relList = relsOf(rels);
  const commentsRel = relList.find(isRel("comments"));
  if (!commentsRel) return { types };
  let removeLegacyDrawing = false;
  const commentsPart = resolveTarget(sheet, commentsRel.Target);
  let left = 0;
  const removed = new Set<string>();
  const comments = editXml(await partText(zip, commentsPart), (d) =>
    d.all("comment").forEach((c) => {
      const ref = c.attrs.ref ?? "";
      if (refs.has(ref) && isShareNote(c.text)) {
        d.remove(c);
        removed.add(ref);
      } else left++;
    }),
  );
  if (!removed.size) return { types };
  if (!left) {
    zip.remove(commentsPart);
    rels = removeRel(rels, commentsRel.Id);
    types = removeOverride(types, commentsPart);
  } else zip.file(commentsPart, comments);
  const vmlRel = legacyDrawing !== undefined ? relList.find((r) => r.Id === legacyDrawing) : undefined;
  if (vmlRel) {
    const vmlPart = resolveTarget(sheet, vmlRel.Target);
    const cells = new Set([...removed].map((a) => splitRef(a)).map(({ row, col }) => `${row - 1}:${col - 1}`));
    const vml = (await partText(zip, vmlPart)).replace(/<v:shape\b[^>]*>[\s\S]*?<\/v:shape>/g, (shape) => {
      if (!/ObjectType="Note"/.test(shape)) return shape;
      const at = `${/<x:Row>\s*(\d+)/.exec(shape)?.[1]}:${/<x:Column>\s*(\d+)/.exec(shape)?.[1]}`;
      return cells.has(at) ? "" : shape;
    });
    if (!/<v:shape\b/.test(vml)) {
      zip.remove(vmlPart);
      rels = removeRel(rels, vmlRel.Id);
      removeLegacyDrawing = true;
      // The content type a conversion declared for its note drawing goes with the last of them.
      if (!Object.keys(zip.files).some((f) => /\.vml$/i.test(f)))
        types = editXml(types, (d) =>
          d
            .all("Default")
            .filter((n) => (n.attrs.Extension ?? "").toLowerCase() === "vml")
            .forEach((n) => d.remove(n)),
        );
    } else zip.file(vmlPart, vml);
  }
  if (relsOf(rels).length) zip.file(relsPart, rels);
  else zip.remove(relsPart);
  return { types, removeLegacyDrawing };
}

/**
 * Takes a sheet out of the workbook part, its relationships and content types. Sheet-scoped names
 * count sheets by position, so those after it move down one (and its own go).
 */
export function removeSheet(workbook: string, wbRels: string, types: string, name: string) {
  const doc = new XmlDoc(workbook);
  const sheets = doc.all("sheet");
  const k = sheets.findIndex((n) => n.attrs.name === name);
  if (k < 0) return undefined;
  const rid = Object.entries(sheets[k].attrs).find(([a]) => a.endsWith(":id"))?.[1];
  const rel = relsOf(wbRels).find((r) => r.Id === rid);
  if (!rel) return undefined;
  const part = resolveTarget("xl/workbook.xml", rel.Target);
  doc.remove(sheets[k]);
  const names = doc.all("definedName");
  let kept = 0;
  for (const d of names) {
    const local = d.attrs.localSheetId;
    if (local === undefined || Number(local) < k) kept++;
    else if (Number(local) === k) doc.remove(d);
    else {
      doc.setAttrs(d, { localSheetId: String(Number(local) - 1) });
      kept++;
    }
  }
  const list = doc.first("definedNames");
  if (list && names.length && !kept) {
    // The list would be empty: it goes (its names' removals are part of it).
    const again = new XmlDoc(doc.toString());
    const emptyList = again.first("definedNames")!;
    again.remove(emptyList);
    workbook = again.toString();
  } else workbook = doc.toString();
  workbook = editXml(workbook, (d) => {
    for (const v of d.all("workbookView")) {
      const moved: Record<string, string> = {};
      for (const a of ["activeTab", "firstSheet"]) if (Number(v.attrs[a] ?? 0) > k) moved[a] = String(Number(v.attrs[a]) - 1);
      if (Object.keys(moved).length) d.setAttrs(v, moved);
    }
  });
  wbRels = removeRel(wbRels, rel.Id);
  types = removeOverride(types, part);
  return { workbook, wbRels, types, part };
}

/**
 * A sheet part streamed through SheetPatcher: the new part, piece by piece. Its bytes go in as they
 * are inflated: the rows nothing changes come out as those very bytes, the rest as text.
 */
function patchedStream(zip: JSZip, part: string, patch: SheetPatch, onBytes: (n: number) => void): Readable {
  const patcher = new SheetPatcher(patch);
  const pushAll = (stream: Transform, pieces: (string | Buffer)[]) => {
    for (const piece of pieces) stream.push(typeof piece === "string" ? Buffer.from(piece) : piece);
  };
  const transform = new Transform({
    transform(chunk: Buffer, _enc, done) {
      try {
        onBytes(chunk.length);
        // (In pieces of TEXT_PIECE bytes: the patcher makes a string of each piece it reads.)
        for (let at = 0; at < chunk.length; at += TEXT_PIECE) pushAll(this, patcher.writeBytes(chunk.subarray(at, at + TEXT_PIECE)));
        done();
      } catch (e) {
        done(e as Error);
      }
    },
    flush(done) {
      try {
        pushAll(this, patcher.endBytes());
        done();
      } catch (e) {
        done(e as Error);
      }
    },
  });
  const source = partStream(zip.file(part)!);
  source.on("error", (e: Error) => transform.destroy(e));
  return source.pipe(transform);
}

/** A shared formula group number above every one the sheet uses (si is an unsigned 32-bit number), or undefined when none is left. */
function unusedGroupNumber(used: Iterable<string>): number | undefined {
  let next = 0;
  for (const si of used) if (/^\d+$/.test(si)) next = Math.max(next, Number(si) + 1);
  return next < 2 ** 31 ? next : undefined;
}

/**
 * Applies the plan to the original package (loaded in `zip`, which this changes) and returns the
 * new package as a stream; every part the plan does not name keeps its bytes, and the changed
 * sheets stream through SheetPatcher as the output is written.
 */
export async function patchPackage(
  zip: JSZip,
  plan: PatchPlan,
  book: Book,
  shapes: ReadonlyMap<string, SheetShape>,
  progress: (stage: string) => void = () => undefined,
  /** On a restore: the calcPr the conversion recorded, put back exactly (null: none); undefined: recalculate on open. */
  restoreCalcPr?: XmlAttributes | null,
): Promise<Readable> {
  const wbPart = "xl/workbook.xml";
  const wbRelsPart = relsPathOf(wbPart);
  let workbook = await partText(zip, wbPart);
  let wbRels = await partText(zip, wbRelsPart);
  let types = await partText(zip, "[Content_Types].xml");

  const rels = relsOf(wbRels);
  const sheetPart = new Map(book.sheets.filter((x) => x.worksheet).map((x) => [x.name, x.part]));
  for (const name of plan.cells.keys()) if (!sheetPart.has(name)) throw new Error(`aiecon-share cannot find sheet ${name} in the package.`);

  // Cells: the edited sheets, and the formulas that depend on edited cells (their cached results
  // go); every other formula keeps the value it shows.
  const changed = new Map([...plan.cells].map(([sheet, edits]) => [sheet, CellEdits.of(edits, splitRef).positions()]));
  const index = plan.takeIndex();
  const stale = index.dependentsBySheet(changed);
  const staleCells = stale === "all" ? undefined : stale;
  const patches = new Map<string, SheetPatch & { addLegacyDrawing?: string; removeLegacyDrawing?: boolean }>();
  for (const [name, part] of sheetPart) {
    const edits = plan.takeCells(name);
    // (cellKey names a sheet by its name in lower case.)
    const rows = staleCells?.get(cellKey(name, 0, 0).slice(0, -"\u00000\u00000".length));
    const hasStale = staleCells ? rows !== undefined : index.hasFormulas(name);
    if (!edits && !hasStale) continue;
    // Every formula is stale when the analysis gave up; else the cells it found, by row. The rows
    // without one (and without an edit) are copied unparsed.
    const sharedRows = shapes.get(name)?.sharedRows;
    const shared = { sharedRows, sharedFrom: sharedRows && unusedGroupNumber(sharedRows.keys()) };
    const patch: SheetPatch = !staleCells
      ? { edits: edits ?? new Map(), stale: () => true, ...shared }
      : {
          edits: edits ?? new Map(),
          stale: (row, col) => rows?.holds(row, col) ?? false,
          staleRow: (row) => rows?.holdsRow(row) ?? false,
          ...shared,
        };
    patches.set(part, patch);
  }
  // Tables that grew: rows were appended above, the table and its filter now cover them.
  const tableParts = Object.keys(zip.files).filter((p) => /^xl\/tables\/[^/]+\.xml$/i.test(p));
  let maxTableId = 0;
  for (const p of tableParts) {
    const doc = new XmlDoc(await partText(zip, p));
    const table = doc.root;
    if (table?.name !== "table") continue;
    maxTableId = Math.max(maxTableId, Number(table.attrs.id ?? 0));
    const ref = [...plan.tableRefs].find(
      ([n]) => n.toLowerCase() === (table.attrs.name ?? table.attrs.displayName ?? "").toLowerCase(),
    )?.[1];
    if (!ref) continue;
    doc.setAttrs(table, { ref });
    const filter = doc.first("autoFilter", 2);
    if (filter) doc.setAttrs(filter, { ref });
    zip.file(p, doc.toString());
  }

  // New sheets (AIECON_Originals, "AI Prices" with its table), appended after the existing ones.
  let sheetId = Math.max(0, ...new XmlDoc(workbook).all("sheet").map((n) => Number(n.attrs.sheetId ?? 0)));
  const newParts = new Map<string, () => Readable>();
  const relIds = new Set(rels.map((r) => r.Id));
  for (const sheet of plan.newSheets) {
    const n = nextFree((k) => zip.file(`xl/worksheets/sheet${k}.xml`) !== null);
    const part = `xl/worksheets/sheet${n}.xml`;
    const tableRelIds: string[] = [];
    let sheetRels = emptyRels;
    for (const t of sheet.tables) {
      const k = nextFree((i) => zip.file(`xl/tables/table${i}.xml`) !== null);
      zip.file(`xl/tables/table${k}.xml`, tableXml(++maxTableId, t));
      types = addOverride(types, `xl/tables/table${k}.xml`, TABLE_TYPE);
      const id = `rId${tableRelIds.length + 1}`;
      sheetRels = addRel(sheetRels, id, TABLE_REL, `../tables/table${k}.xml`);
      tableRelIds.push(id);
    }
    // A placeholder: the part's text streams in as the package is written.
    zip.file(part, "");
    newParts.set(part, () =>
      Readable.from(
        (function* () {
          for (const text of newSheetXml(sheet, tableRelIds)) yield Buffer.from(text);
        })(),
      ),
    );
    if (tableRelIds.length) zip.file(relsPathOf(part), sheetRels);
    types = addOverride(types, part, WORKSHEET_TYPE);
    const rid = `rId${nextFree((k) => relIds.has(`rId${k}`))}`;
    relIds.add(rid);
    wbRels = addRel(wbRels, rid, WORKSHEET_REL, `worksheets/sheet${n}.xml`);
    const state = sheet.veryHidden ? ' state="veryHidden"' : "";
    const id = ++sheetId;
    workbook = editXml(workbook, (d) => {
      const r = d.prefixFor(REL_NS, "r");
      d.append(d.first("sheets", 2)!, `<${d.root.prefix}sheet name="${esc(sheet.name)}" sheetId="${id}"${state} ${r}id="${rid}"/>`);
    });
  }

  // Formulas changed: Excel must compute everything on open, and a stale calc chain makes it "repair" the file.
  // A restore gives back the workbook's own calcPr attributes as the conversion recorded them, and still
  // asks for the full calculation on open: the formulas it puts back (and those that read them) carry no
  // cached result, and without it Excel would show them empty until the user recalculates.
  workbook = editXml(workbook, (d) => {
    const calcPr = d.first("calcPr", 2);
    const wanted = { ...((restoreCalcPr === undefined ? calcPr?.attrs : restoreCalcPr) ?? {}), fullCalcOnLoad: "1" };
    const element = `<${d.root.prefix}calcPr${Object.entries(wanted)
      .map(([k, v]) => ` ${k}="${esc(v)}"`)
      .join("")}/>`;
    if (calcPr && restoreCalcPr === undefined) return d.setAttrs(calcPr, wanted);
    if (calcPr) return d.replace(calcPr, element);
    // The schema's order: calcPr comes right before the first of these (or the end of the workbook).
    const after = d.children(d.root).find((n) => CALC_PR_FOLLOWERS.has(n.name));
    d.insertAt(after ? after.start : d.xml.lastIndexOf("<", d.root.end - 1), element);
  });
  for (const rel of rels.filter(isRel("calcChain"))) {
    const part = resolveTarget(wbPart, rel.Target);
    zip.remove(part);
    types = removeOverride(types, part);
    wbRels = removeRel(wbRels, rel.Id);
  }

  const patchOf = (part: string) => {
    if (!patches.has(part)) patches.set(part, { edits: new Map(), stale: () => false, staleRow: () => false });
    return patches.get(part)!;
  };
  for (const [name, notes] of plan.removedNotes) {
    const part = sheetPart.get(name);
    if (!part) continue;
    const r = await removeNotes(zip, part, shapes.get(name)?.legacyDrawing, notes, types);
    types = r.types;
    if (r.removeLegacyDrawing) patchOf(part).removeLegacyDrawing = true;
  }
  for (const [name, notes] of plan.notes) {
    const part = sheetPart.get(name);
    if (!part) throw new Error(`aiecon-share cannot find sheet ${name} in the package.`);
    const r = await addNotes(zip, part, shapes.get(name)?.legacyDrawing, notes, types);
    types = r.types;
    if (r.addLegacyDrawing) patchOf(part).addLegacyDrawing = r.addLegacyDrawing;
  }
  for (const name of plan.removedSheets) {
    const removed = removeSheet(workbook, wbRels, types, name);
    if (!removed) continue;
    ({ workbook, wbRels, types } = removed);
    // Its tables go with it (the price table a restore takes away), and their content types.
    const sheetRels = zip.file(relsPathOf(removed.part)) ? relsOf(await partText(zip, relsPathOf(removed.part))) : [];
    for (const rel of sheetRels.filter(isRel("table"))) {
      const table = resolveTarget(removed.part, rel.Target);
      zip.remove(table);
      zip.remove(relsPathOf(table));
      types = removeOverride(types, table);
    }
    zip.remove(removed.part);
    zip.remove(relsPathOf(removed.part));
  }

  zip.file(wbPart, workbook);
  zip.file(wbRelsPart, wbRels);
  zip.file("[Content_Types].xml", types);
  // A removed sheet is not patched.
  // Progress is the share of the patched sheets' text streamed through (they are the long part).
  const live = [...patches].filter(([part]) => zip.file(part));
  // (The scan counted each sheet's bytes as it read it whole; a sheet it did not is counted here.)
  for (const [part] of live) await countBeforeReading(zip, part);
  const total = live.reduce((n, [part]) => n + unpackedSize(zip.file(part)), 0) || 1;
  let read = 0;
  let shown = -1;
  const onBytes = (n: number) => {
    read += n;
    const pct = Math.min(100, Math.floor((read / total) * 100));
    if (pct !== shown) progress(`writing ${(shown = pct)}%`);
  };
  // Every part not patched keeps its compressed bytes as they were; the patched sheets are
  // deflated by Node's zlib as they stream (zipWriter.ts). An error of a sheet the patcher refuses
  // midway ends the output stream with that error, so nothing half-written is kept.
  // Each patch is handed to its stream once, and nothing else keeps it: a sheet's edits go with its patcher.
  const streams = new Map<string, () => Readable>([
    ...newParts,
    ...live.map(([part, patch]) => {
      let held: SheetPatch | undefined = patch;
      const stream = () => {
        if (!held) throw new Error(`aiecon-share: ${part} was written already.`);
        const taken = held;
        held = undefined;
        return patchedStream(zip, part, taken, onBytes);
      };
      return [part, stream] as const;
    }),
  ]);
  patches.clear();
  return writeZip(zip, streams);
}
