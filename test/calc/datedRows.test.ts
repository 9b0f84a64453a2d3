import { rowsInForce } from "../../src/calc/datedRows";
import type { ModelPrice } from "../../src/calc/prices";

const row = (model: string, asOf: string, provider = "custom") => ({ model, provider, asOf, input: 1 }) as unknown as ModelPrice;

describe("rowsInForce", () => {
  it("takes each model's latest row dated on or before the date, in table order of each model's first row", () => {
    const rows = [row("m", "2027-01-01"), row("n", "2026-01-01"), row("M ", "2025-01-01"), row("m", "2026-06-01")];
    expect(rowsInForce(rows, "2026-12-06")).toEqual([rows[3], rows[1]]);
    expect(rowsInForce(rows, "2027-01-01")).toEqual([rows[0], rows[1]]);
  });

  it("takes the earliest row when every one is later, and a blank date as before all", () => {
    expect(rowsInForce([row("m", "2027-01-01"), row("m", "2028-01-01")], "2026-01-01").map((r) => r.asOf)).toEqual(["2027-01-01"]);
    expect(rowsInForce([row("m", "2027-01-01"), row("m", "")], "2026-01-01").map((r) => r.asOf)).toEqual([""]);
  });

  it("keeps one model's rows of two providers apart", () => {
    expect(rowsInForce([row("m", "2026-01-01", "a"), row("m", "2026-02-01", "b")], "2026-12-01")).toHaveLength(2);
  });
});
