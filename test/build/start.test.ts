// `npm start` as a new user meets it on a machine without Excel: a taken port is one clear
// message with the way out, and "Serving …" appears only once the server answers. The https
// certificate of npm start and serve:dist: never a sudo call as root or without sudo, and one line
// that says which certificate is served and how to trust it.
import { spawn, spawnSync } from "node:child_process";
import { chmodSync, existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { request } from "node:https";
import { createServer, type Server } from "node:net";
import { join, resolve } from "node:path";
import { certificateFiles, devCertificate, installRoute, type DevCertsLibrary } from "../../scripts/build/devCertificate.cjs";
import { tempDir } from "../support/tempDir";

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
      // One line says which certificate is served and how to trust it; as root, sudo is never called.
      expect(output.split("\n").filter((l) => /^HTTPS certificate: /.test(l))).toHaveLength(1);
      expect(output).not.toMatch(/sudo: not found|Installing CA certificate|Dev certificate not installed/);
    } finally {
      process.kill(-child.pid!, "SIGTERM");
      rmSync(join(root, "build", `manifest-localhost-${port}.xml`), { force: true });
    }
  }, 10 * 60_000);
});

describe("the localhost certificate (npm start and serve:dist)", () => {
  const library = (overrides: Partial<DevCertsLibrary> = {}) => {
    const calls: string[] = [];
    const devCerts: DevCertsLibrary = {
      verifyCertificates: () => (calls.push("verify"), false),
      getHttpsServerOptions: async () => {
        calls.push("install");
        throw new Error("sudo: not found");
      },
      generateCertificates: async (ca, cert, key) => {
        calls.push("generate");
        return realLibrary.generateCertificates(ca, cert, key);
      },
      ...overrides,
    };
    return { devCerts, calls };
  };
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the real library, loaded the way the CommonJS script loads it
  const realLibrary = require("office-addin-dev-certs") as DevCertsLibrary;

  it("never takes the sudo route as root or without sudo on Linux; elsewhere it does", () => {
    expect(installRoute({ platform: "linux", isRoot: true, hasSudo: true })).toBe("root");
    expect(installRoute({ platform: "linux", isRoot: false, hasSudo: false })).toBe("no-sudo");
    expect(installRoute({ platform: "linux", isRoot: false, hasSudo: true })).toBe("install");
    expect(installRoute({ platform: "darwin", isRoot: false, hasSudo: true })).toBe("install");
  });

  it.each([
    ["root", "running as root, so no sudo call"],
    ["no-sudo", "sudo is not installed"],
  ] as const)("route %s: no install attempt; the dev certificate is created once, served, and the line says how to trust its authority", async (route, reason) => {
    const files = certificateFiles(tempDir("certs"));
    const { devCerts, calls } = library();
    const first = await devCertificate({ port: 3456, devCerts, route, files });
    expect(calls).toEqual(["generate"]);
    expect(first.options!.cert.equals(readFileSync(files.cert))).toBe(true);
    expect(first.line).toBe(
      `HTTPS certificate: ${files.cert}, signed by the development authority ${files.ca}, which this machine does not trust (${reason}). ` +
        `Trust that ca.crt once (your browser's certificate settings, or as root: cp ${files.ca} /usr/local/share/ca-certificates/office-addin-dev-certs.crt ` +
        `&& update-ca-certificates), or open https://localhost:3456/taskpane.html and accept the warning.`,
    );
    // The next start reuses it, so its authority needs trusting only once.
    const again = library();
    const second = await devCertificate({ port: 3456, devCerts: again.devCerts, route, files });
    expect(again.calls).toEqual(["verify"]);
    expect(second.options!.cert.equals(first.options!.cert)).toBe(true);
  });

  it("an installed authority is served as trusted, without installing anything", async () => {
    const files = certificateFiles(tempDir("certs"));
    const chatter = jest.spyOn(console, "log").mockImplementation(() => undefined);
    await realLibrary.generateCertificates(files.ca, files.cert, files.key).finally(() => chatter.mockRestore());
    const { devCerts, calls } = library({ verifyCertificates: () => true });
    const got = await devCertificate({ port: 3000, devCerts, route: "root", files });
    expect(calls).toEqual([]);
    expect(got.line).toBe(`HTTPS certificate: ${files.cert}, signed by the development authority ${files.ca}, which this machine trusts.`);
  });

  it("a failed install says why; nothing usable at all falls back to a self-signed certificate, saying so", async () => {
    const files = certificateFiles(tempDir("certs"));
    const failed = await devCertificate({ port: 3000, devCerts: library().devCerts, route: "install", files });
    expect(failed.options).toBeDefined();
    expect(failed.line).toContain("which this machine does not trust (installing its authority failed: sudo: not found)");
    const { devCerts } = library({
      generateCertificates: async () => {
        throw new Error("read-only home");
      },
    });
    const none = await devCertificate({ port: 3000, devCerts, route: "root", files: certificateFiles(tempDir("certs")) });
    expect(none.options).toBeUndefined();
    expect(none.line).toMatch(
      /^HTTPS certificate: a temporary self-signed one \(running as root, so no sudo call; creating .* failed: read-only home\)\. Open https:\/\/localhost:3000\/taskpane\.html once in your browser and accept it\.$/,
    );
  });

  (existsSync(join(root, "dist", "manifest.xml")) ? it : it.skip)(
    "serve:dist prints that line, calls no sudo, and serves a certificate its authority verifies",
    async () => {
      const home = tempDir("serve-home");
      const bin = tempDir("serve-bin");
      // A sudo that records being called; as root it is on PATH, otherwise PATH has no sudo at all.
      const root0 = process.getuid?.() === 0;
      if (root0) {
        writeFileSync(join(bin, "sudo"), `#!/bin/sh\necho "$@" >> ${join(home, "sudo-called")}\nexit 1\n`);
        chmodSync(join(bin, "sudo"), 0o755);
      }
      const port = await freePort();
      const child = spawn(process.execPath, [join(root, "scripts", "serve-dist.mjs")], {
        cwd: root,
        env: { ...process.env, HOME: home, PATH: bin, PORT: String(port) },
      });
      let output = "";
      try {
        await new Promise<void>((done, fail) => {
          const timer = setTimeout(() => fail(new Error(`serve:dist did not start:\n${output}`)), 60_000);
          const onData = (chunk: Buffer) => {
            output += chunk.toString();
            if (/Serving dist\//.test(output)) {
              clearTimeout(timer);
              done();
            }
          };
          child.stdout.on("data", onData);
          child.stderr.on("data", onData);
          child.on("exit", (code) => fail(new Error(`serve:dist exited (${code}):\n${output}`)));
        });
        const lines = output.split("\n").filter((l) => /^HTTPS certificate: /.test(l));
        expect(lines).toHaveLength(1);
        expect(lines[0]).toContain(`which this machine does not trust (${root0 ? "running as root, so no sudo call" : "sudo is not installed"})`);
        expect(existsSync(join(home, "sudo-called"))).toBe(false);
        // Trusting the authority it names is enough: the page verifies against it.
        const ca = readFileSync(join(home, ".office-addin-dev-certs", "ca.crt"));
        const status = await new Promise<number>((done, fail) =>
          request({ host: "localhost", port, path: "/help.html", ca }, (res) => {
            res.resume();
            done(res.statusCode!);
          })
            .on("error", fail)
            .end(),
        );
        expect(status).toBe(200);
      } finally {
        child.kill("SIGTERM");
      }
    },
    90_000,
  );
});
