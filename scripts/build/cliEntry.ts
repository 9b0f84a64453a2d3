// Entry of the single-file aiecon-share (webpack.cli.config.js): runs the CLI on this process's arguments.
import { main } from "../../src/share/xlsx/cli";
import { errorText } from "../../src/calc/errors";

main(process.argv.slice(2), { out: (s) => console.log(s), err: (s) => console.error(s) }).then(
  (code) => (process.exitCode = code),
  (error) => {
    console.error(`aiecon-share: ${errorText(error)}`);
    process.exitCode = 2;
  },
);
