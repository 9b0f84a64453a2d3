// `npm start` as a new user meets it on a machine without Excel: a taken port is one clear
// message with the way out, and "Serving …" appears only once the server answers.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, readFileSync, rmSync } from "node:fs";
import { request } from "node:https";
import { createServer, type Server } from "node:net";
import { join, resolve } from "node:path";

const root = resolve(__dirname, "..", "..");
const start = join(root, "scripts", "start.mjs");

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((done) => probe.listen(0, "localhost", done));
  const { port } = probe.address() as { port: number };
  await new Promise<void>((done) => probe.close(() => done()));
  return port;
}

describe("npm start", () => {
  let blocker: Server;
  afterEach(() => blocker?.close());

  it("exits with a clear message naming PORT when its port is taken", async () => {
    blocker = createServer();
    await new Promise<void>((done) => blocker.listen(0, "localhost", done));
    const { port } = blocker.address() as { port: number };
    const r = spawnSync(process.execPath, [start], { cwd: root, env: { ...process.env, PORT: String(port) }, encoding: "utf8", timeout: 60_000 });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`Port ${port} is already in use`);
    expect(r.stderr).toContain(`PORT=${port + 1} npm start`);
    expect(`${r.stdout}${r.stderr}`).not.toMatch(/^\s+at |Serving/m);
    expect(existsSync(join(root, "build", `manifest-localhost-${port}.xml`))).toBe(false);
  });

  it("on another PORT, serves there with a manifest for that port, and says Serving only once it answers", async () => {
    const port = await freePort();
    const child = spawn(process.execPath, [start], { cwd: root, env: { ...process.env, PORT: String(port) }, detached: true });
    let output = "";
    try {
      const answered = await new Promise<number>((done, fail) => {
        const timer = setTimeout(() => fail(new Error(`no "Serving" line within 8 minutes:\n${output}`)), 8 * 60_000);
        const onData = (chunk: Buffer) => {
          output += chunk.toString();
          if (/Serving the add-in on/.test(output)) {
            clearTimeout(timer);
            // The very moment it says so, the page must load.
            request({ host: "localhost", port, path: "/taskpane.html", rejectUnauthorized: false }, (res) => {
              res.resume();
              done(res.statusCode!);
            })
              .on("error", fail)
              .end();
          }
        };
        child.stdout.on("data", onData);
        child.stderr.on("data", onData);
        child.on("exit", (code) => fail(new Error(`npm start exited (${code}):\n${output}`)));
      });
      expect(answered).toBe(200);
      const manifest = join(root, "build", `manifest-localhost-${port}.xml`);
      expect(output).toContain(`Serving the add-in on https://localhost:${port} (manifest: ${join("build", `manifest-localhost-${port}.xml`)})`);
      expect(existsSync(manifest)).toBe(true);
      const xml = readFileSync(manifest, "utf8");
      expect(xml).not.toContain("localhost:3000");
      expect(xml).toContain(`https://localhost:${port}/taskpane.html`);
      // The certificate fallback, when it happens, is one line.
      for (const line of output.split("\n").filter((l) => /self-signed certificate/.test(l))) {
        expect(line).toMatch(/^Dev certificate not installed \(.*\): serving with a self-signed certificate; open https:\/\/localhost:\d+\/taskpane\.html once and trust it\.$/);
      }
    } finally {
      process.kill(-child.pid!, "SIGTERM");
      rmSync(join(root, "build", `manifest-localhost-${port}.xml`), { force: true });
    }
  }, 10 * 60_000);
});
