// Offline checks of a production dist/ before it is uploaded (Office's own validator needs the
// internet): the manifest names no localhost, its every URL is https under the base and names a
// file the build emitted, every icon has its declared size, the version is package.json's, every
// resid resolves, and every function's helpUrl lands on a section of the help page.
// Used by `npm run package` (which refuses to zip a failing build) and by the tests.
const { existsSync, readFileSync } = require("node:fs");
const { join } = require("node:path");
const { HELP_FILE } = require("./helpPage.cjs");

/** Width and height of a PNG, from its IHDR chunk; undefined when the file is not a PNG. */
function pngSize(bytes) {
  const signature = "89504e470d0a1a0a";
  if (bytes.length < 24 || bytes.subarray(0, 8).toString("hex") !== signature) return undefined;
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

const attributes = (xml, name) => [...xml.matchAll(new RegExp(`\\s${name}="([^"]*)"`, "g"))].map((m) => unescapeXml(m[1]));
const unescapeXml = (s) => s.replace(/&quot;/g, '"').replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");

/** Ids of the help page's sections (its elements with an id, quoted or not after minification). */
function helpSectionIds(html) {
  return new Set([...html.matchAll(/<section\b[^>]*\sid=(?:"([^"]+)"|'([^']+)'|([^\s>]+))/g)].map((m) => m[1] ?? m[2] ?? m[3]));
}

/**
 * Problems found in a production build in `dir`, built for `baseUrl` at manifest `version`; an
 * empty list when it can be uploaded as it is.
 */
function checkProductionDist(dir, { baseUrl, version }) {
  const problems = [];
  const base = baseUrl.replace(/\/+$/, "");
  const manifestPath = join(dir, "manifest.xml");
  if (!existsSync(manifestPath)) return [`${manifestPath} is missing`];
  const xml = readFileSync(manifestPath, "utf8");

  xml.split("\n").forEach((line, i) => {
    if (/localhost|127\.0\.0\.1/i.test(line)) problems.push(`manifest.xml line ${i + 1} names localhost: ${line.trim()}`);
  });

  /** The file a URL under the base names, or undefined when it is not under the base. */
  const fileOf = (url) => (url.startsWith(`${base}/`) ? decodeURIComponent(new URL(url).pathname.slice(new URL(base).pathname.replace(/\/$/, "").length + 1)) : undefined);

  const urls = attributes(xml, "DefaultValue").filter((v) => /^[a-z][a-z0-9+.-]*:\/\//i.test(v));
  if (urls.length === 0) problems.push("manifest.xml declares no URLs");
  for (const url of urls) {
    if (!url.startsWith("https://")) problems.push(`not https: ${url}`);
    const file = fileOf(url);
    if (file === undefined) problems.push(`not under ${base}/: ${url}`);
    else if (!existsSync(join(dir, file))) problems.push(`names a file the build did not emit: ${url}`);
  }
  const origin = new URL(base).origin;
  for (const domain of [...xml.matchAll(/<AppDomain>([^<]*)<\/AppDomain>/g)].map((m) => m[1].trim())) {
    if (domain !== origin) problems.push(`AppDomain ${domain} is not the base's origin ${origin}`);
  }

  const found = (xml.match(/<Version>([^<]*)<\/Version>/) || [])[1];
  if (found !== version) problems.push(`<Version> is ${found}, package.json says ${version}`);

  // Resources: every resid names a defined id; ids are unique.
  const ids = [...xml.matchAll(/<bt:(?:Image|Url|String)\s+id="([^"]+)"/g)].map((m) => m[1]);
  const defined = new Set(ids);
  if (defined.size !== ids.length) problems.push("a resource id is defined twice");
  for (const resid of attributes(xml, "resid")) if (!defined.has(resid)) problems.push(`resid ${resid} names no resource`);

  // Icons: each at its declared size. Ribbon icons declare it on <bt:Image size="16" resid=…>;
  // IconUrl is 32 px and HighResolutionIconUrl 64 px.
  const imageUrl = Object.fromEntries([...xml.matchAll(/<bt:Image\s+id="([^"]+)"\s+DefaultValue="([^"]+)"/g)].map((m) => [m[1], unescapeXml(m[2])]));
  const declared = [...xml.matchAll(/<bt:Image\s+size="(\d+)"\s+resid="([^"]+)"/g)].map((m) => ({ size: Number(m[1]), url: imageUrl[m[2]], what: m[2] }));
  for (const [element, size] of [["IconUrl", 32], ["HighResolutionIconUrl", 64]]) {
    const m = xml.match(new RegExp(`<${element}\\s+DefaultValue="([^"]+)"`));
    if (m) declared.push({ size, url: unescapeXml(m[1]), what: element });
    else problems.push(`manifest.xml has no ${element}`);
  }
  for (const { size, url, what } of declared) {
    const file = url && fileOf(url);
    if (!file || !existsSync(join(dir, file))) continue; // reported above as a URL problem
    const dims = pngSize(readFileSync(join(dir, file)));
    if (!dims) problems.push(`${what}: ${file} is not a PNG`);
    else if (dims.width !== size || dims.height !== size) problems.push(`${what}: ${file} is ${dims.width}×${dims.height}, declared ${size}×${size}`);
  }

  // Help: every function's helpUrl is a section of the help page under the base.
  const functionsPath = join(dir, "functions.json");
  const helpPath = join(dir, HELP_FILE);
  if (!existsSync(functionsPath) || !existsSync(helpPath)) {
    problems.push(`functions.json or ${HELP_FILE} is missing`);
  } else {
    const sections = helpSectionIds(readFileSync(helpPath, "utf8"));
    for (const fn of JSON.parse(readFileSync(functionsPath, "utf8")).functions) {
      const [page, anchor] = String(fn.helpUrl ?? "").split("#");
      if (page !== `${base}/${HELP_FILE}` || !anchor || !sections.has(anchor)) problems.push(`${fn.id}: helpUrl ${fn.helpUrl} does not resolve to a section of ${HELP_FILE}`);
    }
  }
  return [...new Set(problems)]; // an icon used twice with the same fault is one problem
}

module.exports = { checkProductionDist, helpSectionIds, pngSize };
