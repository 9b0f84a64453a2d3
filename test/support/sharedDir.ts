// The team's shared folder beside the project (../shared: workbooks saved by Excel, a real FOCUS
// billing export); where it is found and what it must hold: sharedFolder.cjs.
import { existsSync } from "fs";
import { join } from "path";
import { findSharedDir, missingShared } from "./sharedFolder.cjs";

export const SHARED_DIR = findSharedDir();

/** A file in the shared folder; missing, it fails the test that needs it rather than skipping it. */
export function sharedFile(...parts: string[]): string {
  const file = join(SHARED_DIR, ...parts);
  if (!existsSync(file)) throw new Error(missingShared(SHARED_DIR) ?? `${file} is missing from the shared folder ${SHARED_DIR}.`);
  return file;
}
