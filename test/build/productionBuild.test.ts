// A real production build for a sample host (ADDIN_BASE_URL, --env deploy, as `npm run build`
// runs it), made into a temporary folder so the development dist/ other tests use is untouched;
// then the offline checks IT relies on, the package zip, and the hosting headers.
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { createServer, get, type Server } from "node:http";
import { join, resolve } from "node:path";
import JSZip from "jszip";
import { builtScript, HASHED } from "../../scripts/build/builtFiles.cjs";
import { manifestVersion } from "../../scripts/build/deployTarget.cjs";
import { helpUrlOf, sectionId } from "../../scripts/build/helpPage.cjs";
import { distHandler } from "../../scripts/build/hosting.cjs";
import { checkProductionDist, helpSectionIds } from "../../scripts/build/productionChecks.cjs";
import { tempDir } from "../support/tempDir";

const root = resolve(__dirname, "..", "..");
const BASE = "https://addins.example.com/finance/aiecon";
const version = manifestVersion(JSON.parse(readFileSync(join(root, "package.json"), "utf8")).version);
const webpackCli = require.resolve("webpack-cli/bin/cli.js");

let work: string;
let dist: string;

/** webpack as `npm run build` runs it, with this environment. */
function build(env: Record<string, string | undefined>, outputPath: string) {
  const clean = { ...process.env };
  delete clean.ADDIN_BASE_URL;
  return spawnSync(process.execPath, [webpackCli, "--mode", "production", "--env", "deploy", "--output-path", outputPath], {
    cwd: root,
    env: { ...clean, ...env },
    encoding: "utf8",
  });
}

beforeAll(() => {
  work = tempDir("prod");
  dist = join(work, "dist");
  const r = build({ ADDIN_BASE_URL: BASE }, dist);
  if (r.status !== 0) throw new Error(`production build failed:\n${r.stdout}\n${r.stderr}`);
}, 15 * 60_000);


describe("a production build for a sample host", () => {
  it("passes every offline check: no localhost, https under the base, icons, version, resids, help links", () => {
    expect(checkProductionDist(dist, { baseUrl: BASE, version })).toEqual([]);
  });

  it("points the manifest, its support and learn-more links at the host, with package.json's version", () => {
    const xml = readFileSync(join(dist, "manifest.xml"), "utf8");
    expect(xml).not.toMatch(/localhost/);
    expect(xml).toContain(`<Version>${version}</Version>`);
    expect(xml).toContain(`<SupportUrl DefaultValue="${BASE}/help.html"/>`);
    expect(xml).toContain(`<bt:Url id="GetStarted.LearnMoreUrl" DefaultValue="${BASE}/help.html"/>`);
    expect(xml).toContain(`<SourceLocation DefaultValue="${BASE}/taskpane.html"/>`);
    expect(xml).toContain("<AppDomain>https://addins.example.com</AppDomain>");
  });

  it("content-hashes every script no fixed URL names; the manifest's functions.js keeps its name", () => {
    const scripts = readdirSync(dist).filter((f) => f.endsWith(".js"));
    expect(scripts).toContain("functions.js");
    const others = scripts.filter((f) => f !== "functions.js");
    expect(others.length).toBeGreaterThanOrEqual(3);
    for (const f of others) expect(f).toMatch(HASHED);
    const page = readFileSync(join(dist, "taskpane.html"), "utf8");
    expect(page).toContain(builtScript(dist, "taskpane"));
    for (const src of [...page.matchAll(/<script[^>]*\ssrc="?([^"\s>]+)/g)].map((m) => m[1]).filter((s) => !/^https:/.test(s))) {
      expect(existsSync(join(dist, src))).toBe(true);
    }
  });

  it("gives every function a helpUrl on the host that lands on its own section of help.html", () => {
    const functions = JSON.parse(readFileSync(join(dist, "functions.json"), "utf8")).functions;
    const sections = helpSectionIds(readFileSync(join(dist, "help.html"), "utf8"));
    expect(functions.length).toBeGreaterThanOrEqual(13);
    for (const fn of functions) {
      expect(fn.helpUrl).toBe(helpUrlOf(BASE, fn.id));
      expect(sections.has(sectionId(fn.id))).toBe(true);
    }
  });

  it("`npm run package` zips manifest.xml and every file of dist/, refusing a build that fails a check", async () => {
    const pkg = (args: string[], env: Record<string, string>) =>
      spawnSync(process.execPath, [join(root, "scripts", "package.mjs"), ...args], { cwd: root, env: { ...process.env, ...env }, encoding: "utf8" });
    const r = pkg(["--no-build", "--dist", dist, "--out", work], { ADDIN_BASE_URL: BASE });
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    const packageVersion = JSON.parse(readFileSync(join(root, "package.json"), "utf8")).version;
    const zip = await JSZip.loadAsync(readFileSync(join(work, `aiecon-addin-${packageVersion}.zip`)));
    const names = Object.keys(zip.files).filter((n) => !zip.files[n].dir);
    const files = (dir: string, prefix = ""): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name), `${prefix}${e.name}/`) : [`${prefix}${e.name}`]));
    expect(names.sort()).toEqual(["manifest.xml", ...files(dist).map((f) => `dist/${f}`)].sort());
    expect(await zip.file("manifest.xml")!.async("string")).toBe(readFileSync(join(dist, "manifest.xml"), "utf8"));

    // Packaged for another host than it was built for: refused, with the checks' reasons.
    const wrong = pkg(["--no-build", "--dist", dist, "--out", work], { ADDIN_BASE_URL: "https://other.example.org" });
    expect(wrong.status).toBe(1);
    expect(wrong.stderr).toMatch(/cannot be deployed as it is:\n {2}- .*not under https:\/\/other\.example\.org\//);
    expect(pkg(["--no-build", "--dist", dist], { ADDIN_BASE_URL: "" }).stderr).toMatch(/ADDIN_BASE_URL is not set[\s\S]*npm run package/);
  });
});

describe("the offline checks catch what IT would otherwise find in Excel", () => {
  /** A copy of the build with one file changed; the problems the checks report for it. */
  function problemsAfter(file: string, change: (text: string) => string): string[] {
    const copy = join(work, `broken-${Math.random().toString(36).slice(2)}`);
    cpSync(dist, copy, { recursive: true });
    writeFileSync(join(copy, file), change(readFileSync(join(copy, file), "utf8")));
    return checkProductionDist(copy, { baseUrl: BASE, version });
  }

  it("a localhost URL left in the manifest", () => {
    const problems = problemsAfter("manifest.xml", (x) => x.replace(`${BASE}/assets/icon-80.png`, "https://localhost:3000/assets/icon-80.png"));
    expect(problems).toEqual(expect.arrayContaining([expect.stringMatching(/line \d+ names localhost/), expect.stringMatching(/^not under/)]));
  });

  it("an http URL, and a URL naming a file the build did not emit", () => {
    expect(problemsAfter("manifest.xml", (x) => x.replace(`${BASE}/help.html`, "http://addins.example.com/finance/aiecon/help.html"))).toEqual(
      expect.arrayContaining([expect.stringMatching(/^not https/)]),
    );
    expect(problemsAfter("manifest.xml", (x) => x.replace(`${BASE}/help.html`, `${BASE}/support.html`))).toEqual([
      `names a file the build did not emit: ${BASE}/support.html`,
    ]);
  });

  it("an icon at the wrong size", () => {
    const problems = problemsAfter("manifest.xml", (x) => x.replace(`${BASE}/assets/icon-16.png`, `${BASE}/assets/icon-32.png`));
    expect(problems).toEqual(["Icon.16x16: assets/icon-32.png is 32×32, declared 16×16"]);
  });

  it("a version other than package.json's, and a resid naming no resource", () => {
    expect(problemsAfter("manifest.xml", (x) => x.replace(`<Version>${version}</Version>`, "<Version>9.9.9.9</Version>"))).toEqual([
      `<Version> is 9.9.9.9, package.json says ${version}`,
    ]);
    expect(problemsAfter("manifest.xml", (x) => x.replace('<Title resid="GetStarted.Title"/>', '<Title resid="GetStarted.Titel"/>'))).toEqual([
      "resid GetStarted.Titel names no resource",
    ]);
  });

  it("a helpUrl without its section", () => {
    const problems = problemsAfter("help.html", (html) => html.replace(/<section id="?costtree"?/, "<section id=gone"));
    expect(problems).toEqual([`COSTTREE: helpUrl ${BASE}/help.html#costtree does not resolve to a section of help.html`]);
  });
});

describe("hosting headers (npm run serve:dist and the README's rules)", () => {
  let server: Server;
  let port: number;
  beforeAll(async () => {
    server = createServer(distHandler(dist, "/finance/aiecon/"));
    await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
    port = (server.address() as { port: number }).port;
  });
  afterAll(() => new Promise<void>((done) => server.close(() => done())));

  const fetchHead = (path: string) =>
    new Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }>((done, fail) => {
      get({ host: "127.0.0.1", port, path }, (res) => {
        let body = "";
        res.on("data", (c) => (body += c));
        res.on("end", () => done({ status: res.statusCode!, headers: res.headers, body }));
      }).on("error", fail);
    });

  it("serves fixed-name files no-cache and hashed scripts for a year, with their MIME types", async () => {
    const json = await fetchHead("/finance/aiecon/functions.json");
    expect(json.status).toBe(200);
    expect(json.headers["content-type"]).toBe("application/json; charset=utf-8");
    expect(json.headers["cache-control"]).toBe("no-cache");
    expect(json.headers["access-control-allow-origin"]).toBe("*");
    expect(JSON.parse(json.body).functions.length).toBeGreaterThanOrEqual(13);

    const fn = await fetchHead("/finance/aiecon/functions.js");
    expect(fn.headers["content-type"]).toBe("text/javascript; charset=utf-8");
    expect(fn.headers["cache-control"]).toBe("no-cache");

    const pane = await fetchHead(`/finance/aiecon/${builtScript(dist, "taskpane")}`);
    expect(pane.headers["cache-control"]).toBe("public, max-age=31536000, immutable");

    expect((await fetchHead("/finance/aiecon/help.html")).headers["content-type"]).toBe("text/html; charset=utf-8");
    expect((await fetchHead("/finance/aiecon/assets/icon-32.png")).headers["content-type"]).toBe("image/png");
    expect((await fetchHead("/finance/aiecon/manifest.xml")).headers["cache-control"]).toBe("no-cache");
  });

  it("serves nothing outside dist/ or the base path", async () => {
    expect((await fetchHead("/functions.json")).status).toBe(404);
    expect((await fetchHead("/finance/aiecon/../../package.json")).status).toBe(404);
    expect((await fetchHead("/finance/aiecon/%2e%2e/%2e%2e/package.json")).status).toBe(404);
    expect((await fetchHead("/finance/aiecon/missing.js")).status).toBe(404);
  });
});

describe("refusals of `npm run build`", () => {
  const out = () => join(work, "refused");
  it.each([
    [undefined, /ADDIN_BASE_URL is not set[\s\S]*ADDIN_BASE_URL=https:\/\/addins\.example\.com\/aiecon npm run build/],
    ["http://addins.example.com/aiecon", /must start with https:\/\//],
    ["https://localhost:3000", /names this computer \(localhost\)/],
  ])("ADDIN_BASE_URL=%s: exits with what to set, no stack trace, nothing built", (value, message) => {
    const r = build({ ADDIN_BASE_URL: value }, out());
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(message);
    expect(`${r.stdout}${r.stderr}`).not.toMatch(/^\s+at /m);
    expect(existsSync(out())).toBe(false);
  });
});
