// The help page Excel's "More help on this function" opens, in the local build (dist/, which
// npm test builds first): generated from the functions' JSDoc, one section per function, and
// descriptions short enough for the autocomplete tooltip.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { DEV_ORIGIN } from "../../scripts/build/deployTarget.cjs";
import { helpUrlOf, jsdocExtras, renderHelpPage, sectionId } from "../../scripts/build/helpPage.cjs";
import { helpSectionIds } from "../../scripts/build/productionChecks.cjs";

const root = join(__dirname, "..", "..");
const dist = join(root, "dist");
const SOURCES = ["functions.ts", "scenarioFunctions.ts", "classificationFunctions.ts", "varianceFunctions.ts"].map((f) => join(root, "src", "functions", f));

interface FunctionMetadata {
  id: string;
  name: string;
  description: string;
  helpUrl: string;
  parameters: Array<{ name: string; description: string; optional?: boolean }>;
}
let functions: FunctionMetadata[];
let html: string;
beforeAll(() => {
  functions = JSON.parse(readFileSync(join(dist, "functions.json"), "utf8")).functions;
  html = readFileSync(join(dist, "help.html"), "utf8");
});

/** The text of a function's section, tags stripped, entities decoded. */
function sectionText(id: string): string {
  const start = html.search(new RegExp(`<section id="?${sectionId(id)}"?[ >]`));
  expect(start).toBeGreaterThanOrEqual(0);
  const section = html.slice(start, html.indexOf("</section>", start));
  return section
    .replace(/<[^>]+>/g, " ")
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&")
    .replace(/\s+/g, " ");
}

describe("help.html in the local build", () => {
  it("has a section for every function in functions.json, and every helpUrl resolves to one", () => {
    const sections = helpSectionIds(html);
    expect(functions.length).toBeGreaterThanOrEqual(13);
    for (const fn of functions) {
      expect(fn.helpUrl).toBe(helpUrlOf(DEV_ORIGIN, fn.id));
      const [page, anchor] = fn.helpUrl.split("#");
      expect(page).toBe(`${DEV_ORIGIN}/help.html`);
      expect(sections.has(anchor)).toBe(true);
    }
    expect(sections.size).toBe(functions.length);
  });

  it("shows each function's signature, description and every argument's help from the same metadata", () => {
    for (const fn of functions) {
      const text = sectionText(fn.id);
      const signature = `=AIECON.${fn.name}(${fn.parameters.map((p) => (p.optional ? `[${p.name}]` : p.name)).join(", ")})`;
      expect(text).toContain(signature);
      expect(text).toContain(fn.description);
      for (const p of fn.parameters) expect(text).toContain(p.description);
      expect(text).toMatch(/Returns: \S/);
    }
  });

  it("carries the longer explanations (@remarks) that the autocomplete tooltip leaves out", () => {
    expect(sectionText("COSTCURVE")).toContain("capped at context_cap_tokens");
    expect(sectionText("COSTCURVE")).toContain("=SUM(B$2:B2)");
    expect(sectionText("CLASSIFY")).toContain("not the resource type");
    expect(sectionText("TOKENCOUNT")).toContain("next recalculation tries again");
    expect(sectionText("COSTBRIDGE")).toContain("logarithmic mean Divisia index");
    expect(sectionText("COSTBRIDGE")).toContain("blank when the total is 0");
  });

  it("loads nothing from anywhere: no scripts, no external styles or images", () => {
    expect(html).not.toMatch(/<script|<link|<img|<iframe/i);
  });
});

describe("function descriptions in Excel's autocomplete", () => {
  it("are short and self-contained: at most 130 characters, no references to documents a user cannot open", () => {
    for (const fn of functions) {
      expect(`${fn.id}: ${fn.description.length}`).toBe(`${fn.id}: ${Math.min(fn.description.length, 130)}`);
      for (const text of [fn.description, ...fn.parameters.map((p) => p.description)]) {
        expect(text).not.toMatch(/§|domain\.md|\bdomain\b/i);
      }
    }
  });
});

describe("the local build's manifest", () => {
  it("is the development manifest unchanged (npm start and sideloading keep working)", () => {
    expect(readFileSync(join(dist, "manifest.xml"), "utf8")).toBe(readFileSync(join(root, "manifest.xml"), "utf8"));
  });
});

describe("renderHelpPage", () => {
  const fn = { id: "X", name: "X", description: "Cost <b> & co", parameters: [{ name: "a", description: 'say "hi"', optional: true }], result: {} };

  it("escapes text from the JSDoc and renders remarks' lists", () => {
    const page = renderHelpPage([fn], { X: { remarks: "First line.\n\n- one\n- two", returns: "$ per 1M tokens." } });
    expect(page).toContain("Cost &lt;b&gt; &amp; co");
    expect(page).toContain("say &quot;hi&quot;");
    expect(page).toContain("<ul><li>one</li><li>two</li></ul>");
    expect(page).toContain("=AIECON.X([a])");
    expect(page).toContain("$ per 1M tokens.");
  });

  it("reads @remarks and @returns of every @customfunction in the sources", () => {
    const extras = jsdocExtras(SOURCES);
    expect(Object.keys(extras).sort()).toEqual(functions.map((f) => f.id).sort());
    for (const id of Object.keys(extras)) expect(extras[id].returns.length).toBeGreaterThan(5);
  });
});
