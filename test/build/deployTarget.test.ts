// The production manifest rewrite and its refusals (scripts/build/deployTarget.cjs), on the
// repository's real development manifest.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import {
  DEV_ORIGIN,
  DeployConfigError,
  deployTarget,
  manifestVersion,
  parseBaseUrl,
  rewriteManifest,
} from "../../scripts/build/deployTarget.cjs";

const devManifest = readFileSync(join(__dirname, "..", "..", "manifest.xml"), "utf8");
const BASE = "https://addins.example.com/aiecon";

function refusal(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(DeployConfigError);
    return (e as Error).message;
  }
  throw new Error("expected a refusal");
}

describe("parseBaseUrl", () => {
  it("accepts an https address, with or without a folder and trailing slash", () => {
    expect(parseBaseUrl(BASE)).toBe(BASE);
    expect(parseBaseUrl(`${BASE}/`)).toBe(BASE);
    expect(parseBaseUrl("  https://addins.example.com  ")).toBe("https://addins.example.com");
    expect(parseBaseUrl("https://cdn.example.com:8443/a/b/")).toBe("https://cdn.example.com:8443/a/b");
  });

  it("refuses a missing address, naming the variable and an example command", () => {
    for (const missing of [undefined, "", "   "]) {
      const message = refusal(() => parseBaseUrl(missing));
      expect(message).toMatch(/^ADDIN_BASE_URL is not set/);
      expect(message).toContain("ADDIN_BASE_URL=https://addins.example.com/aiecon npm run build");
    }
  });

  it("refuses http, saying https is required", () => {
    const message = refusal(() => parseBaseUrl("http://addins.example.com/aiecon"));
    expect(message).toMatch(/must start with https:\/\//);
    expect(message).toContain("ADDIN_BASE_URL=");
  });

  it("refuses this machine's addresses", () => {
    for (const local of ["https://localhost:3000", "https://LOCALHOST/x", "https://127.0.0.1", "https://[::1]:3000", "https://app.localhost"]) {
      expect(refusal(() => parseBaseUrl(local))).toMatch(/names this computer/);
    }
  });

  it("refuses a malformed address and one with a query, fragment or credentials", () => {
    expect(refusal(() => parseBaseUrl("addins.example.com/aiecon"))).toMatch(/not a web address/);
    for (const odd of [`${BASE}?v=1`, `${BASE}#top`, "https://user:pw@addins.example.com"]) {
      expect(refusal(() => parseBaseUrl(odd))).toMatch(/plain folder address/);
    }
  });
});

describe("manifestVersion", () => {
  it("makes package.json's version four-part", () => {
    expect(manifestVersion("0.1.0")).toBe("0.1.0.0");
    expect(manifestVersion("12.3.45")).toBe("12.3.45.0");
  });

  it("refuses versions a manifest cannot hold", () => {
    for (const bad of ["1.2", "1.2.3-beta.1", "1.2.3.4", "70000.0.0", "v1.2.3"]) {
      expect(refusal(() => manifestVersion(bad))).toMatch(/cannot become an add-in manifest version/);
    }
  });
});

describe("rewriteManifest", () => {
  const prod = rewriteManifest(devManifest, { baseUrl: `${BASE}/`, version: "2.5.1.0" });

  it("moves every development URL under the base and names localhost nowhere", () => {
    const devUrls = devManifest.match(/https:\/\/localhost:3000[^"<]*/g)!;
    expect(devUrls.length).toBeGreaterThanOrEqual(10);
    expect(prod).not.toMatch(/localhost/i);
    for (const dev of devUrls.filter((u) => u !== DEV_ORIGIN)) expect(prod).toContain(`"${BASE}${dev.slice(DEV_ORIGIN.length)}"`);
    const urls = [...prod.matchAll(/DefaultValue="(https?:\/\/[^"]+)"/g)].map((m) => m[1]);
    expect(urls).toHaveLength(devUrls.length - 1); // the AppDomain is not a DefaultValue
    for (const u of urls) expect(u.startsWith(`${BASE}/`)).toBe(true);
  });

  it("lists the base's origin as the app domain and sets the version", () => {
    expect(prod).toContain("<AppDomain>https://addins.example.com</AppDomain>");
    expect(prod.match(/<Version>([^<]*)<\/Version>/)![1]).toBe("2.5.1.0");
  });

  it("changes nothing else", () => {
    const back = prod
      .split(BASE)
      .join(DEV_ORIGIN)
      .replace("<AppDomain>https://addins.example.com</AppDomain>", `<AppDomain>${DEV_ORIGIN}</AppDomain>`)
      .replace("<Version>2.5.1.0</Version>", devManifest.match(/<Version>[^<]*<\/Version>/)![0]);
    expect(back).toBe(devManifest);
  });

  it("escapes a base that holds XML-special characters", () => {
    const odd = rewriteManifest(devManifest, { baseUrl: "https://example.com/a&b", version: "1.0.0.0" });
    expect(odd).toContain('DefaultValue="https://example.com/a&amp;b/taskpane.html"');
  });

  it("refuses the same bad bases as parseBaseUrl", () => {
    expect(refusal(() => rewriteManifest(devManifest, { baseUrl: "http://example.com", version: "1.0.0.0" }))).toMatch(/https/);
    expect(refusal(() => rewriteManifest(devManifest, { baseUrl: "", version: "1.0.0.0" }))).toMatch(/not set/);
  });

  it("refuses a manifest with a localhost URL it does not recognise, naming the line", () => {
    const stray = devManifest.replace("<Hosts>", '<Hosts><!-- http://localhost:8080/extra -->');
    expect(refusal(() => rewriteManifest(stray, { baseUrl: BASE, version: "1.0.0.0" }))).toMatch(/line \d+ still names localhost/);
  });

  it("refuses a manifest without exactly one <Version>", () => {
    const none = devManifest.replace(/<Version>[^<]*<\/Version>/, "");
    expect(refusal(() => rewriteManifest(none, { baseUrl: BASE, version: "1.0.0.0" }))).toMatch(/exactly one <Version>/);
  });
});

describe("deployTarget", () => {
  it("is the development origin for a local build without a base URL", () => {
    expect(deployTarget({ deploy: false, baseUrl: undefined, packageVersion: "0.1.0" })).toEqual({
      production: false,
      baseUrl: DEV_ORIGIN,
      version: undefined,
    });
  });

  it("is production when a base URL is given, with the package's version", () => {
    expect(deployTarget({ deploy: false, baseUrl: BASE, packageVersion: "0.1.0" })).toEqual({
      production: true,
      baseUrl: BASE,
      version: "0.1.0.0",
    });
  });

  it("refuses a deploy build without a base URL, and a bad one in any build", () => {
    expect(refusal(() => deployTarget({ deploy: true, baseUrl: undefined, packageVersion: "0.1.0" }))).toMatch(/not set/);
    expect(refusal(() => deployTarget({ deploy: false, baseUrl: "http://x.example", packageVersion: "0.1.0" }))).toMatch(/https/);
  });
});

describe("webpack.config.js", () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const config = require("../../webpack.config.js") as (env: Record<string, unknown>, argv: { mode: string }) => Promise<{ plugins: object[] }>;
  const helpBase = async (env: Record<string, unknown>) => {
    const { plugins } = await config(env, { mode: "production" });
    return (plugins.find((p) => p.constructor.name === "HelpPagePlugin") as { baseUrl: string }).baseUrl;
  };
  const saved = process.env.ADDIN_BASE_URL;
  afterEach(() => (saved === undefined ? delete process.env.ADDIN_BASE_URL : (process.env.ADDIN_BASE_URL = saved)));

  it("builds for ADDIN_BASE_URL with --env deploy, and for localhost with --env local whatever it says", async () => {
    process.env.ADDIN_BASE_URL = `${BASE}/`;
    expect(await helpBase({ deploy: true })).toBe(BASE);
    expect(await helpBase({ local: true })).toBe(DEV_ORIGIN);
    delete process.env.ADDIN_BASE_URL;
    expect(await helpBase({})).toBe(DEV_ORIGIN);
  });
});
