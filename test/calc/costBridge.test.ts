import {
  BRIDGE_DRIVERS,
  bridgeCost,
  bridgeTable,
  bridgeValue,
  costBridge,
  lmdiEffects,
  logMean,
  parseBridgeDrivers,
  type BridgeDrivers,
} from "../../src/calc/costBridge";
import { seeded } from "../support/seeded";

// domain.md §9: forecast 10,000 actions × 2 calls × 3,000 tokens × $5 per 1M = $300;
// actual 12,000 × 3 × 3,300 × $4 = $475.20.
const FORECAST: BridgeDrivers = [10_000, 2, 3_000, 5];
const ACTUAL: BridgeDrivers = [12_000, 3, 3_300, 4];

describe("COSTBRIDGE: the domain.md example", () => {
  const bridge = costBridge(FORECAST, ACTUAL);

  it("costs both months", () => {
    expect(bridge.forecastCost).toBeCloseTo(300, 10);
    expect(bridge.actualCost).toBeCloseTo(475.2, 10);
    expect(bridge.total).toBeCloseTo(175.2, 10);
    expect(logMean(bridge.actualCost, bridge.forecastCost)).toBeCloseTo(380.908, 3);
  });

  it("gives each driver's effect to the cent, and they add up to the total", () => {
    const cents = bridge.effects.map((e) => Math.round(e * 100) / 100);
    expect(cents).toEqual([69.45, 154.45, 36.3, -85]);
    expect(cents.reduce((a, b) => a + b, 0)).toBeCloseTo(175.2, 10);
    expect(Math.abs(bridge.effects.reduce((a, b) => a + b, 0) - bridge.total)).toBeLessThan(1e-12);
  });

  it("spills a labelled table: header, four drivers in order, total; shares of the change", () => {
    const table = bridgeTable(bridge);
    expect(table.map((r) => r[0])).toEqual(["Driver", "Volume", "Calls per action", "Tokens per call", "Price and mix", "Total"]);
    expect(table[0]).toEqual(["Driver", "$ effect", "Share of change"]);
    expect(table[5][1]).toBeCloseTo(175.2, 10);
    expect(table[5][2]).toBeCloseTo(1, 12);
    expect(table[2][2]).toBeCloseTo(bridge.effects[1] / 175.2, 12);
    expect((table.slice(1, 5) as number[][]).reduce((s, r) => s + r[2], 0)).toBeCloseTo(1, 12);
  });

  it("gives one driver or the total alone", () => {
    expect(bridgeValue(bridge, "calls")).toBe(bridge.effects[1]);
    expect(bridgeValue(bridge, "price")).toBe(bridge.effects[3]);
    expect(bridgeValue(bridge, "total")).toBe(bridge.total);
  });
});

describe("COSTBRIDGE properties", () => {
  it("identical inputs: four 0 rows, a total of 0 and blank shares (nothing to divide by)", () => {
    const table = bridgeTable(costBridge(FORECAST, [...FORECAST] as unknown as BridgeDrivers));
    expect(table.slice(1)).toEqual([
      ["Volume", 0, ""],
      ["Calls per action", 0, ""],
      ["Tokens per call", 0, ""],
      ["Price and mix", 0, ""],
      ["Total", 0, ""],
    ]);
  });

  it("drivers that cancel exactly: their effects show, the shares stay blank", () => {
    const bridge = costBridge([100, 2, 1000, 5], [200, 2, 1000, 2.5]);
    expect(bridge.total).toBe(0);
    expect(bridge.effects[0]).toBeCloseTo(bridge.forecastCost * Math.LN2, 12);
    expect(bridge.effects[3]).toBeCloseTo(-bridge.forecastCost * Math.LN2, 12);
    expect(bridgeTable(bridge).map((r) => r[2])).toEqual(["Share of change", "", "", "", "", ""]);
  });

  it("a driver that did not move gives exactly 0", () => {
    const bridge = costBridge(FORECAST, [12_000, 2, 3_300, 4]);
    expect(bridge.effects[1]).toBe(0);
    expect(bridge.effects[0]).not.toBe(0);
  });

  it("1,000 seeded random months: the effects add up to actual − forecast, unmoved drivers give 0", () => {
    const random = seeded(19);
    // Log-uniform over 12 orders of magnitude, so tiny and huge drivers and costs are both covered.
    const draw = () => 10 ** (random() * 12 - 4);
    for (let k = 0; k < 1000; k++) {
      const f = [draw(), draw(), draw(), draw()] as unknown as BridgeDrivers;
      // A quarter of the drivers keep their forecast value.
      const a = f.map((x) => (random() < 0.25 ? x : draw())) as unknown as BridgeDrivers;
      const bridge = costBridge(f, a);
      const sum = bridge.effects.reduce((s, e) => s + e, 0);
      const scale = Math.max(bridge.forecastCost, bridge.actualCost);
      expect([k, Math.abs(sum - bridge.total) <= 1e-12 * scale]).toEqual([k, true]);
      expect(bridge.total).toBe(bridgeCost(a) - bridgeCost(f));
      f.forEach((x, i) => {
        if (a[i] === x) expect(bridge.effects[i]).toBe(0);
      });
    }
  });

  it("does not depend on the order of the drivers: any permutation permutes the effects", () => {
    const random = seeded(7);
    const orders = [
      [3, 2, 1, 0],
      [1, 3, 0, 2],
      [2, 0, 3, 1],
    ];
    for (let k = 0; k < 100; k++) {
      const f = [1, 2, 3, 4].map(() => 0.5 + random() * 100);
      const a = [1, 2, 3, 4].map(() => 0.5 + random() * 100);
      const c0 = f.reduce((p, x) => p * x, 1);
      const c1 = a.reduce((p, x) => p * x, 1);
      const base = lmdiEffects(f, a, c0, c1);
      for (const order of orders) {
        const permuted = lmdiEffects(
          order.map((i) => f[i]),
          order.map((i) => a[i]),
          c0,
          c1,
        );
        order.forEach((i, j) => expect(permuted[j]).toBeCloseTo(base[i], 12));
      }
    }
  });

  it("the log mean is symmetric, L(a, a) = a, and accurate for nearly equal costs", () => {
    expect(logMean(300, 475.2)).toBeCloseTo(logMean(475.2, 300), 10);
    expect(logMean(5, 5)).toBe(5);
    expect(logMean(1 + 1e-12, 1)).toBeCloseTo(1 + 5e-13, 15);
  });
});

describe("COSTBRIDGE arguments", () => {
  it("reads a column, a row and an array constant alike", () => {
    expect(parseBridgeDrivers([[10_000], [2], [3_000], [5]], "forecast")).toEqual(FORECAST);
    expect(parseBridgeDrivers([[10_000, 2, 3_000, 5]], "forecast")).toEqual(FORECAST);
    expect(parseBridgeDrivers([[{ type: "Double", basicValue: 10_000 }, 2, 3_000, 5]], "forecast")).toEqual(FORECAST);
  });

  it("refuses the wrong number of cells or a block", () => {
    expect(() => parseBridgeDrivers([[1, 2, 3]], "forecast")).toThrow(/forecast must be 4 numbers in a row or a column .*got 3 cells/);
    expect(() => parseBridgeDrivers(5, "actual")).toThrow(/actual must be 4 numbers .*got 1 cell\./);
    expect(() =>
      parseBridgeDrivers(
        [
          [1, 2],
          [3, 4],
        ],
        "actual",
      ),
    ).toThrow(/got a 2 × 2 range/);
  });

  it("names a missing, zero, negative, text or error driver and says why", () => {
    expect(() => parseBridgeDrivers([[1], [null], [3], [4]], "forecast")).toThrow(
      "forecast calls per action is missing (an empty cell): a log bridge needs a positive value for every driver.",
    );
    expect(() => parseBridgeDrivers([[1], [2], [0], [4]], "actual")).toThrow(
      /^actual tokens per call must be greater than 0; got 0: a log bridge takes the logarithm of each driver/,
    );
    expect(() => parseBridgeDrivers([[1, 2, 3, -4]], "actual")).toThrow(/actual \$ per 1M tokens must be greater than 0; got -4/);
    expect(() => parseBridgeDrivers([["many", 2, 3, 4]], "actual")).toThrow(/actual user actions must be a number; got text 'many'/);
    expect(() => parseBridgeDrivers([[1, { type: "Error", errorType: "Div0" }, 3, 4]], "actual")).toThrow(
      /actual calls per action contains an Excel error value; fix that cell first/,
    );
  });

  it("labels every driver with its unit", () => {
    expect(BRIDGE_DRIVERS.map((d) => d.input)).toEqual(["user actions", "calls per action", "tokens per call", "$ per 1M tokens"]);
  });
});
