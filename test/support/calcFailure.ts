import { CalcError } from "../../src/calc/errors";

/** The CalcError a calc call throws; fails the test if it returns instead or throws anything else. */
export function calcFailure(fn: () => unknown): CalcError {
  try {
    fn();
  } catch (e) {
    if (e instanceof CalcError) return e;
    throw e;
  }
  throw new Error("expected a CalcError, but the call returned a value");
}
