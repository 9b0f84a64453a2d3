// Installs the CustomFunctions global Excel provides (see customFunctionsHost.cjs) for jest tests
// that import src/functions directly.
import { ErrorCode, makeCustomFunctionsGlobal } from "./customFunctionsHost.cjs";
export { makeCustomFunctionsGlobal };

const host = makeCustomFunctionsGlobal();
(globalThis as unknown as { CustomFunctions: unknown }).CustomFunctions = host;

export { ErrorCode };
/** The Error class the installed global throws: `instanceof` works against it. */
export const CustomFunctionsError = host.Error;
