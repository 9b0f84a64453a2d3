/* eslint-disable no-undef */
// Builds the add-in into dist/: functions.json (generated from JSDoc), functions.js, taskpane.html
// with its scripts (one shared runtime hosts both), the manifest and icons.
const path = require("path");
const CustomFunctionsMetadataPlugin = require("custom-functions-metadata-plugin");
const HtmlWebpackPlugin = require("html-webpack-plugin");
const CopyWebpackPlugin = require("copy-webpack-plugin");
const { FunctionsJsonPatchPlugin } = require("./scripts/functionsJsonPatch");

const DEV_PORT = 3000;

// Every file with @customfunction declarations. Each is a separate entry point for the metadata
// generator, which appends its CustomFunctions.associate calls to the file itself.
const FUNCTION_FILES = [
  "./src/functions/functions.ts",
  "./src/functions/scenarioFunctions.ts",
  "./src/functions/classificationFunctions.ts",
];

/** Certificates from office-addin-dev-certs when its CA is installed; else webpack's own self-signed one. */
async function httpsServer() {
  try {
    const devCerts = require("office-addin-dev-certs");
    const options = await devCerts.getHttpsServerOptions();
    return { type: "https", options: { ca: options.ca, key: options.key, cert: options.cert } };
  } catch (error) {
    console.warn(
      `office-addin-dev-certs could not install its certificate (${error.message}); ` +
        "serving with a self-signed certificate: trust https://localhost:3000 in your browser once.",
    );
    return "https";
  }
}

module.exports = async (env, argv) => {
  const dev = argv.mode !== "production";
  const serving = Boolean(env && env.WEBPACK_SERVE);
  return {
    devtool: dev ? "source-map" : false,
    entry: {
      functions: FUNCTION_FILES,
      // dependOn: the pane reuses the functions bundle's module instances, so both share one price
      // source in the shared runtime (and the price data ships once).
      taskpane: { import: "./src/taskpane/index.tsx", dependOn: "functions" },
    },
    output: {
      path: path.resolve(__dirname, "dist"),
      filename: "[name].js",
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
      new FunctionsJsonPatchPlugin("functions.json"),
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
          { from: "manifest.xml", to: "manifest.xml" },
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
