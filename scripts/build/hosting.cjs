// How a production dist/ must be served: MIME types, caching and CORS. `npm run serve:dist` serves
// with exactly these headers, and README "Deploy for your organisation" documents the same rules.
const { existsSync, readFileSync, statSync } = require("node:fs");
const { extname, join, normalize, sep } = require("node:path");
const { HASHED } = require("./builtFiles.cjs");

const MIME = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".xml": "application/xml; charset=utf-8",
  ".png": "image/png",
  ".txt": "text/plain; charset=utf-8",
};

/**
 * Response headers for a file of dist/, by its path relative to dist/ ("assets/icon-16.png").
 * - Content-hashed scripts never change under their name: cache them for a year.
 * - Everything the manifest or the page names by a fixed URL (taskpane.html, functions.js,
 *   functions.json, help.html, manifest.xml, icons) must be revalidated, so a redeploy is seen
 *   at once: no-cache (the browser keeps it but asks the server whether it changed).
 * - Scripts and JSON carry Access-Control-Allow-Origin: * because Excel (on the web in
 *   particular) fetches functions.json and the functions' scripts from its own origin.
 */
function headersFor(relativePath) {
  const type = MIME[extname(relativePath).toLowerCase()] ?? "application/octet-stream";
  const headers = {
    "Content-Type": type,
    "Cache-Control": HASHED.test(relativePath) ? "public, max-age=31536000, immutable" : "no-cache",
    "X-Content-Type-Options": "nosniff",
  };
  if (/\.(js|json)$/.test(relativePath)) headers["Access-Control-Allow-Origin"] = "*";
  return headers;
}

/**
 * A node:http(s) request handler serving `dir` under `basePath` ("/aiecon/") with headersFor's
 * headers: GET and HEAD only, nothing outside dir.
 */
function distHandler(dir, basePath = "/") {
  const prefix = basePath.endsWith("/") ? basePath : `${basePath}/`;
  return (req, res) => {
    const url = new URL(req.url, "https://local");
    if (req.method !== "GET" && req.method !== "HEAD") {
      res.writeHead(405, { Allow: "GET, HEAD" }).end();
      return;
    }
    if (!url.pathname.startsWith(prefix)) {
      res.writeHead(404, { "Content-Type": "text/plain; charset=utf-8" }).end(`Not found: the add-in is served under ${prefix}\n`);
      return;
    }
    const relative = normalize(decodeURIComponent(url.pathname.slice(prefix.length)) || "taskpane.html");
    const file = join(dir, relative);
    if (relative.startsWith("..") || !file.startsWith(dir + sep) || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404, { "Content-Type": "text/plain; charset=utf-8" }).end("Not found\n");
      return;
    }
    const body = readFileSync(file);
    res.writeHead(200, { ...headersFor(relative.split(sep).join("/")), "Content-Length": body.length });
    res.end(req.method === "HEAD" ? undefined : body);
  };
}

module.exports = { headersFor, distHandler };
