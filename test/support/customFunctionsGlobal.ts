// The CustomFunctions global Excel provides to the functions runtime, as far as our code uses it:
// an Error class carrying an ErrorCode and a message, and associate() as a registry.
export const ErrorCode = {
  invalidValue: "#VALUE!",
  notAvailable: "#N/A",
  divisionByZero: "#DIV/0!",
  invalidNumber: "#NUM!",
  nullReference: "#NULL!",
  invalidName: "#NAME?",
  invalidReference: "#REF!",
} as const;

export class CustomFunctionsError extends Error {
  readonly code: string;
  constructor(code: string, message?: string) {
    super(message);
    this.code = code;
  }
}

export function makeCustomFunctionsGlobal() {
  const registry = new Map<string, (...args: unknown[]) => unknown>();
  return {
    Error: CustomFunctionsError,
    ErrorCode,
    associate(id: string | Record<string, (...args: unknown[]) => unknown>, fn?: (...args: unknown[]) => unknown) {
      if (typeof id === "string") registry.set(id, fn!);
      else for (const [k, v] of Object.entries(id)) registry.set(k, v);
    },
    registry,
  };
}

(globalThis as unknown as { CustomFunctions: unknown }).CustomFunctions = makeCustomFunctionsGlobal();
