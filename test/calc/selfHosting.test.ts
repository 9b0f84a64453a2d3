import { gpuCostPerMillionTokens } from "../../src/calc/selfHosting";
import type { Fraction } from "../../src/calc/units";

describe("GPU cost per 1M tokens", () => {
  it("hourly ÷ (tokens/s × 3,600 × utilisation) × 1M", () => {
    // $3.60/hour at 1,000 tokens/s fully used: 3.6M tokens an hour → $1 per 1M.
    expect(gpuCostPerMillionTokens(3.6, 1000, 1 as Fraction)).toBeCloseTo(1, 12);
    // Half utilisation doubles the price per token.
    expect(gpuCostPerMillionTokens(3.6, 1000, 0.5 as Fraction)).toBeCloseTo(2, 12);
  });

  it("domain §7: the pricier chip can be cheaper per token because of throughput", () => {
    const h100 = gpuCostPerMillionTokens(3.43, 1000, 0.6 as Fraction);
    const b200 = gpuCostPerMillionTokens(5.62, 7000, 0.6 as Fraction);
    expect(h100 / b200).toBeGreaterThan(4);
    expect(h100 / b200).toBeLessThan(5);
  });

  it.each([0, -0.2, 1.01])("refuses utilisation %p outside (0, 1]", (u) => {
    expect(() => gpuCostPerMillionTokens(3, 100, u as Fraction)).toThrow(/utilisation must be a fraction above 0 and at most 1/);
  });

  it("suggests the fraction when utilisation looks like a percentage", () => {
    expect(() => gpuCostPerMillionTokens(3, 100, 60 as Fraction)).toThrow(/Did you mean 0.6\?/);
  });
});
