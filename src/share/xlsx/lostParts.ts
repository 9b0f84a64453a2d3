// Content a rewrite by exceljs would have dropped (charts, pivot tables, slicers, timelines,
// macros). The CLI never rewrites with exceljs any more (it patches the package); it counts these
// parts only to tell the user they were kept.
import JSZip from "jszip";

const KINDS: ReadonlyArray<{ readonly label: string; readonly matches: (part: string) => boolean }> = [
  { label: "charts", matches: (p) => /^xl\/charts\/chart\d*\.xml$/i.test(p) || /^xl\/chartsheets\/.+\.xml$/i.test(p) },
  { label: "pivot tables", matches: (p) => /^xl\/pivotTables\/.+\.xml$/i.test(p) },
  { label: "slicers", matches: (p) => /^xl\/slicers\/.+\.xml$/i.test(p) },
  { label: "timelines", matches: (p) => /^xl\/timelines\/.+\.xml$/i.test(p) },
  { label: "macros", matches: (p) => /^xl\/vbaProject\.bin$/i.test(p) },
];

export interface LostPart {
  readonly label: string;
  readonly count: number;
}

/** The kinds of content in an xlsx package that converting it with the CLI would lose. */
export async function partsLostInConversion(xlsx: Buffer | Uint8Array | JSZip): Promise<LostPart[]> {
  const zip = xlsx instanceof JSZip ? xlsx : await JSZip.loadAsync(xlsx);
  const names = Object.keys(zip.files);
  return KINDS.map(({ label, matches }) => ({ label, count: names.filter(matches).length })).filter((k) => k.count > 0);
}
