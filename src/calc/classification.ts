// COGS or OpEx by the functional test of domain.md §6: a cost is COGS when its workload exists to
// deliver the product to customers, otherwise operating expense (R&D). The rules are data
// (CLASSIFICATION_RULES, one row per rule of the §6 table) so the wizard can ask only the question
// a bucket's rules turn on, and every result quotes the row it came from.
//
// Decisions the §6 table leaves open, made here and relied on by AIECON.CLASSIFY and the wizard:
// - Each bucket turns on at most one question (its "decisive" question). Answers a bucket's rules
//   do not use are ignored, except answers that contradict the bucket's own definition, which are
//   refused rather than silently overridden (see BUCKETS[].contradictions).
// - Training is never COGS. Saying it is production work is a contradiction: fine-tuning of the
//   live production model is the "post-deployment fine-tuning" bucket.
// - Customer-facing inference outside production (testing, staging) is testing, i.e. internal
//   inference: OpEx, quoting that rule. Internal inference answered as customer-facing, and
//   customer-facing inference answered as not customer-facing, are contradictions.
// - Post-deployment fine-tuning turns on "improves the live production model" = production,
//   whose opposite in the §6 table is "exploratory runs for future versions"; either answer
//   decides, and both given must agree.
// - A mixed workload is one whose decisive answer is "partly"; it needs a COGS share strictly
//   between 0 and 1. A COGS share with a TRUE/FALSE answer is a contradiction (the answer already
//   says the line is all COGS or all OpEx), as is a share for a bucket that is never COGS.
import { invalid } from "./errors";
import { messages } from "./messages";
import type { Fraction } from "./units";
import { isBlankOrZero, isErrorValue, unwrap, type CellValue } from "./values";

export type ClassificationOutcome = "COGS" | "OpEx" | "Mixed";

export type BucketId = "training" | "customer-inference" | "internal-inference" | "fine-tuning" | "monitoring" | "infrastructure";

export type QuestionId = "customerFacing" | "production" | "contractuallyRequired" | "exploratory";

/** "partly": the workload is split between both sides of the question (a mixed workload). */
export type Answer = boolean | "partly";
export type Answers = Partial<Record<QuestionId, Answer>>;

export interface ClassificationRule {
  readonly bucket: BucketId;
  readonly outcome: "COGS" | "OpEx";
  /** The answer that selects this rule; absent for a rule that always applies. */
  readonly when?: { readonly question: QuestionId; readonly answer: boolean };
  /** The §6 rule in words, quoted in the rationale. */
  readonly rule: string;
}

/** domain.md §6, one row per rule. */
export const CLASSIFICATION_RULES: readonly ClassificationRule[] = [
  {
    bucket: "training",
    outcome: "OpEx",
    rule: "Training (incl. pre-release fine-tuning, experiments) is never COGS: always OpEx (R&D)",
  },
  {
    bucket: "customer-inference",
    outcome: "COGS",
    when: { question: "production", answer: true },
    rule: "Customer-facing inference: production calls serving customers are COGS",
  },
  {
    bucket: "customer-inference",
    outcome: "OpEx",
    when: { question: "production", answer: false },
    rule: "Customer-facing inference outside production is testing, i.e. internal inference: OpEx (R&D)",
  },
  {
    bucket: "internal-inference",
    outcome: "OpEx",
    rule: "Internal inference (dev tools, testing, employee-facing apps) is OpEx (R&D)",
  },
  {
    bucket: "fine-tuning",
    outcome: "COGS",
    when: { question: "production", answer: true },
    rule: "Post-deployment fine-tuning: runs improving the live production model are COGS",
  },
  {
    bucket: "fine-tuning",
    outcome: "OpEx",
    when: { question: "production", answer: false },
    rule: "Post-deployment fine-tuning: exploratory runs for future versions are OpEx (R&D)",
  },
  {
    bucket: "monitoring",
    outcome: "COGS",
    when: { question: "contractuallyRequired", answer: true },
    rule: "Model monitoring and evaluation contractually required for delivery to customers is COGS",
  },
  {
    bucket: "monitoring",
    outcome: "OpEx",
    when: { question: "contractuallyRequired", answer: false },
    rule: "Model monitoring and evaluation for internal quality assurance is OpEx (R&D)",
  },
  {
    bucket: "infrastructure",
    outcome: "COGS",
    when: { question: "production", answer: true },
    rule: "Infrastructure for production workloads is COGS",
  },
  {
    bucket: "infrastructure",
    outcome: "OpEx",
    when: { question: "production", answer: false },
    rule: "Infrastructure for staging, development and QA is OpEx (R&D)",
  },
];

export interface BucketDefinition {
  readonly id: BucketId;
  /** The name shown to users and written to the workbook. */
  readonly label: string;
  /** Lower-case names accepted besides the label (compared after normalising punctuation). */
  readonly aliases: readonly string[];
  /** The question the wizard asks, when the bucket's rules turn on one. */
  readonly question?: QuestionId;
  /** Another question that decides the same thing with the opposite sense (fine-tuning: exploratory = not production). */
  readonly inverseQuestion?: QuestionId;
  /** Answers the bucket's own definition rules out, with why. */
  readonly contradictions: readonly { question: QuestionId; answers: readonly Answer[]; problem: string }[];
}

export const BUCKETS: readonly BucketDefinition[] = [
  {
    id: "training",
    label: "Training",
    aliases: ["model training", "pre-release fine-tuning", "pre release fine tuning", "experiments", "experimentation", "research"],
    contradictions: [
      {
        question: "production",
        answers: [true, "partly"],
        problem:
          'training builds or tunes a model before release, so it is not production work; fine-tuning that improves the live production model is "post-deployment fine-tuning".',
      },
    ],
  },
  {
    id: "customer-inference",
    label: "Customer-facing inference",
    aliases: ["inference, customer-facing", "customer inference", "production inference", "external inference"],
    question: "production",
    contradictions: [
      {
        question: "customerFacing",
        answers: [false],
        problem: 'customer_facing is FALSE; inference that does not serve customers is "internal inference".',
      },
      {
        question: "customerFacing",
        answers: ["partly"],
        problem: 'customer_facing is "partly"; split the line into a customer-facing and an internal inference line.',
      },
    ],
  },
  {
    id: "internal-inference",
    label: "Internal inference",
    aliases: ["inference, internal", "employee inference", "dev inference", "development inference", "internal tools"],
    contradictions: [
      {
        question: "customerFacing",
        answers: [true, "partly"],
        problem:
          'customer_facing is not FALSE; inference that serves customers is "customer-facing inference" (split the line if it serves both).',
      },
    ],
  },
  {
    id: "fine-tuning",
    label: "Post-deployment fine-tuning",
    aliases: ["fine-tuning", "fine tuning", "finetuning", "post deployment fine tuning", "post-deployment finetuning"],
    question: "production",
    inverseQuestion: "exploratory",
    contradictions: [],
  },
  {
    id: "monitoring",
    label: "Monitoring and evaluation",
    aliases: [
      "model monitoring and evaluation",
      "monitoring",
      "evaluation",
      "evaluations",
      "evals",
      "observability",
      "monitoring & evaluation",
    ],
    question: "contractuallyRequired",
    contradictions: [],
  },
  {
    id: "infrastructure",
    label: "Infrastructure",
    aliases: ["infra", "supporting infrastructure"],
    question: "production",
    contradictions: [],
  },
];

/** The argument name of each question in AIECON.CLASSIFY (and in messages). */
export const QUESTION_ARGS: Readonly<Record<QuestionId, string>> = {
  customerFacing: "customer_facing",
  production: "production",
  contractuallyRequired: "contractually_required",
  exploratory: "exploratory",
};

/** The questions as messages put them. */
export const QUESTION_TEXT: Readonly<Record<QuestionId, string>> = {
  customerFacing: "does the workload serve customers?",
  production: "is it production work serving customers (for fine-tuning: does it improve the live production model)?",
  contractuallyRequired: "is it contractually required for delivery to customers?",
  exploratory: "is it an exploratory run for a future model version?",
};

/** The name "inference" alone is accepted when customer_facing says which inference it is. */
const GENERIC_INFERENCE = "inference";

/** Bucket names listed in messages (the generic "Inference" is explained beside them). */
export const BUCKET_NAMES: readonly string[] = BUCKETS.map((b) => b.label);

export function bucketDefinition(id: BucketId): BucketDefinition {
  const found = BUCKETS.find((b) => b.id === id);
  if (!found) throw new Error(`no bucket ${id}`);
  return found;
}

/** The questions the wizard must ask for a bucket: at most one, by design of the §6 table. */
export function questionsFor(id: BucketId): readonly QuestionId[] {
  const question = bucketDefinition(id).question;
  // Fine-tuning is asked in the §6 table's own words for its OpEx side: "exploratory?".
  const inverse = bucketDefinition(id).inverseQuestion;
  return inverse ? [inverse] : question ? [question] : [];
}

export function rulesFor(id: BucketId): readonly ClassificationRule[] {
  return CLASSIFICATION_RULES.filter((r) => r.bucket === id);
}

const normalise = (name: string): string =>
  name
    .toLowerCase()
    .replace(/&/g, " and ")
    .replace(/[^a-z0-9]+/g, " ")
    .trim();

const BUCKET_INDEX: ReadonlyMap<string, BucketId> = new Map(
  BUCKETS.flatMap((b) => [b.id, b.label, ...b.aliases].map((name) => [normalise(name), b.id] as const)),
);

/**
 * A bucket from its name (case-insensitive, punctuation-insensitive, with aliases). "Inference"
 * alone needs customerFacing to say which of the two inference buckets it is.
 */
export function parseBucket(name: string, customerFacing?: Answer): BucketId {
  const key = normalise(name);
  if (key === GENERIC_INFERENCE) {
    if (customerFacing === undefined)
      throw invalid(messages.classifyAnswerRequired(QUESTION_ARGS.customerFacing, "inference", QUESTION_TEXT.customerFacing));
    if (customerFacing === "partly")
      throw invalid(
        messages.classifyContradiction(
          "inference",
          'customer_facing is "partly"; split the line into a customer-facing and an internal inference line.',
        ),
      );
    return customerFacing ? "customer-inference" : "internal-inference";
  }
  const id = BUCKET_INDEX.get(key);
  if (!id) throw invalid(messages.classifyUnknownBucket(name, BUCKET_NAMES));
  return id;
}

const TRUE_WORDS = new Set(["true", "yes", "y"]);
const FALSE_WORDS = new Set(["false", "no", "n"]);
const PARTLY_WORDS = new Set(["partly", "partially", "partial", "mixed", "both"]);

/** An answer from a cell: TRUE/FALSE, "yes"/"no", "partly"/"mixed"; blank = not answered. */
export function toAnswer(cell: CellValue, label: string): Answer | undefined {
  const value = unwrap(cell);
  if (isErrorValue(value)) throw invalid(messages.errorValue(label));
  // A text position: 0 from an empty cell in Excel desktop is blank, like null on the web.
  if (isBlankOrZero(value)) return undefined;
  if (typeof value === "boolean") return value;
  if (typeof value === "string") {
    const word = value.trim().toLowerCase();
    if (TRUE_WORDS.has(word)) return true;
    if (FALSE_WORDS.has(word)) return false;
    if (PARTLY_WORDS.has(word)) return "partly";
  }
  throw invalid(messages.classifyAnswer(label, value));
}

export interface ClassificationInput {
  readonly bucket: BucketId;
  readonly answers: Answers;
  /** Share of a mixed workload that is COGS (0.6 = 60%). Only with a "partly" answer. */
  readonly cogsShare?: number;
  /** The documented allocation driver of a mixed workload, e.g. "share of requests". */
  readonly allocationDriver?: string;
}

export interface ClassificationResult {
  readonly bucket: BucketId;
  readonly classification: ClassificationOutcome;
  /** 1 for COGS, 0 for OpEx, the allocation share for Mixed. */
  readonly cogsShare: Fraction;
  /** One line quoting the §6 rule(s) applied. */
  readonly rationale: string;
  /** The rules applied: one, or the COGS and OpEx rules of a mixed workload. */
  readonly rules: readonly ClassificationRule[];
}

const percent = (share: number): string => `${Math.round(share * 10000) / 100}%`;

/** The decisive answer, read from the bucket's question or its inverse; both given must agree. */
function decisiveAnswer(def: BucketDefinition, answers: Answers): Answer | undefined {
  if (!def.question) return undefined;
  const direct = answers[def.question];
  const inverseRaw = def.inverseQuestion ? answers[def.inverseQuestion] : undefined;
  const inverse: Answer | undefined = inverseRaw === undefined || inverseRaw === "partly" ? inverseRaw : !inverseRaw;
  if (direct !== undefined && inverse !== undefined && direct !== inverse) {
    throw invalid(
      messages.classifyContradiction(
        def.label,
        `${QUESTION_ARGS[def.question]} is ${show(direct)} but ${QUESTION_ARGS[def.inverseQuestion!]} is ${show(inverseRaw!)}; a run either improves the live production model or is exploratory for a future version (pre-release fine-tuning is "training").`,
      ),
    );
  }
  return direct ?? inverse;
}

const show = (a: Answer): string => (a === "partly" ? '"partly"' : a ? "TRUE" : "FALSE");

/** The functional test of domain.md §6. Throws a #VALUE! CalcError on missing or contradictory answers. */
export function classify(input: ClassificationInput): ClassificationResult {
  const def = bucketDefinition(input.bucket);
  const rules = rulesFor(def.id);
  for (const c of def.contradictions) {
    const given = input.answers[c.question];
    if (given !== undefined && c.answers.includes(given)) throw invalid(messages.classifyContradiction(def.label, c.problem));
  }
  const share = input.cogsShare;
  if (share !== undefined && !(Number.isFinite(share) && share >= 0 && share <= 1)) {
    throw invalid(messages.classifyShareRange(share));
  }

  const always = rules.find((r) => !r.when);
  if (always) {
    if (share !== undefined) throw invalid(messages.classifyShareNotAllowed(def.label, always.outcome));
    return result(def.id, always.outcome, always.outcome === "COGS" ? 1 : 0, [always]);
  }

  const question = def.question!;
  const answer = decisiveAnswer(def, input.answers);
  if (answer === undefined) {
    throw invalid(messages.classifyAnswerRequired(QUESTION_ARGS[question], def.label, QUESTION_TEXT[question]));
  }
  if (answer !== "partly") {
    if (share !== undefined) throw invalid(messages.classifyShareNeedsMixed(def.label, QUESTION_ARGS[question]));
    const rule = rules.find((r) => r.when!.answer === answer)!;
    return result(def.id, rule.outcome, rule.outcome === "COGS" ? 1 : 0, [rule]);
  }
  if (share === undefined) throw invalid(messages.classifyShareRequired(def.label));
  if (share === 0 || share === 1) throw invalid(messages.classifyShareStrict(share));
  const cogsRule = rules.find((r) => r.outcome === "COGS")!;
  const opexRule = rules.find((r) => r.outcome === "OpEx")!;
  const driver = input.allocationDriver?.trim() ? `by ${input.allocationDriver.trim()}` : "by the stated allocation %";
  const rationale =
    `Mixed: ${percent(share)} COGS ${driver}. COGS part: "${cogsRule.rule}". ` + `OpEx part (${percent(1 - share)}): "${opexRule.rule}".`;
  return { bucket: def.id, classification: "Mixed", cogsShare: share as Fraction, rationale, rules: [cogsRule, opexRule] };
}

function result(bucket: BucketId, outcome: "COGS" | "OpEx", share: number, rules: readonly ClassificationRule[]): ClassificationResult {
  return {
    bucket,
    classification: outcome,
    cogsShare: share as Fraction,
    rationale: `${outcome} by the functional test: "${rules[0].rule}".`,
    rules,
  };
}
