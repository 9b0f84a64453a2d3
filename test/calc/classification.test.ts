import {
  BUCKETS,
  CLASSIFICATION_RULES,
  classify,
  parseBucket,
  questionsFor,
  rulesFor,
  toAnswer,
  type Answers,
  type BucketId,
} from "../../src/calc/classification";
import { calcFailure } from "../support/calcFailure";

const run = (bucket: BucketId, answers: Answers, cogsShare?: number, allocationDriver?: string) =>
  classify({ bucket, answers, cogsShare, allocationDriver });

describe("the rules table (domain §6)", () => {
  it("has a rule for each of the six buckets, and each bucket's rules turn on at most one question", () => {
    const ids = new Set(CLASSIFICATION_RULES.map((r) => r.bucket));
    expect([...ids].sort()).toEqual(BUCKETS.map((b) => b.id).sort());
    for (const b of BUCKETS) {
      const questions = new Set(rulesFor(b.id).flatMap((r) => (r.when ? [r.when.question] : [])));
      expect(questions.size).toBeLessThanOrEqual(1);
      if (b.question) expect([...questions]).toEqual([b.question]);
    }
  });

  it("tells the wizard which question each bucket needs", () => {
    expect(questionsFor("training")).toEqual([]);
    expect(questionsFor("internal-inference")).toEqual([]);
    expect(questionsFor("customer-inference")).toEqual(["production"]);
    expect(questionsFor("fine-tuning")).toEqual(["exploratory"]);
    expect(questionsFor("monitoring")).toEqual(["contractuallyRequired"]);
    expect(questionsFor("infrastructure")).toEqual(["production"]);
  });
});

describe("training", () => {
  it("is always OpEx (R&D), quoting the rule", () => {
    const r = run("training", {});
    expect(r.classification).toBe("OpEx");
    expect(r.cogsShare).toBe(0);
    expect(r.rationale).toContain("Training (incl. pre-release fine-tuning, experiments) is never COGS");
  });

  it("ignores customer_facing: the workload still builds a model", () => {
    expect(run("training", { customerFacing: true, production: false }).classification).toBe("OpEx");
  });

  it("refuses production TRUE or partly, pointing at post-deployment fine-tuning", () => {
    for (const production of [true, "partly"] as const) {
      const e = calcFailure(() => run("training", { production }));
      expect(e.kind).toBe("value");
      expect(e.message).toMatch(/Contradictory answers for Training/);
      expect(e.message).toMatch(/post-deployment fine-tuning/);
    }
  });

  it("refuses a COGS share: training is never COGS", () => {
    expect(calcFailure(() => run("training", {}, 0.3)).message).toMatch(/cannot be given for Training: it is always OpEx/);
  });
});

describe("customer-facing inference", () => {
  it("production calls serving customers are COGS", () => {
    const r = run("customer-inference", { customerFacing: true, production: true });
    expect(r).toMatchObject({ classification: "COGS", cogsShare: 1 });
    expect(r.rationale).toContain("production calls serving customers are COGS");
  });

  it("outside production it is testing: OpEx under the internal-inference rule", () => {
    const r = run("customer-inference", { customerFacing: true, production: false });
    expect(r).toMatchObject({ classification: "OpEx", cogsShare: 0 });
    expect(r.rationale).toMatch(/testing, i.e. internal inference/);
  });

  it("needs the production answer", () => {
    expect(calcFailure(() => run("customer-inference", { customerFacing: true })).message).toBe(
      "production is required for Customer-facing inference: is it production work serving customers (for fine-tuning: does it improve the live production model)?",
    );
  });

  it("refuses customer_facing FALSE or partly", () => {
    expect(calcFailure(() => run("customer-inference", { customerFacing: false, production: true })).message).toMatch(
      /"internal inference"/,
    );
    expect(calcFailure(() => run("customer-inference", { customerFacing: "partly", production: true })).message).toMatch(/split the line/);
  });

  it("a production share with staging traffic is Mixed at the given share, naming the driver", () => {
    const r = run("customer-inference", { production: "partly" }, 0.85, "share of requests");
    expect(r.classification).toBe("Mixed");
    expect(r.cogsShare).toBe(0.85);
    expect(r.rationale).toMatch(/^Mixed: 85% COGS by share of requests\./);
    expect(r.rationale).toContain("OpEx part (15%)");
    expect(r.rules.map((x) => x.outcome)).toEqual(["COGS", "OpEx"]);
  });
});

describe("internal inference", () => {
  it("is OpEx whatever production says (employee-facing apps run in production too)", () => {
    for (const production of [true, false, undefined]) {
      const r = run("internal-inference", { customerFacing: false, production });
      expect(r.classification).toBe("OpEx");
      expect(r.rationale).toContain("dev tools, testing, employee-facing apps");
    }
  });

  it("refuses customer_facing TRUE", () => {
    const e = calcFailure(() => run("internal-inference", { customerFacing: true, production: true }));
    expect(e.message).toMatch(/Contradictory answers for Internal inference: .*"customer-facing inference"/);
  });

  it("refuses a COGS share", () => {
    expect(calcFailure(() => run("internal-inference", {}, 0.5)).message).toMatch(/always OpEx/);
  });
});

describe("post-deployment fine-tuning", () => {
  it("runs improving the live production model are COGS (production TRUE or exploratory FALSE)", () => {
    expect(run("fine-tuning", { production: true }).classification).toBe("COGS");
    const r = run("fine-tuning", { exploratory: false });
    expect(r.classification).toBe("COGS");
    expect(r.rationale).toContain("runs improving the live production model are COGS");
  });

  it("exploratory runs for future versions are OpEx (exploratory TRUE or production FALSE)", () => {
    expect(run("fine-tuning", { exploratory: true }).classification).toBe("OpEx");
    expect(run("fine-tuning", { production: false }).rationale).toContain("exploratory runs for future versions");
  });

  it("production and exploratory must agree", () => {
    expect(run("fine-tuning", { production: true, exploratory: false }).classification).toBe("COGS");
    expect(calcFailure(() => run("fine-tuning", { production: true, exploratory: true })).message).toMatch(
      /production is TRUE but exploratory is TRUE/,
    );
    expect(calcFailure(() => run("fine-tuning", { production: false, exploratory: false })).message).toMatch(
      /pre-release fine-tuning is "training"/,
    );
  });

  it("partly exploratory is Mixed", () => {
    const r = run("fine-tuning", { exploratory: "partly" }, 0.4, "share of GPU hours");
    expect(r).toMatchObject({ classification: "Mixed", cogsShare: 0.4 });
    expect(r.rationale).toMatch(/40% COGS by share of GPU hours/);
  });
});

describe("monitoring and evaluation", () => {
  it("contractually required for delivery is COGS; internal QA is OpEx", () => {
    expect(run("monitoring", { contractuallyRequired: true }).rationale).toContain("contractually required for delivery to customers");
    expect(run("monitoring", { contractuallyRequired: true }).classification).toBe("COGS");
    expect(run("monitoring", { contractuallyRequired: false }).classification).toBe("OpEx");
    expect(run("monitoring", { contractuallyRequired: false }).rationale).toContain("internal quality assurance");
  });

  it("does not turn on production or customer_facing", () => {
    expect(run("monitoring", { contractuallyRequired: false, production: true, customerFacing: true }).classification).toBe("OpEx");
    expect(calcFailure(() => run("monitoring", { production: true })).message).toMatch(
      /^contractually_required is required for Monitoring and evaluation/,
    );
  });
});

describe("infrastructure", () => {
  it("production workloads are COGS; staging, development, QA are OpEx", () => {
    expect(run("infrastructure", { production: true }).classification).toBe("COGS");
    expect(run("infrastructure", { production: false }).classification).toBe("OpEx");
    expect(run("infrastructure", { production: false }).rationale).toContain("staging, development and QA");
  });
});

describe("mixed workloads and the COGS share", () => {
  it("a partly answer needs a share", () => {
    expect(calcFailure(() => run("infrastructure", { production: "partly" })).message).toMatch(/is mixed: give cogs_share/);
  });

  it("a share with a TRUE/FALSE answer contradicts it", () => {
    const e = calcFailure(() => run("infrastructure", { production: true }, 0.7));
    expect(e.kind).toBe("value");
    expect(e.message).toMatch(/cogs_share is only for a mixed workload: for Infrastructure answer production "partly"/);
    expect(calcFailure(() => run("infrastructure", { production: false }, 0.7)).message).toMatch(/only for a mixed workload/);
  });

  it("a share outside 0..1, or not finite, is refused", () => {
    for (const share of [-0.1, 1.5, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(calcFailure(() => run("infrastructure", { production: "partly" }, share)).message).toMatch(/between 0 and 1/);
    }
  });

  it("a share of exactly 0 or 1 on a partly answer asks for TRUE/FALSE instead", () => {
    expect(calcFailure(() => run("infrastructure", { production: "partly" }, 1)).message).toMatch(/all COGS/);
    expect(calcFailure(() => run("infrastructure", { production: "partly" }, 0)).message).toMatch(/all OpEx/);
  });

  it("without a driver the rationale says the split is by the stated %", () => {
    expect(run("monitoring", { contractuallyRequired: "partly" }, 0.25).rationale).toMatch(/^Mixed: 25% COGS by the stated allocation %/);
  });
});

describe("bucket names", () => {
  it.each([
    ["Training", "training"],
    ["  TRAINING ", "training"],
    ["experiments", "training"],
    ["Inference, customer-facing", "customer-inference"],
    ["customer-facing inference", "customer-inference"],
    ["Inference, internal", "internal-inference"],
    ["post-deployment fine-tuning", "fine-tuning"],
    ["Fine tuning", "fine-tuning"],
    ["Model monitoring and evaluation", "monitoring"],
    ["Monitoring & Evaluation", "monitoring"],
    ["evals", "monitoring"],
    ["INFRA", "infrastructure"],
  ])("%s → %s", (name, id) => {
    expect(parseBucket(name)).toBe(id);
  });

  it('"inference" alone is resolved by customer_facing, and needs it', () => {
    expect(parseBucket("Inference", true)).toBe("customer-inference");
    expect(parseBucket("inference", false)).toBe("internal-inference");
    expect(calcFailure(() => parseBucket("inference")).message).toMatch(/^customer_facing is required for inference/);
    expect(calcFailure(() => parseBucket("inference", "partly")).message).toMatch(/split the line/);
  });

  it("an unknown bucket lists the valid ones", () => {
    const e = calcFailure(() => parseBucket("marketing"));
    expect(e.kind).toBe("value");
    expect(e.message).toMatch(
      /^Unknown cost bucket 'marketing'\. Use one of: "Training", "Customer-facing inference", "Internal inference", "Post-deployment fine-tuning", "Monitoring and evaluation", "Infrastructure"; or "Inference" with customer_facing TRUE or FALSE\.$/,
    );
  });
});

describe("answers from cells", () => {
  it("accepts booleans, yes/no words and partly; blank is not answered", () => {
    expect(toAnswer(true, "x")).toBe(true);
    expect(toAnswer(false, "x")).toBe(false);
    expect(toAnswer(" Yes ", "x")).toBe(true);
    expect(toAnswer("no", "x")).toBe(false);
    expect(toAnswer("TRUE", "x")).toBe(true);
    expect(toAnswer("Partly", "x")).toBe("partly");
    expect(toAnswer("mixed", "x")).toBe("partly");
    expect(toAnswer(null, "x")).toBeUndefined();
    expect(toAnswer("", "x")).toBeUndefined();
  });

  it("refuses numbers, other words and error values", () => {
    expect(calcFailure(() => toAnswer(1, "production")).message).toBe(
      'production must be TRUE, FALSE or "partly" (a workload split between both); got 1.',
    );
    expect(calcFailure(() => toAnswer("maybe", "production")).message).toMatch(/got 'maybe'/);
    expect(calcFailure(() => toAnswer(new Error("#REF!"), "production")).message).toMatch(/contains an Excel error value/);
  });
});
