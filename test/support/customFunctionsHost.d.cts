export declare const ErrorCode: {
  readonly invalidValue: "#VALUE!";
  readonly notAvailable: "#N/A";
  readonly divisionByZero: "#DIV/0!";
  readonly invalidNumber: "#NUM!";
  readonly nullReference: "#NULL!";
  readonly invalidName: "#NAME?";
  readonly invalidReference: "#REF!";
};

export declare class CustomFunctionsErrorClass extends Error {
  readonly code: string;
  constructor(code: string, message?: string);
}

export interface CustomFunctionsGlobal {
  Error: typeof CustomFunctionsErrorClass;
  ErrorCode: typeof ErrorCode;
  associate(id: string | Record<string, (...args: any[]) => unknown>, fn?: (...args: any[]) => unknown): void;
  registry: Map<string, (...args: any[]) => unknown>;
}

export declare function makeCustomFunctionsGlobal(): CustomFunctionsGlobal;

export interface FunctionMetadata {
  id: string;
  name: string;
  description: string;
  parameters: Array<{ name: string; description: string; type?: string; optional?: boolean; dimensionality?: string }>;
  result: { type?: string; dimensionality?: string };
  options?: Record<string, boolean>;
}

export interface LoadedAddin {
  metadata: FunctionMetadata[];
  call: (id: string, ...args: unknown[]) => unknown;
  registry: Map<string, (...args: any[]) => unknown>;
  CustomFunctions: CustomFunctionsGlobal;
  /** Chunk URLs the script asked the document to load, in order. */
  requested: string[];
}

export interface LoadOptions {
  realm?: "isolated" | "shared";
  /** Where the add-in is served from; chunks are answered from dist/ under it. */
  origin?: string;
  /** How many chunk loads fail before they start succeeding. */
  failedLoads?: number;
  /** Host objects added to the isolated realm, e.g. Office and Excel stand-ins. */
  globals?: Record<string, unknown>;
}

export declare const DIST: string;
export declare function loadBuiltFunctions(dist?: string, options?: LoadOptions): LoadedAddin;
