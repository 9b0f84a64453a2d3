// AIECON core custom functions. JSDoc here is the declaration Excel shows in autocomplete:
// custom-functions-metadata-plugin turns it into functions.json at build time.
// Parameters are typed `any` so that our own coercion (src/calc/values.ts) can say exactly what is
// wrong with an argument, instead of Excel's bare #VALUE!.
import { breakdownTable, evaluateCostTree, parseCostTree } from "../calc/costTree";
import { costPerInteraction, costPerUser, marginImpact, type CallPrices } from "../calc/interaction";
import { invalid } from "../calc/errors";
import { messages } from "../calc/messages";
import { modelPriceOn, ratesForCall } from "../calc/billing";
import { MODEL_PRICE_KINDS, priceOfKind, type ModelPriceKind } from "../calc/prices";
import type { InteractionsPerMonth, Tokens, UsdPerInteraction, UsdPerMillionTokens, UsdPerUserMonth } from "../calc/units";
import { isBlank, isBlankOrZero, optional, optionalDate, toChoice, toNonNegative, toPositive, toText, unwrap } from "../calc/values";
import { excel } from "./excelErrors";
import { priceRuntime } from "../runtime/priceRuntime";

// Functions needing a price read it through the price runtime (src/entry/functions.ts starts its
// first load): until the workbook's table has been read once, they wait for it.

/**
 * Cost of one AI interaction in $, from its tokens and a model name or prices in $ per 1M tokens.
 * @customfunction COSTPERINTERACTION
 * @remarks With a model name, prices come from the workbook's AI Prices table, then the bundled defaults, as the provider bills: the long-context tier the input reaches (the whole call), the price in force on as_of, the day's average where the rate depends on the hour; a call above the model's context window is #VALUE!. With a number, that is the input price and output_price is required. Example: =AIECON.COSTPERINTERACTION(7000, 1000, 3, 15, 4000, 0.3) gives 0.0252.
 * @param input_tokens Input (prompt) tokens per interaction, cached and cache-write ones included. Example: 7000.
 * @param output_tokens Output (response) tokens per interaction. Example: 1000.
 * @param model_or_input_price A model name from the price table (e.g. "gpt-4o"), or the input price in $ per 1M tokens.
 * @param [output_price] Output price in $ per 1M tokens. Only when model_or_input_price is a price; may be left out when output_tokens is 0.
 * @param [cached_input_tokens] The part of input_tokens billed at the cached-input price. Default 0.
 * @param [cached_input_price] Cached-input price in $ per 1M tokens. Only when model_or_input_price is a price.
 * @param [cache_write_tokens] The part of input_tokens written to the prompt cache, billed at the cache-write price (a model without one: its input price). Default 0.
 * @param [cache_write_price] Cache-write price in $ per 1M tokens. Only when model_or_input_price is a price.
 * @param [as_of] Pricing date (a date, or text yyyy-mm-dd): the model's latest price dated on or before it. Default: AIECON.PRICESASOF().
 * @returns $ per interaction.
 */
export function costPerInteractionFn(
  input_tokens: any,
  output_tokens: any,
  model_or_input_price: any,
  output_price?: any,
  cached_input_tokens?: any,
  cached_input_price?: any,
  cache_write_tokens?: any,
  cache_write_price?: any,
  as_of?: any,
): number {
  return excel(() => {
    const input = toNonNegative(input_tokens, "input_tokens") as Tokens;
    const output = toNonNegative(output_tokens, "output_tokens") as Tokens;
    const cachedInput = (optional(cached_input_tokens, toNonNegative, "cached_input_tokens") ?? 0) as Tokens;
    const cacheWrite = (optional(cache_write_tokens, toNonNegative, "cache_write_tokens") ?? 0) as Tokens;
    if (cacheWrite === 0 && cachedInput > input) throw invalid(messages.cachedAboveInput(cachedInput, input));
    if (cachedInput + cacheWrite > input) throw invalid(messages.cachedAndWriteAboveInput(cachedInput, cacheWrite, input));
    const date = optionalDate(as_of, "as_of");
    const tokens = { input, output, cachedInput, cacheWrite };
    const model = unwrap(model_or_input_price);
    if (typeof model === "string" && model.trim() !== "") {
      // Beside a model name, prices come from the table: blank or 0 (an empty cell in Excel desktop) is omitted.
      const given = [
        isBlankOrZero(output_price) ? "" : "output_price",
        isBlankOrZero(cached_input_price) ? "" : "cached_input_price",
        isBlankOrZero(cache_write_price) ? "" : "cache_write_price",
      ].filter(Boolean);
      if (given.length) throw invalid(messages.modelWithPrices(model.trim(), given.join(" and ")));
      return priceRuntime.withPrices((prices) => {
        // A ModelPrice in force carries its rates, tiers and context window.
        const found = modelPriceOn(prices, model, date);
        return costPerInteraction(tokens, found, found.model);
      });
    }
    const inputPrice = toNonNegative(model_or_input_price, "model_or_input_price") as UsdPerMillionTokens;
    // One price for input only (e.g. an embedding call): output_price may be left out when there is no output.
    if (isBlank(output_price) && output > 0) throw invalid(messages.outputPriceRequired());
    const outputPrice = (optional(output_price, toNonNegative, "output_price") ?? 0) as UsdPerMillionTokens;
    const cachedPrice = optional(cached_input_price, toNonNegative, "cached_input_price") ?? null;
    const writePrice = optional(cache_write_price, toNonNegative, "cache_write_price") ?? null;
    if (cacheWrite > 0 && writePrice === null) throw invalid(messages.cacheWritePriceRequired());
    const prices: CallPrices = {
      input: inputPrice,
      output: outputPrice,
      cachedInput: cachedPrice as UsdPerMillionTokens | null,
      cacheWrite: writePrice as UsdPerMillionTokens | null,
    };
    return costPerInteraction(tokens, prices);
  });
}

/**
 * AI cost per user per month in $: cost per interaction × interactions per user per month.
 * @customfunction COSTPERUSER
 * @param cost_per_interaction $ per interaction (e.g. from AIECON.COSTPERINTERACTION).
 * @param interactions_per_month Interactions per user per month. Example: 50.
 * @returns $ per user per month.
 */
export function costPerUserFn(cost_per_interaction: any, interactions_per_month: any): number {
  return excel(() =>
    costPerUser(
      toNonNegative(cost_per_interaction, "cost_per_interaction") as UsdPerInteraction,
      toNonNegative(interactions_per_month, "interactions_per_month") as InteractionsPerMonth,
    ),
  );
}

/**
 * AI cost as a share of revenue: 0.01 = 1% of revenue; above 1 the user costs more than they pay.
 * @customfunction MARGINIMPACT
 * @param cost_per_user AI cost in $ per user per month (e.g. from AIECON.COSTPERUSER).
 * @param revenue_per_user Revenue in $ per user per month (ARPU). Must be above 0.
 * @returns Fraction of revenue (format the cell as %); subtract it from gross margin.
 */
export function marginImpactFn(cost_per_user: any, revenue_per_user: any): number {
  return excel(() =>
    marginImpact(
      toNonNegative(cost_per_user, "cost_per_user") as UsdPerUserMonth,
      toPositive(revenue_per_user, "revenue_per_user") as UsdPerUserMonth,
    ),
  );
}

/**
 * Expected $ per user action across a tree of model calls (guardrails, retrieval, retries...).
 * @customfunction COSTTREE
 * @remarks A blank Parent runs once per user action; Calls is the expected number of runs each time the parent runs (1 = always, 0.2 = a 20% retry), so a step's expected count is the product along its path. Each step is billed as its provider bills it: the long-context tier its own input tokens reach, prices in force on as_of (default AIECON.PRICESASOF()). Rows may be in any order; fully blank rows are ignored. A loop, an unknown parent, a duplicate step name, a call above its model's context window or a wrong column count gives #VALUE! with a message naming the row.
 * @param tree Range with a header row: Step | Parent | Model | Input tokens | Output tokens | Calls [| Cached input tokens [| Cache write tokens]]. Model is a name or a blended $ per 1M tokens; Calls are expected runs per run of the parent (0.2 = 20% retry).
 * @param [output] "total" (default): $ per user action. "breakdown": spills Step | Expected calls | Cost $ | Share of total.
 * @param [as_of] Pricing date (a date, or text yyyy-mm-dd): each named model's latest price dated on or before it. Default: AIECON.PRICESASOF().
 * @returns $ per user action, or the breakdown table.
 */
export function costTreeFn(tree: any[][], output?: any, as_of?: any): any[][] {
  return excel(() => {
    const mode = toChoice(output, "output", ["total", "breakdown"] as const, "total");
    const date = optionalDate(as_of, "as_of");
    return priceRuntime.withPrices((prices) => {
      const result = evaluateCostTree(parseCostTree(tree, prices, date));
      return mode === "total" ? [[result.total]] : breakdownTable(result);
    });
  });
}

/**
 * Price of a model in $ per 1M tokens, from the workbook's price table or the bundled defaults.
 * @customfunction MODELPRICE
 * @remarks The price as the provider bills it: in force on as_of, the day's average where the rate depends on the hour, and the long-context tier a call of input_tokens reaches.
 * @param model Model name, e.g. "claude-sonnet-4" or "anthropic/claude-sonnet-4".
 * @param [kind] "input" (default), "output", "cached_input", "cache_write", "cache_write_1h" ($ per 1M tokens); "request" ($ per 1K requests); "provider" (whose listing the name resolves to).
 * @param [as_of] Pricing date (a date, or text yyyy-mm-dd): the latest price dated on or before it. Default: AIECON.PRICESASOF().
 * @param [input_tokens] Input tokens of one call (cached and cache-write included): the rate of the tier such a call is billed at. Default 0 (the base tier).
 * @returns $ per 1M tokens; $ per 1K requests for "request"; the provider's name for "provider".
 */
export function modelPriceFn(model: any, kind?: any, as_of?: any, input_tokens?: any): any {
  return excel(() => {
    const which: ModelPriceKind = toChoice(kind, "kind", MODEL_PRICE_KINDS, "input");
    const name = toText(model, "model");
    const date = optionalDate(as_of, "as_of");
    const inputTokens = (optional(input_tokens, toNonNegative, "input_tokens") ?? 0) as Tokens;
    return priceRuntime.withPrices((prices) => {
      const price = modelPriceOn(prices, name, date);
      if (which === "provider") return price.provider;
      if (which === "request") return priceOfKind(price, which);
      return priceOfKind({ ...ratesForCall(price, inputTokens), model: price.model }, which);
    });
  });
}

/**
 * The "as of" date of the model prices in use (the oldest date when the workbook's table overrides some).
 * @customfunction PRICESASOF
 * @returns Date as text, yyyy-mm-dd.
 */
export function pricesAsOfFn(): string {
  return excel(() => priceRuntime.withPrices((prices) => prices.asOf));
}
