// AIECON scenario functions (domain.md §2, §4, §5, §7): tenure curves, routing portfolios,
// self-hosting, valuation and user mix. Thin wrappers like functions.ts: coerce the arguments, call
// src/calc, map failures to the Excel error that carries a message.
import { invalid } from "../calc/errors";
import { messages } from "../calc/messages";
import { blendedPrice, parsePortfolio } from "../calc/portfolio";
import { PRICE_KINDS, type PriceKind } from "../calc/prices";
import { gpuCostPerMillionTokens } from "../calc/selfHosting";
import { costCurve } from "../calc/tenureCurve";
import { estimateTokens } from "../calc/tokenCount";
import type { Fraction, InteractionsPerMonth, Tokens, UsdPerInteraction } from "../calc/units";
import { parseSegments, userMix, userMixTable } from "../calc/userMix";
import { valuationImpact } from "../calc/valuation";
import {
  isBlankOrZero,
  isErrorValue,
  optional,
  optionalNonZero,
  toChoice,
  toNonNegative,
  toNumber,
  toPositive,
  unwrap,
} from "../calc/values";
import { excel } from "./excelErrors";
import { priceRuntime } from "../runtime/priceRuntime";

/**
 * AI cost in $ per user for each month of tenure 1..N, as context (history, memory) grows; spills one column.
 * @customfunction COSTCURVE
 * @remarks Tokens per interaction in month m = tokens_per_interaction + context_growth_per_month × (m − 1), capped at context_cap_tokens when given. Cost per interaction scales with those tokens from cost_per_interaction_month1, and the spilled value is cost per interaction × interactions_per_month.
 *
 * - Without a cap, monthly cost grows linearly with tenure, so the cumulative cost per user grows faster than linearly.
 * - With a cap (summarisation), monthly cost stops growing once the cap is reached, and the cumulative cost returns to linear growth.
 * - A cap below tokens_per_interaction is refused: a cap limits growth, it cannot make month 1 cheaper.
 * - Cost is taken as proportional to tokens at the month-1 mix of input and output prices; added context is input, usually cheaper, so the curve slightly overstates growth when output is a large part of month-1 cost.
 *
 * For running totals, put =SUM(B$2:B2) next to the spill and fill down.
 * @param months Months of tenure to show, a whole number from 1 to 1200. Example: 24.
 * @param cost_per_interaction_month1 $ per interaction in a user's first month (e.g. from AIECON.COSTPERINTERACTION).
 * @param interactions_per_month Interactions per user per month. Example: 50.
 * @param context_growth_per_month Tokens added to every interaction's context per month of tenure (history, memory). 0 = flat.
 * @param [context_cap_tokens] Summarisation: most tokens an interaction carries. Blank = no cap.
 * @param [tokens_per_interaction] Tokens per interaction in month 1 (the base the growth is added to). Required when growth is above 0 or a cap is given.
 * @returns Spills one column: $ per user per month for months 1..N.
 */
export function costCurveFn(
  months: any,
  cost_per_interaction_month1: any,
  interactions_per_month: any,
  context_growth_per_month: any,
  context_cap_tokens?: any,
  tokens_per_interaction?: any,
): number[][] {
  return excel(() =>
    costCurve({
      months: toNumber(months, "months"),
      costPerInteractionMonth1: toNonNegative(cost_per_interaction_month1, "cost_per_interaction_month1") as UsdPerInteraction,
      interactionsPerMonth: toNonNegative(interactions_per_month, "interactions_per_month") as InteractionsPerMonth,
      contextGrowthPerMonth: toNonNegative(context_growth_per_month, "context_growth_per_month") as Tokens,
      // A cap or a month-1 token count of 0 means nothing: 0 (an empty cell in Excel desktop) is omitted.
      contextCap: optionalNonZero(context_cap_tokens, toNonNegative, "context_cap_tokens") as Tokens | undefined,
      tokensPerInteraction: optionalNonZero(tokens_per_interaction, toPositive, "tokens_per_interaction") as Tokens | undefined,
    }).map((cost) => [cost]),
  );
}

/**
 * Traffic-weighted price of a routing portfolio in $ per 1M tokens: Σ traffic share × price. Shares must add up to 1 (±0.001).
 * @customfunction BLENDEDPRICE
 * @remarks Each cell of models_or_prices is a model name, priced from the workbook's AI Prices table and then the bundled defaults at the chosen kind, or a number in $ per 1M tokens. The two ranges need the same number of cells (a row and a column pair up); entries blank in both are skipped. Shares are not rescaled, so the mix stays auditable: when they do not add up to 1 within ±0.001, #VALUE! says by how much they miss.
 * @param models_or_prices Range of model names from the price table (e.g. "gpt-4o-mini") or prices in $ per 1M tokens, one per route.
 * @param traffic_shares Range of the share of requests each route receives, same number of cells (0.8 = 80%). Must add up to 1.
 * @param [kind] Which price of named models: "input" (default), "output", "cached_input" or "cache_write". Numbers are used as given.
 * @returns $ per 1M tokens.
 */
export function blendedPriceFn(models_or_prices: any[][], traffic_shares: any[][], kind?: any): number {
  return excel(() => {
    const which: PriceKind = toChoice(kind, "kind", PRICE_KINDS, "input");
    return priceRuntime.withPrices((prices) => blendedPrice(parsePortfolio(models_or_prices, traffic_shares, which, prices)));
  });
}

/**
 * Self-hosted inference cost in $ per 1M tokens: hourly GPU price ÷ (tokens per second × 3,600 × utilisation) × 1,000,000.
 * @customfunction GPUCOSTPERMTOK
 * @remarks Example: an H100 at $3.43 per hour serving 1,000 tokens per second at 60% utilisation: =AIECON.GPUCOSTPERMTOK(3.43, 1000, 0.6) gives 1.5880. A utilisation of 60 is refused with "did you mean 0.6?".
 * @param gpu_hourly_usd GPU price in $ per GPU-hour. Example: 3.43 (H100 on demand, 2026).
 * @param tokens_per_second Tokens the GPU serves per second at your batch size. Must be above 0.
 * @param [utilisation] Share of paid hours spent serving, above 0 and at most 1 (0.6 = 60%). Default 1 (always busy).
 * @returns $ per 1M tokens.
 */
export function gpuCostPerMTokFn(gpu_hourly_usd: any, tokens_per_second: any, utilisation?: any): number {
  return excel(() =>
    gpuCostPerMillionTokens(
      toNonNegative(gpu_hourly_usd, "gpu_hourly_usd"),
      toPositive(tokens_per_second, "tokens_per_second"),
      (optional(utilisation, toNumber, "utilisation") ?? 1) as Fraction,
    ),
  );
}

/**
 * Relative valuation change at a constant gross-profit multiple: margin after ÷ margin before − 1 (20% → 15% gives −0.25).
 * @customfunction VALUATIONIMPACT
 * @remarks Margins above 1 are refused (a margin typed as 20 instead of 0.2), as are a margin before of 0 or less and a negative margin after.
 * @param gross_margin_before Gross margin before, a fraction of revenue (0.2 = 20%). Above 0, at most 1.
 * @param gross_margin_after Gross margin after, a fraction of revenue (0.15 = 15%). From 0 to 1.
 * @returns Fraction (format the cell as %): −0.25 = a 25% lower valuation.
 */
export function valuationImpactFn(gross_margin_before: any, gross_margin_after: any): number {
  return excel(() =>
    valuationImpact(
      toNumber(gross_margin_before, "gross_margin_before") as Fraction,
      toNumber(gross_margin_after, "gross_margin_after") as Fraction,
    ),
  );
}

/**
 * Blends user segments: spills $ per active user per month, AI cost share of revenue, and share of users margin-negative.
 * @customfunction USERMIX
 * @remarks Blended cost = Σ cost × users ÷ Σ users. Cost share = Σ cost × users ÷ Σ revenue × users. A segment is margin-negative when its AI cost per user exceeds its revenue per user (e.g. power users).
 * @param cost_per_user_by_segment Range of AI cost in $ per user per month, one cell per segment (e.g. from AIECON.COSTPERUSER).
 * @param users_by_segment Range of active users in each segment, same number of cells.
 * @param revenue_per_user_by_segment Range of revenue in $ per user per month (ARPU) of each segment, same number of cells.
 * @returns Spills 3 rows × 2 columns (label, value): $ per active user per month; fraction of revenue; fraction of users.
 */
export function userMixFn(cost_per_user_by_segment: any[][], users_by_segment: any[][], revenue_per_user_by_segment: any[][]): any[][] {
  return excel(() => userMixTable(userMix(parseSegments(cost_per_user_by_segment, users_by_segment, revenue_per_user_by_segment))));
}

/**
 * Estimated tokens in a text, e.g. a system prompt pasted in a cell, counted with OpenAI's o200k tokenizer.
 * @customfunction TOKENCOUNT
 * @remarks The o200k tokenizer is the one of GPT-4o and later OpenAI models. Other vendors' models tokenize differently, so for them treat the count as an estimate. An empty cell counts 0. The tokenizer is loaded on the first TOKENCOUNT only; if it cannot load, the cell shows #N/A and the next recalculation tries again.
 * @param text The prompt text (a cell or a quoted string).
 * @returns Estimated number of tokens.
 */
export function tokenCountFn(text: any): Promise<number> {
  return excel(async () => {
    const value = unwrap(text);
    // Excel spreads a range over a scalar parameter cell by cell; a range arriving whole is refused, not joined.
    if (Array.isArray(value)) throw invalid(messages.textNotARange("text"));
    if (isErrorValue(value)) throw invalid(messages.errorValue("text"));
    // A text position: blank, or 0 from an empty cell in Excel desktop, counts 0 tokens.
    if (isBlankOrZero(value)) return 0;
    return await estimateTokens(typeof value === "string" ? value : String(value));
  });
}
