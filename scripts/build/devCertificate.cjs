// The https certificate `npm start` and `npm run serve:dist` serve on localhost, and the one line
// that says which one it is and how to trust it.
//
// office-addin-dev-certs keeps a development authority (ca.crt) and a localhost certificate it
// signed in ~/.office-addin-dev-certs, and installs the authority with `sudo` on Linux. As root
// (containers, CI) or where sudo is missing that call can only fail (or ask a password for
// nothing), so it is not made: the certificates are created without installing the authority,
// and the line says how to trust it. Any other failure falls back to a temporary self-signed one.
const { X509Certificate, createPrivateKey } = require("crypto");
const { existsSync, readFileSync } = require("fs");
const os = require("os");
const path = require("path");

/** True when `command` is an executable file on PATH. */
function onPath(command, env = process.env) {
  return (env.PATH || "").split(path.delimiter).some((dir) => dir && existsSync(path.join(dir, command)));
}

/**
 * How the authority may be installed here: "install" (the library's own way: sudo on Linux, the
 * system's prompts on Windows and macOS), or why not ("root", "no-sudo").
 */
function installRoute({ platform = process.platform, isRoot = process.getuid?.() === 0, hasSudo = onPath("sudo") } = {}) {
  if (platform !== "linux") return "install";
  if (isRoot) return "root";
  return hasSudo ? "install" : "no-sudo";
}

const REASONS = { root: "running as root, so no sudo call", "no-sudo": "sudo is not installed" };

/** The certificate files of office-addin-dev-certs under `home`. */
function certificateFiles(home = os.homedir()) {
  const dir = path.join(home, ".office-addin-dev-certs");
  return { dir, ca: path.join(dir, "ca.crt"), cert: path.join(dir, "localhost.crt"), key: path.join(dir, "localhost.key") };
}

/** The localhost certificate and its key exist, belong together and are valid for at least one more day. */
function usablePair(files) {
  try {
    const cert = new X509Certificate(readFileSync(files.cert));
    const key = createPrivateKey(readFileSync(files.key));
    return existsSync(files.ca) && cert.checkPrivateKey(key) && Date.parse(cert.validTo) > Date.now() + 86_400_000;
  } catch {
    return false;
  }
}

/** Runs a library call without its own console chatter: the caller prints one line. */
async function quietly(call) {
  const { log, warn } = console;
  console.log = console.warn = () => undefined;
  try {
    return await call();
  } finally {
    Object.assign(console, { log, warn });
  }
}

const oneLine = (error) => String(error instanceof Error ? error.message : error).replace(/\s+/g, " ").trim();

/**
 * The certificate to serve on https://localhost:<port> (`page`: the address to open to accept it): `options` (key, cert, ca) for an https
 * server, or undefined for the server's own temporary self-signed one; `line` says which and how to trust it.
 */
async function devCertificate({
  port,
  page = `https://localhost:${port}/taskpane.html`,
  devCerts = require("office-addin-dev-certs"),
  route = installRoute(),
  files = certificateFiles(),
} = {}) {
  const home = os.homedir();
  const shown = (p) => (home && p.startsWith(home) ? `~${p.slice(home.length)}` : p);
  const read = () => ({ ca: readFileSync(files.ca), cert: readFileSync(files.cert), key: readFileSync(files.key) });
  const trusted = () => ({
    options: read(),
    line: `HTTPS certificate: ${shown(files.cert)}, signed by the development authority ${shown(files.ca)}, which this machine trusts.`,
  });
  let reason;
  try {
    // Already installed: serving it needs no sudo on any route.
    if (usablePair(files) && (await quietly(() => devCerts.verifyCertificates(files.cert, files.key)))) return trusted();
  } catch {
    // The check itself failed (no shell, no openssl): go on as if nothing were installed.
  }
  if (route === "install") {
    try {
      await quietly(() => devCerts.getHttpsServerOptions());
      return trusted();
    } catch (error) {
      reason = `installing its authority failed: ${oneLine(error)}`;
    }
  } else {
    reason = REASONS[route];
  }
  try {
    if (!usablePair(files)) await quietly(() => devCerts.generateCertificates(files.ca, files.cert, files.key));
    return {
      options: read(),
      line:
        `HTTPS certificate: ${shown(files.cert)}, signed by the development authority ${shown(files.ca)}, which this machine does not trust ` +
        `(${reason}). Trust that ca.crt once (your browser's certificate settings, or as root: ` +
        `cp ${shown(files.ca)} /usr/local/share/ca-certificates/office-addin-dev-certs.crt && update-ca-certificates), ` +
        `or open ${page} and accept the warning.`,
    };
  } catch (error) {
    return {
      options: undefined,
      line:
        `HTTPS certificate: a temporary self-signed one (${reason}; creating ${shown(files.dir)} failed: ${oneLine(error)}). ` +
        `Open ${page} once in your browser and accept it.`,
    };
  }
}

module.exports = { devCertificate, installRoute, certificateFiles, onPath };
