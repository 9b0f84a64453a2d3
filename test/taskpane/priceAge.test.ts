import { ageInDays, isStale, isoDate, oldestAsOf } from "../../src/taskpane/components/PriceTable/priceAge";
import type { ModelPrice } from "../../src/calc/prices";

const row = (asOf: string, model = `m${asOf}`) => ({ asOf, model, provider: "p" }) as ModelPrice;

describe("price age", () => {
  it("counts whole calendar days from the as-of date to today", () => {
    expect(ageInDays("2026-09-23", new Date(2026, 8, 23, 23, 59))).toBe(0);
    expect(ageInDays("2026-09-23", new Date(2026, 11, 22, 8, 0))).toBe(90);
    expect(ageInDays("2026-09-23", new Date(2026, 11, 23, 8, 0))).toBe(91);
  });

  it("warns only when the prices are more than 90 days old, or never for an unknown date", () => {
    expect(isStale("2026-09-23", new Date(2026, 11, 22))).toBe(false);
    expect(isStale("2026-09-23", new Date(2026, 11, 23))).toBe(true);
    expect(isStale("", new Date(2030, 0, 1))).toBe(false);
  });

  it("takes the oldest readable date of the table, or the fallback when there is none", () => {
    expect(oldestAsOf([row("2026-11-01"), row("2026-09-23"), row("")], "x")).toBe("2026-09-23");
    expect(oldestAsOf([row("")], "2026-01-01")).toBe("2026-01-01");
  });

  it("counts only each model's row in force today: its history and announced changes do not age the table", () => {
    const rows = [row("2024-01-01", "m"), row("2026-11-01", "m"), row("2027-01-01", "m"), row("2026-10-01", "n")];
    expect(oldestAsOf(rows, "x", "2026-11-23")).toBe("2026-10-01");
    expect(oldestAsOf(rows, "x", "2026-10-15")).toBe("2024-01-01");
  });

  it("stamps edits with the user's calendar date", () => {
    expect(isoDate(new Date(2026, 0, 5, 23, 30))).toBe("2026-01-05");
  });
});
