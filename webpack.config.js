// Builds the add-in into dist/: functions.json (generated from JSDoc), functions.js, taskpane.html
// with its scripts (one shared runtime hosts both), the manifest and icons.
const path = require("path");
const CustomFunctionsMetadataPlugin = require("custom-functions-metadata-plugin");
const HtmlWebpackPlugin = require("html-webpack-plugin");
const CopyWebpackPlugin = require("copy-webpack-plugin");
const { deployTarget, rewriteManifest, DeployConfigError, DEV_ORIGIN } = require("./scripts/build/deployTarget.cjs");
const { HelpPagePlugin } = require("./scripts/build/helpPage.cjs");
const { devCertificate } = require("./scripts/build/devCertificate.cjs");
const { FunctionsJsonPatchPlugin } = require("./scripts/functionsJsonPatch");

// npm start serves on 3000 unless PORT says otherwise (scripts/start.mjs checks the port is free).
const DEV_PORT = Number(process.env.PORT) || 3000;

// Every file with @customfunction declarations, read by the metadata generator, which appends their
// CustomFunctions.associate calls to each file. src/entry/functions.ts imports them all.
const FUNCTION_FILES = [
  "./src/functions/functions.ts",
  "./src/functions/scenarioFunctions.ts",
  "./src/functions/classificationFunctions.ts",
  "./src/functions/varianceFunctions.ts",
];

/** The dev certificate (scripts/build/devCertificate.cjs), or webpack's own self-signed one; one line says which. */
async function httpsServer() {
  const { options, line } = await devCertificate({ port: DEV_PORT });
  console.log(line);
  return options ? { type: "https", options } : "https";
}

/**
 * Where the build will be served from. `npm run build` passes --env deploy: ADDIN_BASE_URL is then
 * required, and the manifest and help links point under it. Refusals print one message, no stack.
 * `npm run build:local` passes --env local: the development manifest, whatever ADDIN_BASE_URL says.
 */
function targetOf(env, serving) {
  if (serving) return { production: false, baseUrl: `https://localhost:${DEV_PORT}` };
  if (env && env.local) return { production: false, baseUrl: DEV_ORIGIN };
  try {
    return deployTarget({
      deploy: Boolean(env && env.deploy),
      baseUrl: process.env.ADDIN_BASE_URL,
      packageVersion: require("./package.json").version,
    });
  } catch (error) {
    if (!(error instanceof DeployConfigError)) throw error;
    console.error(`\n${error.message}\n`);
    process.exit(1);
  }
}

module.exports = async (env, argv) => {
  const dev = argv.mode !== "production";
  const serving = Boolean(env && env.WEBPACK_SERVE);
  const target = targetOf(env, serving);
  // Production: content-hashed names, so a redeploy is never served stale from a cache. The
  // functions script keeps its name: the manifest names it (serve it, and the .html/.json, no-cache).
  const hashed = dev ? "[name].js" : "[name].[contenthash:8].js";
  return {
    devtool: dev ? "source-map" : false,
    entry: {
      // Entry files start what runs (registration, the price runtime); no other module does on import.
      functions: "./src/entry/functions.ts",
      // dependOn: the pane reuses the functions bundle's module instances, so both share one price
      // source in the shared runtime (and the price data ships once).
      taskpane: { import: "./src/entry/taskpane.ts", dependOn: "functions" },
    },
    output: {
      path: path.resolve(__dirname, "dist"),
      filename: (pathData) => (pathData.chunk.name === "functions" ? "[name].js" : hashed),
      ...(dev ? {} : { chunkFilename: hashed }),
      clean: true,
    },
    resolve: { extensions: [".ts", ".tsx", ".js", ".json"] },
    module: {
      rules: [
        {
          test: /\.tsx?$/,
          exclude: /node_modules/,
          use: { loader: "ts-loader", options: { transpileOnly: true, configFile: "tsconfig.build.json" } },
        },
        { test: /\.(png|jpg|jpeg|gif|ico)$/, type: "asset/resource", generator: { filename: "assets/[name][ext]" } },
      ],
    },
    performance: { hints: false },
    plugins: [
      new CustomFunctionsMetadataPlugin({ output: "functions.json", input: FUNCTION_FILES }),
      // Both patch the generated functions.json in place, each reading the asset as it stands.
      new FunctionsJsonPatchPlugin("functions.json"),
      new HelpPagePlugin({ baseUrl: target.baseUrl, sources: FUNCTION_FILES }),
      new HtmlWebpackPlugin({
        filename: "taskpane.html",
        template: "./src/taskpane/taskpane.html",
        // Shared runtime: the functions live in the task pane's page, so it loads them too.
        chunks: ["functions", "taskpane"],
        chunksSortMode: "manual",
      }),
      new CopyWebpackPlugin({
        patterns: [
          { from: "assets/*", to: "assets/[name][ext]" },
          {
            from: "manifest.xml",
            to: "manifest.xml",
            transform: (content) =>
              target.production ? rewriteManifest(content.toString(), target) : content.toString().split(DEV_ORIGIN).join(target.baseUrl),
          },
        ],
      }),
    ],
    devServer: serving
      ? {
          port: DEV_PORT,
          host: "localhost", // serve this machine only: the add-in has no business on the network
          headers: { "Access-Control-Allow-Origin": "*" },
          server: await httpsServer(),
          static: { directory: path.resolve(__dirname, "dist") },
          client: { overlay: false },
        }
      : undefined,
  };
};
