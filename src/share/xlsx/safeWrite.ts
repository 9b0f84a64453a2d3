// Writing the shared copy without ever harming the input: identity (not path text) decides
// whether the output is the input, and the bytes go to a temporary file in the output's folder
// that is renamed over the output only once complete, so no half-written or empty file is left.
import { closeSync, createWriteStream, fsyncSync, openSync, renameSync, statSync, unlinkSync } from "fs";
import { basename, dirname, join } from "path";
import { Readable } from "stream";
import { pipeline } from "stream/promises";

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
    // never created
  }
};

/** Writes a stream to `output`: into a temporary file beside it, flushed, then renamed over it once complete. */
export async function streamAtomically(output: string, source: Readable): Promise<void> {
  const temp = tempBeside(output);
  try {
    await pipeline(source, createWriteStream(temp, { flags: "wx" }));
    const fd = openSync(temp, "r+");
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temp, output);
  } catch (e) {
    removeQuietly(temp);
    throw e;
  }
}

/** Writes `bytes` to `output` the same way. */
export function writeAtomically(output: string, bytes: Uint8Array): Promise<void> {
  return streamAtomically(output, Readable.from([bytes]));
}
