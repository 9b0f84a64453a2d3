// Figures the README quotes come from `npm run bench`, never typed by hand: a bench records the
// text of a figure under a name (recordFigure), and `node scripts/benchFigures.cjs` (the last step
// of `npm run bench`) writes each recorded text into the README's block of that name:
//   <!-- bench:share -->…<!-- /bench:share -->
// A block whose figure no bench recorded is an error, so no figure can outlive its measurement.
const { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } = require("fs");
const { join, resolve } = require("path");

const root = resolve(__dirname, "..");
const FIGURES_DIR = join(root, "build", "bench-figures");
const README = join(root, "README.md");
const BLOCK = /<!-- bench:([a-z-]+) -->([\s\S]*?)<!-- \/bench:\1 -->/g;

/** Records a figure's text (one line, or several) for the README block `name`. */
function recordFigure(name, text, dir = FIGURES_DIR) {
  if (!/^[a-z-]+$/.test(name)) throw new Error(`bench figure names are lower-case words: ${name}`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `${name}.md`), String(text).trim());
}

/** The names of the README's bench blocks, in order. */
function blockNames(readme) {
  return [...readme.matchAll(BLOCK)].map((m) => m[1]);
}

/** The README with each block's text replaced by its figure; throws naming any block without one. */
function updateBlocks(readme, figures) {
  const missing = blockNames(readme).filter((name) => figures[name] === undefined);
  if (missing.length) throw new Error(`README.md quotes bench figures no bench recorded: ${missing.join(", ")} (run \`npm run bench\`)`);
  return readme.replace(BLOCK, (_all, name) => `<!-- bench:${name} -->${figures[name]}<!-- /bench:${name} -->`);
}

/** Every recorded figure by name. */
function readFigures(dir = FIGURES_DIR) {
  if (!existsSync(dir)) return {};
  return Object.fromEntries(
    readdirSync(dir)
      .filter((f) => f.endsWith(".md"))
      .map((f) => [f.slice(0, -3), readFileSync(join(dir, f), "utf8")]),
  );
}

module.exports = { recordFigure, updateBlocks, blockNames, readFigures, FIGURES_DIR };

if (require.main === module) {
  const before = readFileSync(README, "utf8");
  try {
    const after = updateBlocks(before, readFigures());
    if (after !== before) writeFileSync(README, after);
    console.log(
      `README.md: ${blockNames(before).join(", ")} ${after === before ? "already up to date" : "updated"} from the bench's figures.`,
    );
  } catch (error) {
    console.error(error.message);
    process.exit(1);
  }
}
