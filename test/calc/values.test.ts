// The argument layer's rules (README "Errors"): both Excel dialects and data types read alike.
import { CalcError } from "../../src/calc/errors";
import {
  isBlank,
  isBlankOrZero,
  isErrorValue,
  optional,
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
