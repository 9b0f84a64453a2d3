// Row readers for CSV exports, fed one row (an array of fields) at a time by whatever parser reads
// the file (papaparse in the worker and the bench, a plain split in tests), so a 1,000,000-row file
// is never held as objects. FOCUS 1.0–1.2 is recognised by its column names; any other CSV goes
// through a column mapping the user gives.
import { messages } from "../messages";
import { ActualsAggregator, monthOfTimestamp, usdFactor } from "./aggregate";
import { ALL_MODELS, ActualsFileError, FORMAT_LABELS, UNASSIGNED, type ActualsImport, type CsvMapping, type ImportOptions } from "./types";

export interface CsvRowReader {
  /** One data row; `line` is its 1-based line in the file (the header is line 1). */
  row(fields: readonly string[], line: number): void;
  finish(): ActualsImport;
}

const FOCUS_REQUIRED = ["ChargePeriodStart", "BilledCost", "BillingCurrency", "ProviderName", "ServiceName", "ChargeCategory"] as const;
const FOCUS_SIGNATURE = ["ChargePeriodStart", "BilledCost"];

export const isFocusHeader = (header: readonly string[]): boolean => FOCUS_SIGNATURE.every((c) => header.includes(c));

/** FOCUS writes missing values as empty cells or, in real exports, as the literal NULL. */
const isNull = (s: string | undefined): boolean => s === undefined || s === "" || s === "NULL";

export function indexer(header: readonly string[]) {
  const at = new Map(header.map((h, i) => [h.trim(), i] as const));
  return (name: string): number => at.get(name) ?? -1;
}

/** Token units FOCUS providers use: "Tokens", "1K tokens", "Million Tokens"… → tokens per unit. */
export function tokensPerUnit(unit: string): number {
  if (!/token/i.test(unit)) return 0;
  if (/(^|\W)(1\s*m|million|mtok)/i.test(unit)) return 1_000_000;
  if (/(^|\W)(1\s*k|1,?000|thousand|ktok)/i.test(unit)) return 1000;
  return 1;
}

type TokenKind = "input" | "cached" | "cacheWrite" | "output";
/** Which part of a call a token meter bills, from its SKU meter or description. */
export function tokenKind(meter: string): TokenKind {
  const m = meter.toLowerCase();
  if (/output|completion|generated/.test(m)) return "output";
  if (/cache\s*(write|creation)/.test(m)) return "cacheWrite";
  if (/cache|cached/.test(m)) return "cached";
  return "input";
}

/** What a token meter row bills and for which model, worked out once per distinct meter text. */
interface Meter {
  readonly kind: TokenKind;
  readonly model: string | undefined;
}

export class FocusReader implements CsvRowReader {
  private readonly agg: ActualsAggregator;
  private readonly options: ImportOptions;
  private readonly width: number;
  // Column indices (-1 when absent), read once: the row loop runs a million times.
  private readonly iStart: number;
  private readonly iBilled: number;
  private readonly iCurrency: number;
  private readonly iProvider: number;
  private readonly iService: number;
  private readonly iBillingPeriod: number;
  private readonly iCategory: number;
  private readonly iQuantity: number;
  private readonly iUnit: number;
  private readonly iSkuMeter: number;
  private readonly iDescription: number;
  private readonly iTags: number;
  /** Where FOCUS may carry the model when SkuMeter does not name it (Bedrock rows often): see modelOf. */
  private readonly iPriceDetails: number;
  private readonly iResource: number;
  private readonly iModelColumns: readonly number[];
  // Exports repeat the same few texts on every row: parse each distinct one once.
  private readonly months = new Map<string, string>();
  private readonly units = new Map<string, number>();
  private readonly meters = new Map<string, Meter>();
  private readonly features = new Map<string, { feature: string; unmapped?: string }>();
  private readonly sources = new Map<string, string>();
  private readonly models = new Map<string, string | undefined>();

  constructor(header: readonly string[], options: ImportOptions = {}) {
    const idx = indexer(header);
    const missing = FOCUS_REQUIRED.filter((c) => idx(c) < 0);
    if (missing.length) throw new ActualsFileError(messages.actualsCsvColumns("FOCUS export", missing));
    this.iStart = idx("ChargePeriodStart");
    this.iBilled = idx("BilledCost");
    this.iCurrency = idx("BillingCurrency");
    this.iProvider = idx("ProviderName");
    this.iService = idx("ServiceName");
    this.iBillingPeriod = idx("BillingPeriodStart");
    this.iCategory = idx("ServiceCategory");
    this.iQuantity = idx("ConsumedQuantity");
    this.iUnit = idx("ConsumedUnit");
    this.iSkuMeter = idx("SkuMeter");
    this.iDescription = idx("ChargeDescription");
    this.iTags = idx("Tags");
    this.iPriceDetails = idx("SkuPriceDetails");
    this.iResource = idx("ResourceId");
    // Provider extension columns naming the model (x_ModelName, x_ModelId…).
    this.iModelColumns = header.flatMap((h, i) => (/^x_.*model/i.test(h) ? [i] : []));
    this.width = header.length;
    this.options = options;
    this.agg = new ActualsAggregator("focus", options);
  }

  /** The feature of a row's Tags text: its tag values tried against the feature map, in order. */
  private featureOf(raw: string, line: number): string {
    let hit = this.features.get(raw);
    if (!hit) {
      const keys = this.tagValues(raw, line);
      const feature = this.agg.resolveFeature(keys);
      hit = { feature, unmapped: feature === UNASSIGNED && keys.length ? keys[0] : undefined };
      // resolveFeature noted the unmapped key for this row; later rows note it from the cache.
      if (this.features.size < 100_000) this.features.set(raw, hit);
      return feature;
    }
    if (hit.unmapped !== undefined) this.agg.noteUnmapped(hit.unmapped);
    return hit.feature;
  }

  private tagValues(raw: string, line: number): string[] {
    if (isNull(raw)) return [];
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
    } catch {
      throw new ActualsFileError(
        messages.actualsField(`Line ${line}`, "Tags", `is not JSON (FOCUS tags are a JSON object); got ${raw.slice(0, 60)}`),
      );
    }
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed))
      throw new ActualsFileError(messages.actualsField(`Line ${line}`, "Tags", "must be a JSON object of tag names and values"));
    return Object.values(parsed as Record<string, unknown>)
      .filter((v) => v !== null && v !== undefined && v !== "")
      .map((v) => String(v).trim());
  }

  private number(fields: readonly string[], i: number, name: string, line: number): number {
    const s = i < 0 ? "" : fields[i];
    if (isNull(s)) return 0;
    const n = +s;
    if (!Number.isFinite(n) || s.trim() === "")
      throw new ActualsFileError(messages.actualsField(`Line ${line}`, name, `must be a number; got '${s}'`));
    return n;
  }

  private monthOf(start: string, line: number): string {
    let month = this.months.get(start);
    if (month === undefined) {
      month = monthOfTimestamp(start) ?? "";
      if (this.months.size < 100_000) this.months.set(start, month);
    }
    if (!month)
      throw new ActualsFileError(
        messages.actualsField(`Line ${line}`, "ChargePeriodStart", `must be a date like 2024-09-01 00:00:00; got '${start}'`),
      );
    return month;
  }

  private meterOf(skuMeter: string, description: string): Meter {
    const key = `${skuMeter}\u0001${description}`;
    let meter = this.meters.get(key);
    if (!meter) {
      const text = [skuMeter, description].filter((t) => !isNull(t)).join(" ");
      const model = isNull(skuMeter)
        ? undefined
        : skuMeter.replace(/\s*[-–:]?\s*(cached\s+)?(cache\s+(read|write)\s+)?(input|output)?\s*tokens?\s*$/i, "").trim() || undefined;
      meter = { kind: tokenKind(text), model };
      if (this.meters.size < 100_000) this.meters.set(key, meter);
    }
    return meter;
  }

  /**
   * The model of a token row whose SkuMeter does not name one, from the other FOCUS columns that can:
   * a "model" entry of SkuPriceDetails (JSON), an x_ column named for the model, or the ResourceId
   * (a Bedrock foundation-model or inference-profile ARN, an Azure deployment, a Vertex model path).
   * undefined when none does: the row keeps its service name and the import says so.
   */
  private modelOf(fields: readonly string[]): string | undefined {
    const details = this.iPriceDetails < 0 ? "" : fields[this.iPriceDetails];
    const resource = this.iResource < 0 ? "" : fields[this.iResource];
    const extra = this.iModelColumns.map((i) => fields[i]).find((v) => !isNull(v));
    const key = `${details}\u0001${resource}\u0001${extra ?? ""}`;
    if (this.models.has(key)) return this.models.get(key);
    let model: string | undefined;
    if (!isNull(details)) {
      try {
        const parsed: unknown = JSON.parse(details);
        if (typeof parsed === "object" && parsed !== null && !Array.isArray(parsed)) {
          const hit = Object.entries(parsed).find(([k, v]) => /model/i.test(k) && typeof v === "string" && v.trim() !== "");
          model = hit ? String(hit[1]).trim() : undefined;
        }
      } catch {
        model = undefined; // SkuPriceDetails is informational: a malformed one does not refuse the file
      }
    }
    model ??= extra?.trim() || undefined;
    if (model === undefined && !isNull(resource)) {
      const m =
        /(?:foundation-model|inference-profile|custom-model|provisioned-model)\/([^/\s]+)\s*$|\/deployments\/([^/\s]+)|\/models\/([^/\s@]+)/i.exec(
          resource,
        );
      model = m ? (m[1] ?? m[2] ?? m[3]).trim() : undefined;
    }
    if (this.models.size < 100_000) this.models.set(key, model);
    return model;
  }

  private sourceOf(billingPeriod: string): string {
    let s = this.sources.get(billingPeriod);
    if (s === undefined) {
      const month = isNull(billingPeriod) ? undefined : monthOfTimestamp(billingPeriod);
      // The billing period names the invoice the row came from, so a later invoice's corrections to
      // an earlier month are kept when that earlier month's own export is imported again.
      s = month ? `${FORMAT_LABELS.focus} (billing ${month})` : FORMAT_LABELS.focus;
      this.sources.set(billingPeriod, s);
    }
    return s;
  }

  row(fields: readonly string[], line: number): void {
    if (fields.length !== this.width) {
      if (fields.length === 1 && fields[0] === "") return; // a blank line
      throw new ActualsFileError(messages.actualsCsvShortRow(line, fields.length, this.width));
    }
    const agg = this.agg;
    const month = this.monthOf(fields[this.iStart], line);
    let billed = this.number(fields, this.iBilled, "BilledCost", line);
    const currency = fields[this.iCurrency];
    if (currency !== "USD") {
      const factor = usdFactor(currency, this.options.usdRates, () => `Line ${line}, BillingCurrency`);
      if (factor !== 1) {
        billed *= factor;
        agg.noteConverted(currency);
      }
    }
    const service = fields[this.iService];
    const unit = this.iUnit < 0 ? "" : fields[this.iUnit];
    let perUnit = this.units.get(unit);
    if (perUnit === undefined) {
      perUnit = isNull(unit) ? 0 : tokensPerUnit(unit);
      this.units.set(unit, perUnit);
    }
    let input = 0;
    let cached = 0;
    let cacheWrite = 0;
    let output = 0;
    let requests: number | null = null;
    let model = isNull(service) ? ALL_MODELS : service;
    if (perUnit > 0) {
      const meter = this.meterOf(this.iSkuMeter < 0 ? "" : fields[this.iSkuMeter], this.iDescription < 0 ? "" : fields[this.iDescription]);
      const tokens = this.number(fields, this.iQuantity, "ConsumedQuantity", line) * perUnit;
      if (meter.kind === "output") output = tokens;
      else {
        input = tokens;
        if (meter.kind === "cached") cached = tokens;
        if (meter.kind === "cacheWrite") cacheWrite = tokens;
      }
      const found = meter.model ?? this.modelOf(fields);
      if (found) model = found;
      else agg.noteModelMissing(model);
    } else if (!isNull(unit) && /request/i.test(unit) && this.iCategory >= 0 && fields[this.iCategory] === "AI and Machine Learning") {
      requests = this.number(fields, this.iQuantity, "ConsumedQuantity", line);
    }
    const provider = fields[this.iProvider];
    const feature = this.iTags < 0 ? agg.resolveFeature([]) : this.featureOf(fields[this.iTags], line);
    agg.recordsRead++;
    agg.add(
      month,
      isNull(provider) ? "(unknown provider)" : provider,
      model,
      feature,
      this.sourceOf(this.iBillingPeriod < 0 ? "" : fields[this.iBillingPeriod]),
      {
        inputTokens: input,
        cachedInputTokens: cached,
        cacheWriteTokens: cacheWrite,
        outputTokens: output,
        requests,
        billedUsd: billed,
      },
    );
  }

  finish(): ActualsImport {
    if (this.agg.recordsRead === 0) throw new ActualsFileError(messages.actualsEmpty());
    return this.agg.result();
  }
}

/** "$1,234.50" and "1234.5" are both numbers in a CSV someone exported from a spreadsheet. */
export function looseNumber(s: string): number {
  const t = s.trim().replace(/[$,\s]/g, "");
  return t === "" ? NaN : +t;
}

/** The month of a mapped date cell: a date or timestamp text, or Unix seconds. */
export function monthOfCsvDate(raw: string): string | undefined {
  return /^\d{9,10}$/.test(raw.trim()) ? new Date(+raw * 1000).toISOString().slice(0, 7) : monthOfTimestamp(raw);
}

export class MappedCsvReader implements CsvRowReader {
  private readonly agg: ActualsAggregator;
  private readonly options: ImportOptions;
  private readonly at: Partial<Record<keyof CsvMapping, number>> = {};
  private readonly width: number;
  private readonly mapping: CsvMapping;

  constructor(header: readonly string[], mapping: CsvMapping, options: ImportOptions = {}) {
    const idx = indexer(header);
    const missing: string[] = [];
    for (const [field, column] of Object.entries(mapping) as Array<[keyof CsvMapping, string | undefined]>) {
      if (!column) continue;
      const i = idx(column);
      if (i < 0) missing.push(column);
      else this.at[field] = i;
    }
    if (!mapping.date) missing.unshift("(date column not mapped)");
    if (missing.length) throw new ActualsFileError(messages.actualsCsvColumns("CSV", missing));
    if ([this.at.inputTokens, this.at.outputTokens, this.at.requests, this.at.cost].every((i) => i === undefined))
      throw new ActualsFileError(messages.actualsCsvMappingEmpty());
    this.width = header.length;
    this.mapping = mapping;
    this.options = options;
    this.agg = new ActualsAggregator("csv", options);
  }

  private num(fields: readonly string[], field: keyof CsvMapping, line: number, header: string): number {
    const i = this.at[field];
    if (i === undefined) return 0;
    const s = fields[i];
    if (s.trim() === "") return 0;
    const n = looseNumber(s);
    if (!Number.isFinite(n)) throw new ActualsFileError(messages.actualsField(`Line ${line}`, header, `must be a number; got '${s}'`));
    return n;
  }

  /**
   * Tokens and requests cannot be negative in a usage export (unlike a cost, which a credit makes
   * negative): refused with the line and column, whether or not the model has a price.
   */
  private count(fields: readonly string[], field: keyof CsvMapping, line: number, header: string): number {
    const n = this.num(fields, field, line, header);
    if (n < 0)
      throw new ActualsFileError(messages.actualsField(`Line ${line}`, header, `must be 0 or more; got '${fields[this.at[field]!]}'`));
    return n;
  }

  row(fields: readonly string[], line: number): void {
    if (fields.length !== this.width) {
      if (fields.length === 1 && fields[0] === "") return;
      throw new ActualsFileError(messages.actualsCsvShortRow(line, fields.length, this.width));
    }
    const m = this.mapping;
    const raw = fields[this.at.date!];
    const month = monthOfCsvDate(raw);
    if (!month) throw new ActualsFileError(messages.actualsField(`Line ${line}`, m.date, `must be a date like 2025-01-31; got '${raw}'`));
    let cost: number | null = this.at.cost === undefined ? null : this.num(fields, "cost", line, m.cost!);
    if (cost !== null && this.at.currency !== undefined) {
      const currency = fields[this.at.currency];
      const factor = usdFactor(currency, this.options.usdRates, () => `Line ${line}, ${m.currency}`);
      if (factor !== 1) {
        cost *= factor;
        this.agg.noteConverted(currency);
      }
    }
    const text = (field: keyof CsvMapping) => (this.at[field] === undefined ? "" : fields[this.at[field]!].trim());
    const provider = text("provider") || this.options.csvProvider?.trim() || "(unknown provider)";
    const agg = this.agg;
    const feature = agg.resolveFeature([text("featureKey")]);
    agg.recordsRead++;
    agg.add(month, provider, text("model") || ALL_MODELS, feature, FORMAT_LABELS.csv, {
      inputTokens: this.count(fields, "inputTokens", line, m.inputTokens ?? ""),
      cachedInputTokens: this.count(fields, "cachedInputTokens", line, m.cachedInputTokens ?? ""),
      cacheWriteTokens: 0,
      outputTokens: this.count(fields, "outputTokens", line, m.outputTokens ?? ""),
      requests: this.at.requests === undefined ? null : this.count(fields, "requests", line, m.requests!),
      billedUsd: cost,
    });
  }

  finish(): ActualsImport {
    if (this.agg.recordsRead === 0) throw new ActualsFileError(messages.actualsEmpty());
    return this.agg.result();
  }
}

/** The reader for a CSV header: FOCUS when it has FOCUS's columns, else the user's mapping (required). */
export function csvReaderFor(header: readonly string[], options: ImportOptions = {}): CsvRowReader {
  const clean = header.map((h, i) => (i === 0 ? h.replace(/^\uFEFF/, "") : h).trim());
  if (isFocusHeader(clean)) return new FocusReader(clean, options);
  if (!options.csvMapping) throw new ActualsFileError(messages.actualsCsvNeedsMapping(), "map-columns");
  return new MappedCsvReader(clean, options.csvMapping, options);
}
