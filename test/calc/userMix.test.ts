import { parseSegments, userMix, userMixTable } from "../../src/calc/userMix";

describe("USERMIX", () => {
  // Domain §4 worked example: normal users cost $1, power users $125; both pay $100.
  const costs = [[1], [125]];
  const revenue = [[100], [100]];

  it("blends cost per active user, cost share of revenue and the margin-negative share", () => {
    const result = userMix(parseSegments(costs, [[900], [100]], revenue));
    expect(result.blendedCostPerUser).toBeCloseTo((900 * 1 + 100 * 125) / 1000, 12);
    expect(result.costShareOfRevenue).toBeCloseTo((900 + 12500) / 100000, 12);
    expect(result.marginNegativeShare).toBeCloseTo(0.1, 12);
  });

  it("free users with any AI cost are margin-negative; cost equal to revenue is not", () => {
    const result = userMix(parseSegments([[0.5], [10], [5]], [[300], [100], [100]], [[0], [20], [5]]));
    expect(result.marginNegativeShare).toBeCloseTo(300 / 500, 12);
  });

  it("labels every value with its unit", () => {
    const table = userMixTable(userMix(parseSegments(costs, [[1], [1]], revenue)));
    expect(table.map((r) => r[0])).toEqual([
      expect.stringMatching(/\$ \/ user \/ month/),
      expect.stringMatching(/share of revenue/),
      expect.stringMatching(/margin-negative/),
    ]);
    expect(table[0][1]).toBeCloseTo(63, 12);
  });

  it("refuses mismatched ranges, no users and no revenue", () => {
    expect(() => parseSegments(costs, [[1]], revenue)).toThrow(
      /cost_per_user_by_segment and users_by_segment must have the same number of cells; got 2 and 1/,
    );
    expect(() => parseSegments(costs, [[1], [1]], [[100]])).toThrow(/revenue_per_user_by_segment must have the same number/);
    expect(() => userMix(parseSegments(costs, [[0], [0]], revenue))).toThrow(/users_by_segment adds up to 0/);
    expect(() => userMix(parseSegments(costs, [[1], [1]], [[0], [0]]))).toThrow(/Total revenue .* is 0/);
  });

  it("names the segment with a bad value", () => {
    expect(() => parseSegments(costs, [[1], [-3]], revenue)).toThrow(/Entry 2: users_by_segment cannot be negative; got -3/);
  });
});
