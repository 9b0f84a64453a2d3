// The argument layer's rules (README "Errors"): both Excel dialects and data types read alike.
import { CalcError } from "../../src/calc/errors";
import {
  isBlank,
  isBlankOrZero,
  isErrorValue,
  optional,
  optionalDate,
  optionalNonZero,
  textOf,
  toChoice,
  toNonNegative,
  toText,
  unwrap,
} from "../../src/calc/values";

const messageOf = (fn: () => unknown): string => {
  try {
    fn();
  } catch (e) {
    if (e instanceof CalcError) return e.message;
    throw e;
  }
  throw new Error("expected a CalcError");
};

describe("data types", () => {
  it.each([
    [{ type: "Double", basicValue: 7000 }, 7000],
    [{ type: "FormattedNumber", basicValue: 3, numberFormat: "$0.00" }, 3],
    [{ type: "String", basicValue: "gpt-4o" }, "gpt-4o"],
    [{ type: "Boolean", basicValue: true }, true],
    [{ type: "Entity", text: "GPT-4o", basicValue: "gpt-4o", properties: {} }, "gpt-4o"],
  ])("%j reads as %j", (cell, scalar) => {
    expect(unwrap(cell)).toBe(scalar);
    expect(isErrorValue(cell)).toBe(false);
  });

  it("an error data type or error object stays an error", () => {
    expect(isErrorValue({ type: "Error", errorType: "Div0", basicValue: "#DIV/0!" })).toBe(true);
    expect(isErrorValue(new Error("#N/A"))).toBe(true);
    expect(messageOf(() => toNonNegative({ type: "Error", basicValue: "#REF!" }, "calls"))).toBe(
      "calls contains an Excel error value; fix that cell first.",
    );
  });
});

describe("an empty cell: null on the web, 0 on desktop", () => {
  it("text positions read 0 as blank", () => {
    expect([textOf(0), textOf(null), textOf({ type: "Double", basicValue: 0 }), textOf(" a ")]).toEqual(["", "", "", "a"]);
    expect(messageOf(() => toText(0, "model"))).toBe("model is required.");
    expect(toChoice(0, "kind", ["input", "output"], "input")).toBe("input");
    expect(toChoice({ type: "String", basicValue: " Output " }, "kind", ["input", "output"], "input")).toBe("output");
  });

  it("where 0 means nothing it is omitted; where 0 is a real value it stays 0", () => {
    expect(optionalNonZero(0, toNonNegative, "cap")).toBeUndefined();
    expect(optionalNonZero(3000, toNonNegative, "cap")).toBe(3000);
    expect(optional(0, toNonNegative, "cached_input_tokens")).toBe(0);
    expect(optional(null, toNonNegative, "cached_input_tokens")).toBeUndefined();
    expect(toNonNegative(0, "calls")).toBe(0);
    expect([isBlank(0), isBlankOrZero(0), isBlankOrZero(""), isBlankOrZero(0.5)]).toEqual([false, true, true, false]);
  });
});

describe("optionalDate (as_of)", () => {
  it("reads an Excel date serial (its time of day ignored) or text yyyy-mm-dd; blank or 0 is omitted", () => {
    expect(optionalDate(46_388, "as_of")).toBe("2027-01-01");
    expect(optionalDate(46_388.75, "as_of")).toBe("2027-01-01");
    expect(optionalDate({ type: "FormattedNumber", basicValue: 46_387, numberFormat: "yyyy-mm-dd" }, "as_of")).toBe("2026-12-31");
    expect(optionalDate(" 2027-01-01 ", "as_of")).toBe("2027-01-01");
    expect(optionalDate(null, "as_of")).toBeUndefined();
    expect(optionalDate(0, "as_of")).toBeUndefined();
  });

  it("refuses what is not a date, saying what a date is", () => {
    for (const bad of ["2027-02-30", "01/01/2027", "soon", -5, true]) {
      expect(() => optionalDate(bad, "as_of")).toThrow(/as_of must be a date \(a date cell, or text yyyy-mm-dd\)/);
    }
  });
});
