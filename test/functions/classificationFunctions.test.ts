import { classifyFn } from "../../src/functions/classificationFunctions";
import { excelError } from "../support/excelErrors";

describe("=AIECON.CLASSIFY(bucket, customer_facing, production, [contractually_required], [cogs_share])", () => {
  it("classifies one line of each bucket", () => {
    expect(classifyFn("Training", false, false)).toBe("OpEx");
    expect(classifyFn("Customer-facing inference", true, true)).toBe("COGS");
    expect(classifyFn("Customer-facing inference", true, false)).toBe("OpEx");
    expect(classifyFn("Internal inference", false, true)).toBe("OpEx");
    expect(classifyFn("Post-deployment fine-tuning", false, true)).toBe("COGS");
    expect(classifyFn("Post-deployment fine-tuning", false, false)).toBe("OpEx");
    expect(classifyFn("Monitoring and evaluation", false, true, true)).toBe("COGS");
    expect(classifyFn("Monitoring and evaluation", true, true, false)).toBe("OpEx");
    expect(classifyFn("Infrastructure", false, true)).toBe("COGS");
    expect(classifyFn("Infrastructure", false, false)).toBe("OpEx");
  });

  it("returns Mixed for a partly answer with a COGS share", () => {
    expect(classifyFn("infra", false, "partly", null, 0.7)).toBe("Mixed");
    expect(classifyFn("monitoring", false, false, "mixed", 0.2)).toBe("Mixed");
  });

  it("accepts bucket names case-insensitively, aliases, yes/no, and plain 'inference' by customer_facing", () => {
    expect(classifyFn("  INFERENCE, customer-facing ", "yes", "Yes")).toBe("COGS");
    expect(classifyFn("inference", true, true)).toBe("COGS");
    expect(classifyFn("inference", false, true)).toBe("OpEx");
    expect(classifyFn("evals", "", "", "no")).toBe("OpEx");
  });

  it("treats blank optional arguments as omitted", () => {
    expect(classifyFn("Infrastructure", false, true, null, null)).toBe("COGS");
    expect(classifyFn("Infrastructure", false, true, "", "")).toBe("COGS");
    expect(classifyFn("Training", null, null)).toBe("OpEx");
  });

  it("#VALUE! listing the buckets for an unknown one", () => {
    const e = excelError(() => classifyFn("marketing", false, true));
    expect(e.code).toBe("#VALUE!");
    expect(e.message).toMatch(/^Unknown cost bucket 'marketing'\. Use one of: "Training", .*"Infrastructure"/);
  });

  it("#VALUE! for contradictory answers", () => {
    expect(excelError(() => classifyFn("Internal inference", true, true)).message).toMatch(/Contradictory answers for Internal inference/);
    expect(excelError(() => classifyFn("Customer-facing inference", false, true)).message).toMatch(
      /Contradictory answers for Customer-facing inference/,
    );
    expect(excelError(() => classifyFn("Training", false, true)).message).toMatch(/post-deployment fine-tuning/);
    expect(excelError(() => classifyFn("Infrastructure", false, true, null, 0.5)).message).toMatch(/only for a mixed workload/);
    expect(excelError(() => classifyFn("Training", false, false, null, 0.5)).message).toMatch(/always OpEx/);
  });

  it("#VALUE! for a share outside 0..1, a missing share, or a missing decisive answer", () => {
    expect(excelError(() => classifyFn("Infrastructure", false, "partly", null, 1.2)).message).toMatch(/between 0 and 1.*got 1\.2/);
    expect(excelError(() => classifyFn("Infrastructure", false, "partly")).message).toMatch(/is mixed: give cogs_share/);
    expect(excelError(() => classifyFn("Monitoring and evaluation", false, true)).message).toMatch(/^contractually_required is required/);
    expect(excelError(() => classifyFn("Infrastructure", false, null)).message).toMatch(/^production is required for Infrastructure/);
  });

  it("#VALUE! for bad argument types", () => {
    expect(excelError(() => classifyFn(null, false, true)).message).toBe("bucket is required.");
    expect(excelError(() => classifyFn(42, false, true)).message).toMatch(/bucket must be text/);
    expect(excelError(() => classifyFn("Infrastructure", false, 2)).message).toMatch(/production must be TRUE, FALSE or "partly"/);
    expect(excelError(() => classifyFn("Infrastructure", false, "partly", null, "70%")).message).toMatch(/cogs_share must be a number/);
    expect(excelError(() => classifyFn("Infrastructure", new Error("#N/A"), true)).message).toMatch(
      /customer_facing contains an Excel error value/,
    );
  });
});
