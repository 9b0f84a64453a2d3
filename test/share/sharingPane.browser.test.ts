// The Sharing section of the built pane (dist/, from `npx webpack --mode production`) in headless
// Chromium, against a stub Excel host: prepare (with confirmation), restore, repair.
import { chromium, type Browser, type Page } from "playwright-core";
import { existsSync, readFileSync } from "fs";
import { extname, join, resolve } from "path";
import { shareHostScript } from "../support/shareHost";

const dist = resolve(__dirname, "..", "..", "dist");
const ORIGIN = "https://addin.test/";
const OFFICE_JS = "https://appsforoffice.microsoft.com/lib/1/hosted/office.js";
const types: Record<string, string> = { ".html": "text/html", ".js": "text/javascript", ".json": "application/json", ".png": "image/png" };

let browser: Browser;
let page: Page;
const requests: string[] = [];

interface HostState {
  syncs: number;
  sheets: { name: string; visibility: string; cells: Record<string, { f?: string; v?: unknown }> }[];
  tables: { name: string; sheet: string }[];
  notes: Record<string, string>;
}
const host = () => page.evaluate(() => (window as unknown as { __excel: HostState }).__excel);
const cell = (s: HostState, sheet: string, key: string) => s.sheets.find((x) => x.name === sheet)?.cells[key];

beforeAll(async () => {
  if (!existsSync(join(dist, "taskpane.html"))) throw new Error("dist/ is missing: build with `npx webpack --mode production` first.");
  browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
  });
  page = await browser.newPage();
  page.on("request", (r) => requests.push(r.url()));
  const script = shareHostScript({
    Model: {
      A1: '=AIECON.COSTPERINTERACTION(7000,1000,"gpt-4o")',
      A2: "=_xldudf_AIECON_COSTPERUSER(A1,50)",
      A3: "=SUM(1,2)",
    },
  });
  await page.route(OFFICE_JS, (route) => route.fulfill({ contentType: "text/javascript", body: script }));
  await page.route(`${ORIGIN}**`, (route) => {
    const path = join(dist, new URL(route.request().url()).pathname);
    if (!path.startsWith(dist) || !existsSync(path)) return route.fulfill({ status: 404, body: "" });
    return route.fulfill({ contentType: types[extname(path)] ?? "application/octet-stream", body: readFileSync(path) });
  });
  await page.goto(`${ORIGIN}taskpane.html`);
  await page.getByRole("tab", { name: "Share" }).click();
  await page.getByRole("heading", { name: "Share without the add-in" }).waitFor();
}, 60_000);

afterAll(async () => {
  await browser?.close();
});

it("Prepare for sharing asks first, then converts and keeps the originals", async () => {
  await page.getByRole("button", { name: "Prepare for sharing" }).click();
  const dialog = page.getByRole("dialog");
  await dialog.waitFor();
  expect(await dialog.textContent()).toContain("2 cells with AIECON formulas will be rewritten");
  let s = await host();
  expect(cell(s, "Model", "0,0")!.f).toBe('=AIECON.COSTPERINTERACTION(7000,1000,"gpt-4o")'); // nothing written before confirming
  const syncsBefore = s.syncs;
  await dialog.getByRole("button", { name: "Convert" }).click();
  await page.getByText("Done: 2 formulas now native Excel, 0 kept as values").waitFor();
  s = await host();
  expect(cell(s, "Model", "0,0")!.f).toMatch(/^=7000\*INDEX\(AIECON_Prices\[Input \$\/1M\],MATCH\("gpt-4o"/);
  expect(cell(s, "Model", "1,0")!.f).toBe("=IF(OR(COUNT(A1)<1,MIN(A1)<0),NA(),A1*50)");
  expect(cell(s, "Model", "2,0")!.f).toBe("=SUM(1,2)");
  expect(s.sheets.find((x) => x.name === "AIECON_Originals")!.visibility).toBe("VeryHidden");
  expect(s.tables.map((t) => t.name)).toEqual(["AIECON_Prices"]);
  expect(s.syncs - syncsBefore).toBeLessThanOrEqual(6);
});

it("Restore live functions asks first, then brings the originals back exactly", async () => {
  await page.getByRole("button", { name: "Restore live functions" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Restore" }).click();
  await page.getByText("Restored 2 original formulas.").waitFor();
  const s = await host();
  expect(cell(s, "Model", "0,0")!.f).toBe('=AIECON.COSTPERINTERACTION(7000,1000,"gpt-4o")');
  expect(cell(s, "Model", "1,0")!.f).toBe("=_xldudf_AIECON_COSTPERUSER(A1,50)");
  expect(s.sheets.map((x) => x.name)).not.toContain("AIECON_Originals");
});

it("Repair #NAME? cells re-enters AIECON formulas as typed", async () => {
  await page.getByRole("button", { name: "Repair #NAME? cells" }).click();
  await page.getByText("Re-entered 2 AIECON formulas.").waitFor();
  const s = await host();
  expect(cell(s, "Model", "1,0")!.f).toBe("=AIECON.COSTPERUSER(A1,50)");
});

it("sends no request anywhere but the stubbed Office.js and the add-in's own files", () => {
  const foreign = requests.filter((u) => !u.startsWith(ORIGIN) && u !== OFFICE_JS && !u.startsWith("data:"));
  expect(foreign).toEqual([]);
});
