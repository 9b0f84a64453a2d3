// Token estimates for prompt text (e.g. a system prompt pasted in a cell). The tokenizer's data is
// megabytes, so it is imported on first use only: webpack puts it in a chunk of its own and the
// add-in starts without it.
import { notAvailable, errorText } from "./errors";
import { messages } from "./messages";
import type { Tokens } from "./units";

export type TokenCounter = (text: string) => number;

let loading: Promise<TokenCounter> | undefined;

/** o200k_base, the encoding of GPT-4o and later OpenAI models; other vendors count differently. */
export function loadTokenCounter(): Promise<TokenCounter> {
  loading ??= import(/* webpackChunkName: "tokenizer" */ "gpt-tokenizer/encoding/o200k_base").then(
    (tokenizer) => {
      // Text that merely looks like a special token (<|endoftext|>) is counted as ordinary text.
      const options = { disallowedSpecial: new Set<string>() };
      return (text: string) => tokenizerPieces(text).reduce((n, piece) => n + tokenizer.countTokens(piece, options), 0);
    },
    (error: unknown) => {
      loading = undefined; // a failed chunk load (network blip) may succeed on the next recalculation
      const reason = errorText(error).replace(/\s+/g, " ");
      throw notAvailable(messages.tokenizerUnavailable(reason));
    },
  );
  return loading;
}

/** The longest piece handed to the tokenizer at once. */
export const TOKENIZER_PIECE = 256;

const WORDISH = /[\p{L}\p{N}\p{M}]/u;
const SPACE = /\s/u;

/**
 * Where the tokenizer's own pre-split always starts a new word: before a single space between two
 * non-spaces (" word"), or before punctuation that follows a letter or digit (an apostrophe excepted:
 * "'s" joins the word). No o200k word crosses such a point, so counting each side apart is exact.
 */
function startsWord(text: string, i: number): boolean {
  const prev = text[i - 1];
  const ch = text[i];
  if (ch === " ") return !SPACE.test(prev) && i + 1 < text.length && !SPACE.test(text[i + 1]);
  return WORDISH.test(prev) && !WORDISH.test(ch) && !SPACE.test(ch) && ch !== "'" && ch !== "\u2019";
}

/**
 * The text in pieces of at most TOKENIZER_PIECE characters, for a count that is linear in its
 * length: the tokenizer's merges are quadratic in the length of one word, so a 32,767-character
 * cell of letters took 2 s and of CJK 18 s, blocking the shared runtime and the pane. Pieces end
 * where a word starts, so ordinary text counts exactly as a whole; a single word longer than
 * half a piece (a key, a hash, CJK without punctuation) is cut, each cut adding at most a token.
 */
export function tokenizerPieces(text: string): string[] {
  const pieces: string[] = [];
  let start = 0;
  while (text.length - start > TOKENIZER_PIECE) {
    let cut = start + TOKENIZER_PIECE;
    while (cut > start + TOKENIZER_PIECE / 2 && !startsWord(text, cut)) cut--;
    if (cut === start + TOKENIZER_PIECE / 2 && !startsWord(text, cut)) {
      cut = start + TOKENIZER_PIECE;
      if (/[\udc00-\udfff]/.test(text[cut])) cut--; // never between the halves of a surrogate pair
    }
    pieces.push(text.slice(start, cut));
    start = cut;
  }
  pieces.push(text.slice(start));
  return pieces;
}

/** Estimated tokens of a text; empty text has none. */
export async function estimateTokens(text: string): Promise<Tokens> {
  if (text === "") return 0 as Tokens;
  const count = await loadTokenCounter();
  return count(text) as Tokens;
}
