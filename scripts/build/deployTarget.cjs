// Where a production build will be served from, and the manifest that points there.
// manifest.xml in the repository is the development manifest (https://localhost:3000); a production
// build rewrites its every URL onto ADDIN_BASE_URL and takes its <Version> from package.json.
// Plain CommonJS: webpack.config.js, scripts/*.mjs and the jest tests all load it.

/** The origin every URL of the development manifest starts with (npm start serves there). */
const DEV_ORIGIN = "https://localhost:3000";
const EXAMPLE_BASE = "https://addins.example.com/aiecon";
const HOW_TO_SET = `Set it to the https address your web server will serve dist/ from, e.g.\n  ADDIN_BASE_URL=${EXAMPLE_BASE} npm run build`;

/** A refusal that names what to set; webpack.config.js prints it without a stack trace. */
class DeployConfigError extends Error {
  constructor(message) {
    super(message);
    this.name = "DeployConfigError";
  }
}

const LOCAL_HOST = /^(localhost|.*\.localhost|127(\.\d+){3}|0\.0\.0\.0|\[::1?\]|\[::ffff:127(\.\d+){3}\])$/i;

/**
 * The validated base URL, without a trailing slash ("https://addins.example.com/aiecon").
 * Refuses a missing, malformed, non-https or local address, and one with credentials, a query or a
 * fragment (the manifest appends file names to it).
 */
function parseBaseUrl(raw) {
  const text = typeof raw === "string" ? raw.trim() : "";
  if (!text) {
    throw new DeployConfigError(
      `ADDIN_BASE_URL is not set: a production build needs the address its files will be served from.\n${HOW_TO_SET}\n` +
        "(To run the add-in on this machine, use npm start; for a local build of dist/ without a host, npm run build:local.)",
    );
  }
  let url;
  try {
    url = new URL(text);
  } catch {
    throw new DeployConfigError(`ADDIN_BASE_URL is not a web address: "${text}".\n${HOW_TO_SET}`);
  }
  if (url.protocol !== "https:") {
    throw new DeployConfigError(
      `ADDIN_BASE_URL must start with https:// (Office loads add-ins only over https), not ${url.protocol}//: "${text}".\n${HOW_TO_SET}`,
    );
  }
  if (LOCAL_HOST.test(url.hostname)) {
    throw new DeployConfigError(
      `ADDIN_BASE_URL names this computer (${url.hostname}), which your users' Excel cannot reach: "${text}".\n${HOW_TO_SET}\n` +
        "(npm start serves the development manifest on https://localhost:3000 without a production build.)",
    );
  }
  if (url.username || url.password || url.search || url.hash) {
    throw new DeployConfigError(
      `ADDIN_BASE_URL must be a plain folder address, without a user name, password, ?query or #fragment: "${text}".\n${HOW_TO_SET}`,
    );
  }
  return url.href.replace(/\/+$/, "");
}

/** package.json's "1.4.2" as the four-part manifest version "1.4.2.0". */
function manifestVersion(packageVersion) {
  const m = /^(\d+)\.(\d+)\.(\d+)$/.exec(String(packageVersion));
  if (!m || m.slice(1).some((part) => Number(part) > 65535)) {
    throw new DeployConfigError(
      `package.json's version "${packageVersion}" cannot become an add-in manifest version: use plain major.minor.patch ` +
        "numbers of at most 65535 each (e.g. 1.4.2, which the manifest shows as 1.4.2.0).",
    );
  }
  return `${m[1]}.${m[2]}.${m[3]}.0`;
}

const escapeXml = (s) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/**
 * The production manifest: every development URL moved under `baseUrl`, AppDomains reduced to its
 * origin, and `<Version>` set. Refuses to return a manifest that still names localhost (a URL the
 * rewrite does not recognise would otherwise ship pointing at the developer's machine).
 */
function rewriteManifest(xml, { baseUrl, version }) {
  const base = parseBaseUrl(baseUrl);
  const origin = new URL(base).origin;
  const versions = xml.match(/<Version>[^<]*<\/Version>/g) || [];
  if (versions.length !== 1) throw new DeployConfigError(`manifest.xml must hold exactly one <Version>, found ${versions.length}.`);
  const out = xml
    .replace(/<Version>[^<]*<\/Version>/, `<Version>${escapeXml(version)}</Version>`)
    .replace(new RegExp(`<AppDomain>\\s*${escapeRegExp(DEV_ORIGIN)}/?\\s*</AppDomain>`, "g"), `<AppDomain>${escapeXml(origin)}</AppDomain>`)
    .replace(new RegExp(`"${escapeRegExp(DEV_ORIGIN)}(/[^"]*)?"`, "g"), (_, path) => `"${escapeXml(base)}${path || ""}"`);
  const left = out.split("\n").findIndex((line) => /localhost|127\.0\.0\.1/i.test(line));
  if (left >= 0) {
    throw new DeployConfigError(`manifest.xml line ${left + 1} still names localhost after the rewrite: ${out.split("\n")[left].trim()}`);
  }
  return out;
}

function escapeRegExp(s) {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/**
 * What a build is for, from webpack's mode and env and ADDIN_BASE_URL:
 * - "deploy" (npm run build): production, ADDIN_BASE_URL required;
 * - otherwise ADDIN_BASE_URL is used when set (and refused when wrong), else the development origin.
 */
function deployTarget({ deploy, baseUrl, packageVersion }) {
  const given = typeof baseUrl === "string" && baseUrl.trim() !== "";
  if (!deploy && !given) return { production: false, baseUrl: DEV_ORIGIN, version: undefined };
  return { production: true, baseUrl: parseBaseUrl(baseUrl), version: manifestVersion(packageVersion) };
}

module.exports = { DEV_ORIGIN, EXAMPLE_BASE, DeployConfigError, parseBaseUrl, manifestVersion, rewriteManifest, deployTarget };
