// Calculation failures carry the Excel error they should become, so the function layer maps them
// without knowing why they happened.

/** "value" becomes #VALUE!, "notAvailable" becomes #N/A (the two Excel errors that show a message);
 * "number" becomes #NUM!, for a result too large to be a finite number. */
export type CalcErrorKind = "value" | "notAvailable" | "number";

export class CalcError extends Error {
  readonly kind: CalcErrorKind;
  constructor(kind: CalcErrorKind, message: string) {
    super(message);
    this.name = "CalcError";
    this.kind = kind;
  }
}

export function invalid(message: string): CalcError {
  return new CalcError("value", message);
}

export function notAvailable(message: string): CalcError {
  return new CalcError("notAvailable", message);
}

export function notFiniteResult(message: string): CalcError {
  return new CalcError("number", message);
}

/** The text of anything thrown: an Error's message, or the thrown value itself as text. */
export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
