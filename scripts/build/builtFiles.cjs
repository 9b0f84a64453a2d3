// Names of the scripts a production build emits. Scripts no fixed URL names carry a content hash
// (webpack.config.js): taskpane.1a2b3c4d.js. Tests and benchmarks find them here by chunk name.
const { readdirSync } = require("node:fs");

/** A content-hashed file (taskpane.1a2b3c4d.js): its URL changes whenever its content does. */
const HASHED = /\.[0-9a-f]{8}\.js(\.LICENSE\.txt)?$/;

/** Whether `file` (a file name, path or URL) is chunk `name`'s script: "name.js" or "name.<hash>.js". */
function isBuiltScript(file, name) {
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return new RegExp(`(^|/)${escaped}(\\.[0-9a-f]{8})?\\.js$`).test(file);
}

/** The file name of chunk `name` in `dir`: "name.js" or "name.<hash>.js"; throws when there is none or several. */
function builtScript(dir, name) {
  const found = readdirSync(dir).filter((f) => isBuiltScript(f, name));
  if (found.length !== 1) throw new Error(`expected one built script for chunk "${name}" in ${dir}, found ${found.length ? found.join(", ") : "none"}`);
  return found[0];
}

module.exports = { HASHED, builtScript, isBuiltScript };
