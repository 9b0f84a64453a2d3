// The wizard's lines as plain data: what a line holds, which questions its bucket asks, and what it
// classifies as so far. Pure (no React, no Excel), so the hook and the line view share one reading.
import {
  classify,
  parseBucket,
  questionsFor,
  type Answer,
  type Answers,
  type BucketId,
  type ClassificationResult,
  type QuestionId,
} from "../../../calc/classification";
import type { ClassificationState } from "../../../workbook/classification";
import { dateText, workloadKey, type CostLine } from "../../../sheetModel/classificationLayout";
import { errorText } from "../../../calc/errors";
import { strings } from "../../strings";

const s = strings.classification;

/** A bucket, or plain "inference" that the customer-facing question resolves. */
export type Choice = BucketId | "inference" | "";

export interface WizardLine {
  readonly id: number;
  readonly workload: string;
  readonly monthlyUsd: number;
  readonly vendor?: string;
  readonly choice: Choice;
  readonly answers: Answers;
  /** As typed, in percent. */
  readonly sharePercent: string;
  readonly driver: string;
  readonly previousDate?: string;
}

export interface Evaluation {
  /** The bucket the answers so far settle on (plain inference waits for the customer-facing answer). */
  readonly bucket?: BucketId;
  readonly questions: readonly QuestionId[];
  readonly answers: Answers;
  readonly result?: ClassificationResult;
  readonly error?: string;
  readonly mixed: boolean;
  /** The COGS share field's own problem, shown beside it. */
  readonly share?: ShareCheck;
}

/** The COGS share as typed, in percent, read in the pane's words (not the function's fraction). */
export interface ShareCheck {
  readonly fraction?: number;
  readonly error?: string;
  /** Accepted, but worth a second look: 0.6 is 0.6%, not 60%. */
  readonly warning?: string;
}

export function checkSharePercent(typed: string): ShareCheck {
  const text = typed.trim();
  if (!text) return {};
  const percent = Number(text);
  if (!Number.isFinite(percent)) return { error: s.shareNotNumber(text) };
  if (percent <= 0 || percent >= 100) return { error: s.shareOutOfRange };
  const warning = percent < 1 ? s.shareBelowOne(text, String(Math.round(percent * 100 * 1e6) / 1e6)) : undefined;
  return { fraction: percent / 100, warning };
}

function questionsOf(line: WizardLine): { bucket?: BucketId; questions: QuestionId[] } {
  if (line.choice === "") return { questions: [] };
  if (line.choice !== "inference") return { bucket: line.choice, questions: [...questionsFor(line.choice)] };
  const cf = line.answers.customerFacing;
  if (cf === undefined || cf === "partly") return { questions: ["customerFacing"] };
  const bucket = parseBucket("inference", cf);
  return { bucket, questions: ["customerFacing", ...questionsFor(bucket)] };
}

export function evaluate(line: WizardLine): Evaluation {
  const { bucket, questions } = questionsOf(line);
  // Only the answers to the questions asked count: a bucket change leaves no stale answer behind.
  const answers: Answers = Object.fromEntries(questions.filter((q) => line.answers[q] !== undefined).map((q) => [q, line.answers[q]]));
  const mixed = questions.some((q) => answers[q] === "partly");
  if (!bucket || questions.some((q) => answers[q] === undefined)) return { bucket, questions, answers, mixed };
  const share = mixed ? checkSharePercent(line.sharePercent) : undefined;
  // A mixed line waits for its share and driver without an error: the user has not finished yet.
  if (share && (share.fraction === undefined || !line.driver.trim())) return { bucket, questions, answers, mixed, share };
  try {
    const result = classify({ bucket, answers, cogsShare: share?.fraction, allocationDriver: line.driver });
    return { bucket, questions, answers, result, mixed, share };
  } catch (error) {
    return { bucket, questions, answers, mixed, error: errorText(error) };
  }
}

export function questionText(question: QuestionId, bucket: BucketId | undefined): string {
  if (question === "production" && bucket === "infrastructure") return s.infrastructureProduction;
  return s.questions[question];
}

/** An answer as a radio value, and back. */
export const answerValue = (a: Answer | undefined): string => (a === undefined ? "" : a === "partly" ? "partly" : a ? "yes" : "no");
export const fromValue = (v: string): Answer => (v === "partly" ? "partly" : v === "yes");

function choiceFromName(name: string | undefined): Choice {
  if (!name) return "";
  try {
    return parseBucket(name);
  } catch {
    return /^\s*inference\s*$/i.test(name) ? "inference" : "";
  }
}

let nextId = 1;

/** A line for a cost, with the bucket named in the range or, failing that, last run's bucket and answers. */
export function newLine(cost: CostLine, state: ClassificationState | null): WizardLine {
  const previous = state?.previous.get(workloadKey(cost.workload));
  const fromRange = choiceFromName(cost.bucketName);
  const choice: Choice = fromRange || previous?.bucket || "";
  const keepAnswers = previous && previous.bucket && (choice === previous.bucket || choice === "inference");
  return {
    id: nextId++,
    workload: cost.workload,
    monthlyUsd: cost.monthlyUsd,
    vendor: cost.vendor,
    choice,
    answers: keepAnswers ? previous!.answers : {},
    sharePercent: keepAnswers && previous!.classification === "Mixed" ? String(Math.round(previous!.cogsShare * 10000) / 100) : "",
    driver: keepAnswers ? previous!.allocationDriver : "",
    previousDate: keepAnswers ? dateText(previous!.classifiedOn) : undefined,
  };
}
