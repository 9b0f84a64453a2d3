// Token estimates for prompt text (e.g. a system prompt pasted in a cell). The tokenizer's data is
// megabytes, so it is imported on first use only: webpack puts it in a chunk of its own and the
// add-in starts without it.
import { notAvailable } from "./errors";
import { messages } from "./messages";
import type { Tokens } from "./units";

export type TokenCounter = (text: string) => number;

let loading: Promise<TokenCounter> | undefined;

/** o200k_base, the encoding of GPT-4o and later OpenAI models; other vendors count differently. */
export function loadTokenCounter(): Promise<TokenCounter> {
  loading ??= import(/* webpackChunkName: "tokenizer" */ "gpt-tokenizer/encoding/o200k_base").then(
    (tokenizer) =>
      // Text that merely looks like a special token (<|endoftext|>) is counted as ordinary text.
      (text: string) => tokenizer.countTokens(text, { disallowedSpecial: new Set() }),
    (error: unknown) => {
      loading = undefined; // a failed chunk load (network blip) may succeed on the next recalculation
      const reason = (error instanceof Error ? error.message : String(error)).replace(/\s+/g, " ");
      throw notAvailable(messages.tokenizerUnavailable(reason));
    },
  );
  return loading;
}

/** Estimated tokens of a text; empty text has none. */
export async function estimateTokens(text: string): Promise<Tokens> {
  if (text === "") return 0 as Tokens;
  const count = await loadTokenCounter();
  return count(text) as Tokens;
}
