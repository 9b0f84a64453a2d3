// The team's shared folder beside the project (../shared: workbooks saved by Excel, a real FOCUS
// billing export). Read from there, never copied in. A worktree one level deeper finds it too.
import { existsSync } from "fs";
import { join, resolve } from "path";

const root = resolve(__dirname, "..", "..");
export const SHARED_DIR =
  [process.env.AIECON_SHARED, join(root, "..", "shared"), join(root, "..", "..", "shared")].find((d): d is string => !!d && existsSync(d)) ??
  join(root, "..", "shared");

/** A file in the shared folder; missing, it fails the test that needs it rather than skipping it. */
export function sharedFile(...parts: string[]): string {
  const file = join(SHARED_DIR, ...parts);
  if (!existsSync(file)) throw new Error(`${file} is missing: the shared folder must sit beside the project (../shared).`);
  return file;
}
