// A webpack plugin that adds what the metadata generator cannot express to the functions.json it
// emits: allowErrorForDataTypeAny, so an error cell reaches the functions as an error object instead
// of Excel answering the call with that error itself. Then every function names the argument (and
// COSTTREE the row and column) holding the error, in its "fix that cell" message.
const { sources, Compilation } = require("webpack");

const PATCH = { allowErrorForDataTypeAny: true };

/** The metadata with the patch applied (exported for the build's test). */
function patchFunctionsJson(text) {
  const metadata = JSON.parse(text);
  return JSON.stringify({ ...PATCH, ...metadata, ...PATCH }, null, 4);
}

class FunctionsJsonPatchPlugin {
  constructor(file = "functions.json") {
    this.file = file;
  }
  apply(compiler) {
    compiler.hooks.thisCompilation.tap("FunctionsJsonPatchPlugin", (compilation) => {
      compilation.hooks.processAssets.tap(
        { name: "FunctionsJsonPatchPlugin", stage: Compilation.PROCESS_ASSETS_STAGE_ADDITIONAL },
        (assets) => {
          const asset = assets[this.file];
          if (!asset) return; // the metadata plugin reported errors: the build fails on those
          compilation.updateAsset(this.file, new sources.RawSource(patchFunctionsJson(asset.source().toString())));
        },
      );
    });
  }
}

module.exports = { FunctionsJsonPatchPlugin, patchFunctionsJson };
