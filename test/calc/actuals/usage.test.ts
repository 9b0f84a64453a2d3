import { parseUsageCsv, usageHeader } from "../../../src/calc/actuals/usage";

const MAPPING = { month: "date", feature: "feature", activeUsers: "active_users", userActions: "actions" };
const CSV = [
  "date,feature,active_users,actions",
  "2025-09-30,Support chat,1200,10000",
  '2025-10-31,Support chat,"1,300",12000',
  "2025-10-31,=cmd|' /C calc'!A0,5,7",
].join("\n");

describe("usage CSV", () => {
  it("reads month, feature, active users and user actions through the mapping", () => {
    const result = parseUsageCsv(CSV, MAPPING);
    expect(result.recordsRead).toBe(3);
    expect(result.rows).toEqual([
      { month: "2025-09", feature: "Support chat", activeUsers: 1200, userActions: 10000 },
      { month: "2025-10", feature: "Support chat", activeUsers: 1300, userActions: 12000 },
      { month: "2025-10", feature: "=cmd|' /C calc'!A0", activeUsers: 5, userActions: 7 },
    ]);
    expect(usageHeader(`\uFEFF${CSV}`)).toEqual(["date", "feature", "active_users", "actions"]);
  });

  it("adds up user actions of daily rows; a blank count stays blank, not 0", () => {
    const daily = ["day,feature,actions", "2025-10-01,Search,100", "2025-10-02,search,250", "2025-11-01,Search,"].join("\n");
    expect(parseUsageCsv(daily, { month: "day", feature: "feature", userActions: "actions" }).rows).toEqual([
      { month: "2025-10", feature: "Search", activeUsers: null, userActions: 350 },
      { month: "2025-11", feature: "Search", activeUsers: null, userActions: null },
    ]);
  });

  it("refuses with the line and the column, and never adds up active users", () => {
    const bad = (lines: string[]) => () => parseUsageCsv(["date,feature,active_users,actions", ...lines].join("\n"), MAPPING);
    expect(bad(["2025-10-01,Chat,10,20", "2025-10-15,Chat,12,5"])).toThrow(
      /^Line 3: active_users for 2025-10 and 'Chat' is already on line 2; active users cannot be added up/,
    );
    expect(bad(["2025-10-01,Chat,ten,20"])).toThrow("Line 2: active_users must be a count, 0 or more; got 'ten'; nothing was imported.");
    expect(bad(["2025-10-01,Chat,10,-1"])).toThrow(/Line 2: actions must be a count, 0 or more; got '-1'/);
    expect(bad(["October,Chat,10,20"])).toThrow(/Line 2: date must be a date like 2025-01-31; got 'October'/);
    expect(bad(["2025-10-01, ,10,20"])).toThrow(/Line 2: feature is empty: name the feature/);
    expect(bad(["2025-10-01,Chat,10"])).toThrow(/Line 2: 3 fields where the header has 4/);
    expect(() => parseUsageCsv(CSV, { month: "date", feature: "product" })).toThrow(
      /no column '\(month and feature must be mapped\)'|no column 'product'/,
    );
    expect(() => parseUsageCsv(CSV, { month: "date", feature: "feature" })).toThrow(/Map at least one of active users or user actions/);
    expect(() => parseUsageCsv("date,feature,actions\n", { month: "date", feature: "feature", userActions: "actions" })).toThrow(
      /no rows to import/,
    );
  });
});
