import { classify } from "../../src/calc/classification";
import {
  changeFlag,
  columnIndex,
  columnLetter,
  dateText,
  excelDate,
  parseAddress,
  parseCostLines,
  readStoredLine,
  revenueReference,
  tableRow,
} from "../../src/sheetModel/classificationLayout";

describe("addresses", () => {
  it("column letters round-trip, past Z and ZZ", () => {
    for (const [i, s] of [
      [0, "A"],
      [11, "L"],
      [25, "Z"],
      [26, "AA"],
      [701, "ZZ"],
      [702, "AAA"],
    ] as const) {
      expect(columnLetter(i)).toBe(s);
      expect(columnIndex(s)).toBe(i);
    }
  });

  it("parses sheet-qualified addresses as Excel returns them", () => {
    expect(parseAddress("'AI Classification'!A1:L5")).toEqual({
      sheet: "AI Classification",
      row: 0,
      column: 0,
      lastRow: 4,
      lastColumn: 11,
    });
    expect(parseAddress("'It''s'!$B$2")).toEqual({ sheet: "It's", row: 1, column: 1, lastRow: 1, lastColumn: 1 });
  });

  it("accepts a single revenue cell, with or without sheet and =, and nothing else", () => {
    expect(revenueReference("B3")).toBe("B3");
    expect(revenueReference("=Model!$B$3")).toBe("Model!$B$3");
    expect(revenueReference("'P&L 2026'!C10")).toBe("'P&L 2026'!C10");
    for (const bad of ["B3:B4", "B3+1", "Model!", "3B", "SUM(B3)"])
      expect(() => revenueReference(bad)).toThrow(/not a single cell address/);
  });

  it("dates are Excel serials and read back as yyyy-mm-dd", () => {
    expect(excelDate(new Date(2026, 10, 23))).toBe(46349);
    expect(dateText(46349)).toBe("2026-11-23");
  });
});

describe("cost lines from a picked range", () => {
  it("without a header: Name | Monthly $ | Vendor | Bucket; blank rows skipped", () => {
    expect(
      parseCostLines([
        ["Support bot", 4200, "OpenAI", "customer-facing inference"],
        ["", "", "", ""],
        ["GPU cluster", 900, "", ""],
      ]),
    ).toEqual([
      { workload: "Support bot", monthlyUsd: 4200, vendor: "OpenAI", bucketName: "customer-facing inference" },
      { workload: "GPU cluster", monthlyUsd: 900, vendor: undefined, bucketName: undefined },
    ]);
  });

  it("with a header, columns are found by name in any order", () => {
    expect(
      parseCostLines([
        ["Bucket", "Monthly cost ($)", "Workload"],
        ["Training", 50, "Fine-tune v2"],
      ]),
    ).toEqual([{ workload: "Fine-tune v2", monthlyUsd: 50, vendor: undefined, bucketName: "Training" }]);
  });

  it("says which line has a bad amount or no name", () => {
    expect(() => parseCostLines([["Support bot", "lots"]])).toThrow(
      "Cost line 'Support bot': Monthly $ must be a number of dollars per month, 0 or more; got 'lots'.",
    );
    expect(() => parseCostLines([["Support bot", -1]])).toThrow(/0 or more; got -1/);
    expect(() => parseCostLines([["", 5, "x"]])).toThrow("Cost line 1: the workload name is empty.");
  });
});

describe("the consistency flag", () => {
  const mixed = (share: number) => classify({ bucket: "infrastructure", answers: { production: "partly" }, cogsShare: share });
  const stored = (share: number) =>
    readStoredLine(tableRow({ workload: "DB", monthlyUsd: 10, answers: { production: "partly" }, result: mixed(share) }, 46300, undefined));

  it("is empty on a first run and when nothing changed", () => {
    expect(changeFlag(undefined, mixed(0.6))).toBe("");
    expect(changeFlag(stored(0.6), mixed(0.6))).toBe("");
  });

  it("flags a changed allocation share, not only a changed classification", () => {
    expect(changeFlag(stored(0.6), mixed(0.7))).toBe(
      "CHANGED since 2026-10-05: Mixed (60% COGS) → Mixed (70% COGS). Document why (consistency rule).",
    );
  });

  it("a hand-typed row without stored answers still yields its bucket from the label", () => {
    const row = ["Hand typed", "Infrastructure", 5, "COGS", 1, "", "", "", 46300, "", "", ""];
    expect(readStoredLine(row)).toMatchObject({ bucket: "infrastructure", answers: {}, classification: "COGS", cogsShare: 1 });
  });
});
