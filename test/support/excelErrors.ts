// Helpers to assert the Excel error a custom function throws, code and message.
import { CustomFunctionsError } from "./customFunctionsGlobal";

export function excelError(call: () => unknown): { code: string; message: string } {
  try {
    call();
  } catch (error) {
    if (error instanceof CustomFunctionsError) return { code: error.code, message: error.message };
    throw error;
  }
  throw new Error("expected the function to return an Excel error, but it returned a value");
}
