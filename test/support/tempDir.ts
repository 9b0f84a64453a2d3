// The one way a test makes a temporary folder: under the system temp folder, named aiecon-<what>-…,
// and removed after the test file's last test, whether it passed or failed, so a test run leaves
// nothing behind (LibreOffice profiles and converted workbooks add up to tens of MB a run).
import { mkdtempSync, rmSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";

const made: string[] = [];

/** Removes every folder made so far in this test file. */
export function removeTempDirs(): void {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
}

// Each test file has its own module registry, so this registers once per file that uses tempDir.
afterAll(removeTempDirs);

/** A new empty folder `aiecon-<what>-XXXXXX` in the system temp folder, gone after this test file. */
export function tempDir(what: string): string {
  const dir = mkdtempSync(join(tmpdir(), `aiecon-${what}-`));
  made.push(dir);
  return dir;
}
