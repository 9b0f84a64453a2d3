// Writing the shared copy without ever harming the input: identity (not path text) decides
// whether the output is the input, and the bytes go to a temporary file in the output's folder
// that is renamed over the output only once complete, so no half-written or empty file is left.
// The temporary file is made before any work (so a missing or read-only folder is found at once)
// and removed on every way out: success, failure, and SIGINT/SIGTERM.
import { closeSync, createWriteStream, fsyncSync, openSync, renameSync, statSync, unlinkSync } from "fs";
import { basename, dirname, join } from "path";
import { Readable } from "stream";
import { pipeline } from "stream/promises";
import { RefusedInput } from "./refused";

/** True when both paths name the same file (through a symlink, a hard link or another spelling). */
export function sameFile(a: string, b: string): boolean {
  try {
    const x = statSync(a);
    const y = statSync(b);
    return x.dev === y.dev && x.ino === y.ino;
  } catch {
    return false; // one of them does not exist yet
  }
}

const tempBeside = (output: string) => join(dirname(output), `.${basename(output)}.${process.pid}.${Date.now().toString(36)}.tmp`);

const removeQuietly = (file: string) => {
  try {
    unlinkSync(file);
  } catch {
    // never created, or already gone
  }
};

/** Temporary files not yet renamed or removed: a signal removes them before the process ends. */
const pending = new Set<string>();
const SIGNALS = ["SIGINT", "SIGTERM"] as const;

function onSignal(signal: NodeJS.Signals): void {
  for (const file of pending) removeQuietly(file);
  pending.clear();
  stopWatchingSignals();
  // Ended as the signal would have ended it (exit status 128 + signal number).
  process.kill(process.pid, signal);
}

function watchSignals(): void {
  if (pending.size === 1) for (const s of SIGNALS) process.on(s, onSignal);
}
function stopWatchingSignals(): void {
  if (pending.size === 0) for (const s of SIGNALS) process.removeListener(s, onSignal);
}

/** Why the output's folder cannot take a new file, in the user's words. */
function folderProblem(output: string, e: NodeJS.ErrnoException): string {
  const folder = dirname(output);
  if (e.code === "ENOENT")
    return `the folder ${folder} does not exist; create it or choose another place for ${basename(output)}. Nothing was done.`;
  if (e.code === "ENOTDIR") return `${folder} is not a folder; choose another place for ${basename(output)}. Nothing was done.`;
  if (e.code === "EACCES" || e.code === "EPERM" || e.code === "EROFS")
    return `the folder ${folder} cannot be written to (${e.code === "EROFS" ? "a read-only file system" : "no permission"}); choose another place for ${basename(output)}. Nothing was done.`;
  return `${basename(output)} cannot be created in ${folder} (${e.message}). Nothing was done.`;
}

/**
 * The output's temporary file, created now (empty) beside it. write() fills it and renames it over
 * the output; discard() removes it. A folder that cannot take it is refused here, before any work.
 */
export class PendingOutput {
  private readonly temp: string;
  private done = false;

  constructor(readonly output: string) {
    if (existsAsFolder(output)) throw new RefusedInput(`aiecon-share: ${output} is a folder; name the file to write. Nothing was done.`);
    this.temp = tempBeside(output);
    try {
      closeSync(openSync(this.temp, "wx"));
    } catch (e) {
      throw new RefusedInput(`aiecon-share: ${folderProblem(output, e as NodeJS.ErrnoException)}`);
    }
    pending.add(this.temp);
    watchSignals();
  }

  /** Streams `source` into the temporary file, flushes it and renames it over the output. */
  async write(source: Readable): Promise<void> {
    try {
      await pipeline(source, createWriteStream(this.temp, { flags: "r+" }));
      const fd = openSync(this.temp, "r+");
      try {
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
      renameSync(this.temp, this.output);
      this.settle();
    } catch (e) {
      this.discard();
      throw e;
    }
  }

  /** Removes the temporary file (nothing is written); safe to call more than once. */
  discard(): void {
    if (this.done) return;
    removeQuietly(this.temp);
    this.settle();
  }

  private settle(): void {
    this.done = true;
    pending.delete(this.temp);
    stopWatchingSignals();
  }
}

function existsAsFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** Writes a stream to `output`: into a temporary file beside it, flushed, then renamed over it once complete. */
export async function streamAtomically(output: string, source: Readable): Promise<void> {
  await new PendingOutput(output).write(source);
}

/** Writes `bytes` to `output` the same way. */
export function writeAtomically(output: string, bytes: Uint8Array): Promise<void> {
  return streamAtomically(output, Readable.from([bytes]));
}
