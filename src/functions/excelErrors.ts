// The one place a failure becomes an Excel error. Calc code throws CalcError with a message from
// src/calc/messages.ts; here it becomes CustomFunctions.Error, the only error Excel displays.
// It is also the one place results are checked: no function hands Excel Infinity or NaN.
import { CalcError, notFiniteResult, errorText } from "../calc/errors";
import { messages } from "../calc/messages";

const CODES = {
  value: "invalidValue",
  notAvailable: "notAvailable",
  number: "invalidNumber",
} as const;

export function toExcelError(error: unknown): CustomFunctions.Error {
  if (error instanceof CalcError) {
    return new CustomFunctions.Error(CustomFunctions.ErrorCode[CODES[error.kind]], error.message);
  }
  if (error instanceof CustomFunctions.Error) return error;
  // A bug, not bad input: still an error the user can see rather than a wrong number.
  const message = errorText(error);
  return new CustomFunctions.Error(CustomFunctions.ErrorCode.invalidValue, `Unexpected error: ${message}`);
}

const finite = (value: unknown): boolean => typeof value !== "number" || Number.isFinite(value);

/** A result, or each cell of a spilled result, that is not a finite number becomes #NUM! with a message. */
function finiteOnly<T>(result: T): T {
  const ok = Array.isArray(result) ? result.every((row) => (Array.isArray(row) ? row.every(finite) : finite(row))) : finite(result);
  if (!ok) throw notFiniteResult(messages.resultNotFinite());
  return result;
}

const isThenable = (value: unknown): value is PromiseLike<unknown> =>
  typeof value === "object" && value !== null && typeof (value as { then?: unknown }).then === "function";

/**
 * Runs a function body; any failure is thrown as the CustomFunctions.Error Excel shows. A body that
 * waits (for the workbook's prices, the tokenizer) returns a Promise, checked the same way when it settles.
 */
export function excel<T>(body: () => T): T {
  try {
    const result = body();
    if (isThenable(result)) {
      return Promise.resolve(result)
        .then(finiteOnly)
        .catch((error: unknown) => {
          throw toExcelError(error);
        }) as T;
    }
    return finiteOnly(result);
  } catch (error) {
    throw toExcelError(error);
  }
}
