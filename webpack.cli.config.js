// The aiecon-share CLI as one self-contained file (build/aiecon-share.cjs) that runs with Node.js
// 20+ anywhere, outside this repository and without its node_modules: `npm run build:cli-file`.
const path = require("path");
const webpack = require("webpack");

module.exports = {
  mode: "production",
  target: "node20",
  entry: "./scripts/build/cliEntry.ts",
  output: { path: path.resolve(__dirname, "build"), filename: "aiecon-share.cjs", library: { type: "commonjs2" } },
  resolve: { extensions: [".ts", ".js", ".json"] },
  module: {
    rules: [
      {
        test: /\.ts$/,
        exclude: /node_modules/,
        use: {
          loader: "ts-loader",
          options: { transpileOnly: true, configFile: "tsconfig.cli.json", compilerOptions: { module: "ESNext", rootDir: "." } },
        },
      },
    ],
  },
  // One file: no lazy chunks to lose when the file is copied elsewhere.
  plugins: [
    new webpack.optimize.LimitChunkCountPlugin({ maxChunks: 1 }),
    new webpack.BannerPlugin({ banner: "#!/usr/bin/env node", raw: true }),
  ],
  optimization: { minimize: false },
  performance: { hints: false },
};
