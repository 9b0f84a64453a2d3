import { valuationImpact } from "../../src/calc/valuation";
import type { Fraction } from "../../src/calc/units";

const f = (n: number) => n as Fraction;

describe("valuation at a constant gross-profit multiple", () => {
  it("domain §5: a 5-point decline from a 20% margin is a 25% lower valuation", () => {
    expect(valuationImpact(f(0.2), f(0.15))).toBeCloseTo(-0.25, 12);
  });
  it("the same 5 points from 80% costs far less", () => {
    expect(valuationImpact(f(0.8), f(0.75))).toBeCloseTo(-0.0625, 12);
  });
  it("a margin gain raises valuation", () => {
    expect(valuationImpact(f(0.4), f(0.6))).toBeCloseTo(0.5, 12);
  });
  it("after = 0 wipes the valuation out", () => {
    expect(valuationImpact(f(0.4), f(0))).toBeCloseTo(-1, 12);
  });
  it("refuses margins entered as whole percentages", () => {
    expect(() => valuationImpact(f(20), f(0.15))).toThrow(/gross_margin_before .* cannot exceed 1 .* Did you mean 0.2 \(20%\)/);
    expect(() => valuationImpact(f(0.2), f(15))).toThrow(/gross_margin_after .* Did you mean 0.15/);
  });
  it("refuses a non-positive margin before and a negative margin after", () => {
    expect(() => valuationImpact(f(0), f(0.1))).toThrow(/gross_margin_before must be above 0/);
    expect(() => valuationImpact(f(-0.1), f(0.1))).toThrow(/gross_margin_before must be above 0/);
    expect(() => valuationImpact(f(0.2), f(-0.05))).toThrow(/gross_margin_after is negative/);
  });
});
