// The add-in's help page (help.html), generated at build time from the functions' JSDoc: the
// metadata generator's functions.json (description, parameters, result) plus each function's
// @remarks and @returns, read from the same source files. So the page cannot drift from what Excel's
// autocomplete shows. The plugin also gives every function in functions.json a helpUrl to its
// section ("More help on this function" in Excel), which depends on where the add-in is hosted.
const { readFileSync } = require("node:fs");
const ts = require("typescript");

const HELP_FILE = "help.html";

/** The page's anchor of a function: its id in lower case ("costperinteraction"). */
const sectionId = (functionId) => functionId.toLowerCase();

/** Absolute URL of a function's help section under the add-in's base URL. */
const helpUrlOf = (baseUrl, functionId) => `${baseUrl}/${HELP_FILE}#${sectionId(functionId)}`;

/**
 * What functions.json leaves out of each @customfunction's JSDoc, by function id: its @remarks
 * (the longer explanation) and its @returns, read from the TypeScript sources.
 */
function jsdocExtras(sourceFiles) {
  const extras = {};
  const textOf = (tags, name) =>
    tags
      .filter((t) => t.tagName.text === name)
      .map((t) => ts.getTextOfJSDocComment(t.comment) ?? "")
      .join("\n")
      .trim();
  for (const file of sourceFiles) {
    const source = ts.createSourceFile(file, readFileSync(file, "utf8"), ts.ScriptTarget.Latest, true);
    const visit = (node) => {
      if (ts.isFunctionDeclaration(node)) {
        const tags = ts.getJSDocTags(node);
        const cf = tags.find((t) => t.tagName.text === "customfunction");
        if (cf) {
          const declared = ts.getTextOfJSDocComment(cf.comment)?.trim().split(/\s+/)[0];
          const id = (declared || node.name?.text || "").toUpperCase();
          extras[id] = { remarks: textOf(tags, "remarks"), returns: textOf(tags, "returns") };
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return extras;
}

const escapeHtml = (s) =>
  String(s).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/** Remarks text as paragraphs; lines starting with "- " become a list. */
function paragraphs(text) {
  const blocks = text.split(/\n\s*\n/).map((b) => b.trim()).filter(Boolean);
  return blocks
    .map((block) => {
      const lines = block.split("\n").map((l) => l.trim());
      if (lines.every((l) => l.startsWith("- "))) return `<ul>${lines.map((l) => `<li>${escapeHtml(l.slice(2))}</li>`).join("")}</ul>`;
      return `<p>${escapeHtml(lines.join(" "))}</p>`;
    })
    .join("\n");
}

function signature(fn) {
  const args = fn.parameters.map((p) => (p.optional ? `[${p.name}]` : p.name)).join(", ");
  return `=AIECON.${fn.name}(${args})`;
}

function functionSection(fn, { remarks = "", returns = "" } = {}) {
  const params = fn.parameters.length
    ? `<table><thead><tr><th scope="col">Argument</th><th scope="col">What to give</th></tr></thead><tbody>${fn.parameters
        .map(
          (p) =>
            `<tr><td><code>${escapeHtml(p.name)}</code>${p.optional ? " <span class=\"opt\">optional</span>" : ""}${
              p.dimensionality === "matrix" ? " <span class=\"opt\">range</span>" : ""
            }</td><td>${escapeHtml(p.description ?? "")}</td></tr>`,
        )
        .join("")}</tbody></table>`
    : "<p>No arguments.</p>";
  const spills = fn.result?.dimensionality === "matrix" && !/spill/i.test(returns) ? " (spills into the cells below and to the right)" : "";
  return `<section id="${sectionId(fn.id)}" aria-labelledby="${sectionId(fn.id)}-h">
<h2 id="${sectionId(fn.id)}-h">AIECON.${escapeHtml(fn.name)}</h2>
<p class="sig"><code>${escapeHtml(signature(fn))}</code></p>
<p>${escapeHtml(fn.description)}</p>
${remarks ? paragraphs(remarks) : ""}
${params}
<p><strong>Returns:</strong> ${escapeHtml(returns)}${spills}</p>
<p class="top"><a href="#contents">Back to the list of functions</a></p>
</section>`;
}

/** The whole help page: units and errors first, then one section per function in functions.json order. */
function renderHelpPage(functions, extras = {}) {
  const toc = functions.map((fn) => `<li><a href="#${sectionId(fn.id)}">AIECON.${escapeHtml(fn.name)}</a> — ${escapeHtml(fn.description)}</li>`).join("\n");
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>AI Unit Economics — function help</title>
<style>
:root { color-scheme: light dark; --fg: #242424; --bg: #fff; --muted: #616161; --line: #e0e0e0; --accent: #0f6cbd; }
@media (prefers-color-scheme: dark) { :root { --fg: #f0f0f0; --bg: #1f1f1f; --muted: #c0c0c0; --line: #3d3d3d; --accent: #62abf5; } }
body { font: 15px/1.5 "Segoe UI", system-ui, sans-serif; color: var(--fg); background: var(--bg); margin: 0 auto; padding: 1rem 1.25rem 3rem; max-width: 54rem; }
a { color: var(--accent); }
h1 { font-size: 1.6rem; margin: 0.5rem 0; }
h2 { font-size: 1.25rem; margin: 2.25rem 0 0.5rem; padding-top: 0.75rem; border-top: 1px solid var(--line); }
code { font-family: Consolas, "Cascadia Mono", monospace; font-size: 0.95em; overflow-wrap: anywhere; }
.sig code { font-size: 1rem; }
table { border-collapse: collapse; width: 100%; margin: 0.5rem 0; }
th, td { text-align: left; vertical-align: top; padding: 0.35rem 0.5rem; border-bottom: 1px solid var(--line); }
th { color: var(--muted); font-weight: 600; }
td:first-child { width: 35%; }
td { overflow-wrap: anywhere; }
.opt { color: var(--muted); font-size: 0.85em; }
.top { font-size: 0.9em; }
</style>
</head>
<body>
<main>
<h1>AI Unit Economics: function help</h1>
<p>Type <code>=AIECON.</code> in a cell to see these functions in Excel's autocomplete; "More help on this function" opens the function's section here.</p>
<h2 id="units">Units and conventions</h2>
<ul>
<li>Every price is in <strong>$ per 1 million tokens</strong>. Prices quoted per 1,000 tokens: multiply by 1,000.</li>
<li>Money results are US dollars; costs per user are <strong>$ per user per month</strong>.</li>
<li>Shares are fractions: 0.2 = 20%. Format such cells as %.</li>
<li>Model names are looked up in the workbook's <code>AIECON_Prices</code> table first (the AI Prices pane on the Home tab), then in the bundled price table; <code>AIECON.PRICESASOF()</code> gives the date of the prices in use.</li>
</ul>
<h2 id="errors">When a cell shows an error</h2>
<p>Bad input never gives a number. A function returns <code>#VALUE!</code> (or <code>#N/A</code> for an unknown model or a price the table lacks) with a message that says what to fix: select the cell and hover over the error icon to read it. Blank cells in optional arguments count as omitted.</p>
<h2 id="contents">Functions</h2>
<ul>
${toc}
</ul>
${functions.map((fn) => functionSection(fn, extras[fn.id])).join("\n")}
</main>
</body>
</html>
`;
}

/**
 * Webpack plugin: adds helpUrl to every function in functions.json and emits help.html.
 * Runs after the metadata plugin has put functions.json among the compilation's assets.
 */
class HelpPagePlugin {
  constructor({ baseUrl, sources, metadataFile = "functions.json" }) {
    this.baseUrl = baseUrl;
    this.sources = sources;
    this.metadataFile = metadataFile;
  }

  apply(compiler) {
    const { Compilation, sources, WebpackError } = compiler.webpack;
    compiler.hooks.thisCompilation.tap("HelpPagePlugin", (compilation) => {
      compilation.hooks.processAssets.tap({ name: "HelpPagePlugin", stage: Compilation.PROCESS_ASSETS_STAGE_ADDITIONS }, () => {
        const asset = compilation.getAsset(this.metadataFile);
        if (!asset) {
          compilation.errors.push(new WebpackError(`HelpPagePlugin: ${this.metadataFile} was not generated, so there is no help to write.`));
          return;
        }
        const metadata = JSON.parse(asset.source.source().toString());
        for (const fn of metadata.functions) fn.helpUrl = helpUrlOf(this.baseUrl, fn.id);
        compilation.updateAsset(this.metadataFile, new sources.RawSource(JSON.stringify(metadata, null, 4)));
        compilation.emitAsset(HELP_FILE, new sources.RawSource(renderHelpPage(metadata.functions, jsdocExtras(this.sources))));
      });
    });
  }
}

module.exports = { HELP_FILE, HelpPagePlugin, helpUrlOf, renderHelpPage, jsdocExtras, sectionId };
