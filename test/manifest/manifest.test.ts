// Offline stand-in for `office-addin-manifest validate` (which needs an online service): parses
// manifest.xml and checks what Office rejects a manifest for.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { XMLParser, XMLValidator } from "fast-xml-parser";

const xml = readFileSync(join(__dirname, "..", "..", "manifest.xml"), "utf8");
const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: "@", removeNSPrefix: true, isArray: () => false });
const doc = parser.parse(xml);
const app = doc.OfficeApp;

/** Every element (with its attributes) anywhere below a node, in document order. */
function walk(node: unknown, visit: (name: string, value: Record<string, unknown>) => void, name = "") {
  if (Array.isArray(node)) return node.forEach((n) => walk(n, visit, name));
  if (node && typeof node === "object") {
    visit(name, node as Record<string, unknown>);
    for (const [k, v] of Object.entries(node)) if (!k.startsWith("@")) walk(v, visit, k);
  }
}
const all: Array<{ name: string; attrs: Record<string, unknown> }> = [];
walk(app, (name, value) => all.push({ name, attrs: value }));
const attr = (a: string) => all.map((e) => e.attrs[`@${a}`]).filter((v): v is string => typeof v === "string");
const asList = <T>(x: T | T[] | undefined): T[] => (x === undefined ? [] : Array.isArray(x) ? x : [x]);

const resources = app.VersionOverrides.Resources;
const defined = {
  images: asList(resources.Images.Image).map((i: Record<string, string>) => i["@id"]),
  urls: asList(resources.Urls.Url).map((i: Record<string, string>) => i["@id"]),
  short: asList(resources.ShortStrings.String),
  long: asList(resources.LongStrings.String),
};

describe("manifest.xml", () => {
  it("is well-formed XML in the add-in namespace, a task pane app", () => {
    expect(XMLValidator.validate(xml)).toBe(true);
    expect(xml).toMatch(/<OfficeApp[^>]+xmlns="http:\/\/schemas\.microsoft\.com\/office\/appforoffice\/1\.1"/);
    expect(app["@type"]).toBe("TaskPaneApp");
  });

  it("has a GUID id and a four-part version", () => {
    expect(app.Id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i);
    expect(String(app.Version)).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
  });

  it("every resid names a defined resource, and every resource id is unique", () => {
    const ids = [
      ...defined.images,
      ...defined.urls,
      ...defined.short.map((s: Record<string, string>) => s["@id"]),
      ...defined.long.map((s: Record<string, string>) => s["@id"]),
    ];
    expect(new Set(ids).size).toBe(ids.length);
    const resids = attr("resid");
    expect(resids.length).toBeGreaterThan(10);
    for (const r of resids) expect(ids).toContain(r);
    for (const r of resids) expect(r.length).toBeLessThanOrEqual(32);
  });

  it("every URL is https, and resource URLs are valid", () => {
    const urls = [...attr("DefaultValue").filter((v) => /^[a-z]+:\/\//i.test(v)), ...asList(app.AppDomains.AppDomain)];
    expect(urls.length).toBeGreaterThan(5);
    for (const u of urls) {
      expect(u).toMatch(/^https:\/\//);
      expect(() => new URL(u)).not.toThrow();
      expect(u.length).toBeLessThanOrEqual(2048);
    }
  });

  it("keeps strings within Office's limits", () => {
    expect(app.DisplayName["@DefaultValue"].length).toBeLessThanOrEqual(125);
    expect(app.Description["@DefaultValue"].length).toBeLessThanOrEqual(250);
    for (const s of defined.short) expect(s["@DefaultValue"].length).toBeLessThanOrEqual(125);
    for (const s of defined.long) expect(s["@DefaultValue"].length).toBeLessThanOrEqual(250);
  });

  it("declares the AIECON namespace, the functions' script, metadata and a long-lived shared runtime", () => {
    const host = app.VersionOverrides.Hosts.Host;
    const short = Object.fromEntries(defined.short.map((s: Record<string, string>) => [s["@id"], s["@DefaultValue"]]));
    const urls = Object.fromEntries(asList(resources.Urls.Url).map((u: Record<string, string>) => [u["@id"], u["@DefaultValue"]]));
    const cf = host.AllFormFactors.ExtensionPoint;
    expect(cf["@type"]).toBe("CustomFunctions");
    expect(short[cf.Namespace["@resid"]]).toBe("AIECON");
    expect(urls[cf.Script.SourceLocation["@resid"]]).toMatch(/\/functions\.js$/);
    expect(urls[cf.Metadata.SourceLocation["@resid"]]).toMatch(/\/functions\.json$/);
    const runtime = host.Runtimes.Runtime;
    expect(runtime["@lifetime"]).toBe("long");
    // One runtime: the functions page, the ribbon's pane and the function file are the same page.
    expect(cf.Page.SourceLocation["@resid"]).toBe(runtime["@resid"]);
    expect(host.DesktopFormFactor.FunctionFile["@resid"]).toBe(runtime["@resid"]);
    expect(urls[runtime["@resid"]]).toMatch(/\/taskpane\.html$/);
    expect(asList(app.Requirements.Sets.Set).map((s: Record<string, string>) => s["@Name"])).toContain("SharedRuntime");
  });

  it("asks for the least permission that writes tables: ReadWriteDocument", () => {
    expect(app.Permissions).toBe("ReadWriteDocument");
  });

  it("names only files the build emits", () => {
    const dist = join(__dirname, "..", "..", "dist");
    const emitted = new Set([...readdirSync(dist), ...readdirSync(join(dist, "assets")).map((f) => `assets/${f}`)]);
    const local = attr("DefaultValue").filter((v) => v.startsWith("https://localhost:3000/"));
    for (const u of local) expect(emitted).toContain(new URL(u).pathname.slice(1));
  });
});
