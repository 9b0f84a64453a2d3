// Recalculates an .xlsx in LibreOffice headless with a throw-away profile, so runs never share
// state and nothing outside the temp directory is touched.
import { execFileSync } from "child_process";
import { existsSync } from "fs";
import { tempDir } from "../support/tempDir";
import { basename, join } from "path";

export function sofficePath(): string {
  for (const p of ["/usr/bin/soffice", "/usr/local/bin/soffice", "/usr/lib/libreoffice/program/soffice"]) if (existsSync(p)) return p;
  throw new Error("LibreOffice is not installed: run `bash scripts/system-deps.sh` (installs libreoffice-calc-nogui).");
}

/** Opens `file` in LibreOffice (which computes every formula cell without a cached value) and saves it again; returns the path. */
export function recalcInLibreOffice(file: string): string {
  const work = tempDir("lo");
  const out = join(work, "out");
  execFileSync(
    sofficePath(),
    [`-env:UserInstallation=file://${join(work, "profile")}`, "--headless", "--convert-to", "xlsx", "--outdir", out, file],
    // Its own temporary files go to the work folder too, so they are removed with it.
    { stdio: "pipe", timeout: 120_000, env: { ...process.env, TMPDIR: work } },
  );
  const result = join(out, basename(file));
  if (!existsSync(result)) throw new Error(`LibreOffice did not write ${result}`);
  return result;
}

/**
 * Recalculates many workbooks in ONE LibreOffice run (start-up dominates a conversion's time);
 * returns the recalculated copy of each, in order. Inputs must have distinct base names.
 */
export function recalcAllInLibreOffice(files: readonly string[]): string[] {
  const work = tempDir("lo");
  const out = join(work, "out");
  execFileSync(
    sofficePath(),
    [`-env:UserInstallation=file://${join(work, "profile")}`, "--headless", "--convert-to", "xlsx", "--outdir", out, ...files],
    { stdio: "pipe", timeout: 60_000 + 30_000 * files.length, env: { ...process.env, TMPDIR: work } },
  );
  return files.map((f) => join(out, basename(f).replace(/\.[^.]+$/, ".xlsx")));
}
