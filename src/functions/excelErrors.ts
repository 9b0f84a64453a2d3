// The one place a failure becomes an Excel error. Calc code throws CalcError with a message from
// src/calc/messages.ts; here it becomes CustomFunctions.Error, the only error Excel displays.
import { CalcError } from "../calc/errors";

export function toExcelError(error: unknown): CustomFunctions.Error {
  if (error instanceof CalcError) {
    const code =
      error.kind === "notAvailable" ? CustomFunctions.ErrorCode.notAvailable : CustomFunctions.ErrorCode.invalidValue;
    return new CustomFunctions.Error(code, error.message);
  }
  if (error instanceof CustomFunctions.Error) return error;
  // A bug, not bad input: still an error the user can see rather than a wrong number.
  const message = error instanceof Error ? error.message : String(error);
  return new CustomFunctions.Error(CustomFunctions.ErrorCode.invalidValue, `Unexpected error: ${message}`);
}

/** Runs a function body; any failure is thrown as the CustomFunctions.Error Excel shows. */
export function excel<T>(body: () => T): T {
  try {
    return body();
  } catch (error) {
    throw toExcelError(error);
  }
}
