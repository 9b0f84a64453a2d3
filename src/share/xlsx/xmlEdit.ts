// Edits of the package's small XML parts (workbook, relationships, content types, tables, notes)
// found with an XML parser (saxes), whatever their namespace prefix or quoting, and applied as
// splices of the original text: every byte the edit does not name stays as it was.
import { SaxesParser } from "saxes";
import { RefusedInput } from "./refused";
import { esc } from "./sheetXml";

/** The most elements one small part may hold (about 300 bytes of memory each): 100,000 notes take 500,000. */
export const MAX_PART_ELEMENTS = 1_000_000;

/**
 * The deepest nesting a part may have. SpreadsheetML nests a dozen levels (extensions a few more);
 * 900,000 nested elements in a 10 KB file took 41 s and 1 GB through the parsers downstream.
 */
export const MAX_XML_DEPTH = 256;

export interface XmlNode {
  /** Local name (no prefix). */
  readonly name: string;
  /** The name as written, with its prefix. */
  readonly qname: string;
  readonly prefix: string;
  readonly attrs: Readonly<Record<string, string>>;
  readonly depth: number;
  /** Where the element starts, where its opening tag ends, where it ends (absolute offsets). */
  readonly start: number;
  readonly openEnd: number;
  end: number;
  readonly selfClosing: boolean;
  /** Its text content (all descendants' text), joined when asked for. */
  readonly text: string;
}

/** The refusal of a part nested deeper than MAX_XML_DEPTH (shared by the parts read whole and the streamed ones). */
export const tooDeep = () =>
  new RefusedInput(
    `aiecon-share cannot read this workbook: one of its parts nests elements more than ${MAX_XML_DEPTH} deep, which no workbook Excel writes does.`,
  );

interface Splice {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

/**
 * An element's text is the run of text pieces between its opening and closing tags: each node
 * keeps where that run starts and ends in the document's one list of pieces, and joins it only
 * when asked. (Appending each piece to every open element instead is quadratic in the nesting:
 * 100,000 nested elements made a 3.8 KB part take 4 GB.)
 */
class Node implements XmlNode {
  end: number;
  /** The document's pieces from index `first` up to (not including) `last`; last is -1 while open. */
  last = -1;
  constructor(
    private readonly pieces: readonly string[],
    readonly name: string,
    readonly qname: string,
    readonly prefix: string,
    readonly attrs: Readonly<Record<string, string>>,
    readonly depth: number,
    readonly start: number,
    readonly openEnd: number,
    readonly selfClosing: boolean,
    private readonly first: number,
  ) {
    this.end = openEnd;
  }
  get text(): string {
    return this.selfClosing ? "" : this.pieces.slice(this.first, this.last < 0 ? this.pieces.length : this.last).join("");
  }
}

/** One small part, parsed once; edits are recorded against the original text and applied by toString(). */
export class XmlDoc {
  readonly nodes: XmlNode[] = [];
  private readonly splices: Splice[] = [];

  constructor(readonly xml: string) {
    const parser = new SaxesParser<{ xmlns: false; position: true }>({ xmlns: false, position: true });
    const open: Node[] = [];
    const pieces: string[] = [];
    parser.on("opentag", (tag) => {
      const openEnd = parser.position;
      const start = xml.lastIndexOf("<", openEnd - 1);
      const i = tag.name.indexOf(":");
      if (open.length >= MAX_XML_DEPTH) throw tooDeep();
      if (this.nodes.length >= MAX_PART_ELEMENTS)
        throw new RefusedInput(
          `aiecon-share cannot read this workbook: one of its parts holds more than ${MAX_PART_ELEMENTS.toLocaleString("en-US")} XML elements.`,
        );
      const attrs = { ...(tag.attributes as Record<string, string>) };
      const node = new Node(
        pieces,
        tag.name.slice(i + 1),
        tag.name,
        i >= 0 ? tag.name.slice(0, i + 1) : "",
        attrs,
        open.length + 1,
        start,
        openEnd,
        tag.isSelfClosing,
        pieces.length,
      );
      this.nodes.push(node);
      if (!tag.isSelfClosing) open.push(node);
    });
    parser.on("text", (t) => open.length && pieces.push(t));
    parser.on("closetag", (tag) => {
      if (tag.isSelfClosing) return;
      const node = open.pop()!;
      node.end = parser.position;
      node.last = pieces.length;
    });
    parser.write(xml).close();
  }

  get root(): XmlNode {
    return this.nodes[0];
  }
  all(name: string, depth?: number): XmlNode[] {
    return this.nodes.filter((n) => n.name === name && (depth === undefined || n.depth === depth));
  }
  first(name: string, depth?: number): XmlNode | undefined {
    return this.nodes.find((n) => n.name === name && (depth === undefined || n.depth === depth));
  }
  /** The element's children. */
  children(parent: XmlNode): XmlNode[] {
    return this.nodes.filter((n) => n.depth === parent.depth + 1 && n.start >= parent.openEnd && n.end <= parent.end);
  }
  source(n: XmlNode): string {
    return this.xml.slice(n.start, n.end);
  }

  private splice(start: number, end: number, text: string): void {
    if (this.splices.some((s) => start < s.end && s.start < end)) throw new Error("aiecon-share: overlapping edits of one XML part.");
    this.splices.push({ start, end, text });
  }

  /** Sets (or adds) attributes of the element: its opening tag is written anew, its content stays. */
  setAttrs(n: XmlNode, values: Readonly<Record<string, string>>): void {
    const attrs = { ...n.attrs, ...values };
    const tag = `<${n.qname}${Object.entries(attrs)
      .map(([k, v]) => ` ${k}="${esc(v)}"`)
      .join("")}${n.selfClosing ? "/>" : ">"}`;
    this.splice(n.start, n.openEnd, tag);
  }
  remove(n: XmlNode): void {
    this.splice(n.start, n.end, "");
  }
  replace(n: XmlNode, text: string): void {
    this.splice(n.start, n.end, text);
  }
  insertAt(at: number, text: string): void {
    this.splice(at, at, text);
  }
  /** Adds `text` as the element's last content (a self-closing element gets a closing tag). */
  append(n: XmlNode, text: string): void {
    if (!n.selfClosing) this.insertAt(this.xml.lastIndexOf("<", n.end - 1), text);
    else this.splice(n.start, n.end, `${this.xml.slice(n.start, n.end - 2).replace(/\s+$/, "")}>${text}</${n.qname}>`);
  }
  /** Adds `text` as the element's first content. */
  prepend(n: XmlNode, text: string): void {
    if (!n.selfClosing) this.insertAt(n.openEnd, text);
    else this.append(n, text);
  }

  /** The prefix bound to `ns` on the root ("r:"), declaring `xmlns:<fallback>` there when none is. */
  prefixFor(ns: string, fallback: string): string {
    const bound = Object.entries(this.root.attrs).find(([k, v]) => k.startsWith("xmlns:") && v === ns);
    if (bound) return `${bound[0].slice(6)}:`;
    // A strict package binds the prefix to its own relationships namespace: that one is meant.
    if (`xmlns:${fallback}` in this.root.attrs) return `${fallback}:`;
    this.setAttrs(this.root, { [`xmlns:${fallback}`]: ns });
    return `${fallback}:`;
  }

  toString(): string {
    let out = this.xml;
    for (const s of [...this.splices].sort((a, b) => b.start - a.start || b.end - a.end))
      out = out.slice(0, s.start) + s.text + out.slice(s.end);
    return out;
  }
}

/** Parses `xml`, lets `edit` record its changes, and returns the edited text. */
export function editXml(xml: string, edit: (doc: XmlDoc) => void): string {
  const doc = new XmlDoc(xml);
  edit(doc);
  return doc.toString();
}
