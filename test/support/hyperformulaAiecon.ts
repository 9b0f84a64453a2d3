// The add-in's own custom-function wrappers registered in HyperFormula (a dev-only formula engine),
// so tests can evaluate workbook formulas such as the example model's exactly as Excel would call
// them: ranges arrive as 2-D arrays, blanks as null, error values as error objects, and a thrown
// CustomFunctions.Error becomes #VALUE! or #N/A with its message.
import {
  ArraySize,
  CellError,
  EmptyValue,
  ErrorType,
  FunctionArgumentType,
  FunctionPlugin,
  HyperFormula,
  SimpleRangeValue,
} from "hyperformula";
import * as core from "../../src/functions/functions";
import * as scenarios from "../../src/functions/scenarioFunctions";
import { classifyFn } from "../../src/functions/classificationFunctions";
import { CustomFunctionsError } from "./customFunctionsGlobal";

type Fn = (...args: any[]) => unknown;
// Minimal shapes of the parser's AST nodes read below (HyperFormula does not export them).
interface Ast {
  type: string;
  value?: unknown;
  procedureName?: string;
  args?: Ast[];
  start?: { row: number };
  end?: { row: number };
}

interface Registration {
  fn: Fn;
  /** Indexes of `any[][]` (matrix) parameters: Excel always passes those as 2-D arrays. */
  matrix?: readonly number[];
  /** Spill size [rows, columns] from the call's AST; HyperFormula must know it before evaluating. */
  spill?: (args: readonly Ast[]) => [number, number];
}

const rangeRows = (ast: Ast | undefined): number | undefined =>
  ast?.type === "CELL_RANGE" && ast.start && ast.end ? ast.end.row - ast.start.row + 1 : undefined;

/** COSTCURVE's months as written in the example model: a number or ROWS(range). */
function monthsOf(ast: Ast | undefined): number {
  if (ast?.type === "NUMBER") return ast.value as number;
  if (ast?.type === "FUNCTION_CALL" && ast.procedureName === "ROWS") {
    const rows = rangeRows(ast.args?.[0]);
    if (rows !== undefined) return rows;
  }
  throw new Error("hyperformulaAiecon: COSTCURVE months must be a number or ROWS(range) to size the spill");
}

export const AIECON_FUNCTIONS: Readonly<Record<string, Registration>> = {
  COSTPERINTERACTION: { fn: core.costPerInteractionFn },
  COSTPERUSER: { fn: core.costPerUserFn },
  MARGINIMPACT: { fn: core.marginImpactFn },
  COSTTREE: {
    fn: core.costTreeFn,
    matrix: [0],
    spill: (args) => {
      const output = args[1];
      if (output?.type === "STRING" && String(output.value).toLowerCase() === "breakdown") {
        // header + one line per step + total = the tree's rows (header included) + 1, when no row is blank
        return [(rangeRows(args[0]) ?? 1) + 1, 4];
      }
      return [1, 1];
    },
  },
  MODELPRICE: { fn: core.modelPriceFn },
  PRICESASOF: { fn: core.pricesAsOfFn },
  COSTCURVE: { fn: scenarios.costCurveFn, spill: (args) => [monthsOf(args[0]), 1] },
  BLENDEDPRICE: { fn: scenarios.blendedPriceFn, matrix: [0, 1] },
  GPUCOSTPERMTOK: { fn: scenarios.gpuCostPerMTokFn },
  VALUATIONIMPACT: { fn: scenarios.valuationImpactFn },
  USERMIX: { fn: scenarios.userMixFn, matrix: [0, 1, 2], spill: () => [3, 2] },
  CLASSIFY: { fn: classifyFn },
};

/** One HyperFormula value as Excel hands it to a custom function. */
function toExcelArgument(value: unknown): unknown {
  if (value === EmptyValue || value === undefined) return null;
  if (value instanceof CellError) return new CustomFunctionsError(`#${value.type}`, value.message);
  if (value instanceof SimpleRangeValue) return value.data.map((row) => row.map(toExcelArgument));
  if (typeof value === "object" && value !== null && typeof (value as { val?: unknown }).val === "number") {
    return (value as { val: number }).val; // HyperFormula's typed numbers (percent, currency...)
  }
  return value;
}

function toCellError(error: unknown): CellError {
  if (error instanceof CustomFunctionsError) {
    return new CellError(error.code === "#N/A" ? ErrorType.NA : ErrorType.VALUE, error.message);
  }
  throw error;
}

class AieconPlugin extends FunctionPlugin {
  static implementedFunctions: Record<string, any> = {};
}

for (const [id, registration] of Object.entries(AIECON_FUNCTIONS)) {
  const name = `AIECON.${id}`;
  const method = `aiecon_${id}`;
  AieconPlugin.implementedFunctions[name] = {
    method,
    // Arguments are evaluated by the method itself (not runFunction), so error values reach our
    // own coercion just as they reach it in Excel; these declarations only satisfy the registry.
    parameters: Array.from({ length: registration.fn.length }, () => ({
      argumentType: FunctionArgumentType.ANY,
      optionalArg: true,
    })),
    ...(registration.spill ? { sizeOfResultArrayMethod: `${method}_size` } : {}),
  };
  (AieconPlugin.prototype as any)[method] = function (this: FunctionPlugin, ast: { args: Ast[] }, state: unknown) {
    const args = ast.args.map((arg, i) => {
      const value = arg.type === "EMPTY" ? null : toExcelArgument((this as any).evaluateAst(arg, state));
      return registration.matrix?.includes(i) && !Array.isArray(value) ? [[value]] : value;
    });
    let result: unknown;
    try {
      result = registration.fn(...args);
    } catch (error) {
      return toCellError(error);
    }
    if (Array.isArray(result)) return SimpleRangeValue.onlyValues(result as any);
    return result;
  };
  if (registration.spill) {
    (AieconPlugin.prototype as any)[`${method}_size`] = (ast: { args: Ast[] }) => {
      const [rows, columns] = registration.spill!(ast.args);
      return new ArraySize(columns, rows);
    };
  }
}

let registered = false;

/** Registers AIECON.* once per test process. */
export function registerAiecon(): void {
  if (registered) return;
  const names = Object.keys(AieconPlugin.implementedFunctions);
  HyperFormula.registerFunctionPlugin(AieconPlugin, {
    enGB: Object.fromEntries(names.map((n) => [n, n])),
  });
  registered = true;
}

export interface LoadedWorkbook {
  readonly hf: HyperFormula;
  /** The computed value of a cell, by sheet name and A1 address. */
  value(sheet: string, address: string): unknown;
  set(sheet: string, address: string, content: string | number | null): void;
}

/** Sheets given as name → (A1 address → constant or "=formula"), evaluated with AIECON.* registered. */
export function loadWorkbook(sheets: Record<string, Record<string, string | number>>): LoadedWorkbook {
  registerAiecon();
  const hf = HyperFormula.buildEmpty({ licenseKey: "gpl-v3" });
  for (const name of Object.keys(sheets)) hf.addSheet(name);
  const at = (sheet: string, address: string) => {
    const id = hf.getSheetId(sheet);
    if (id === undefined) throw new Error(`no sheet ${sheet}`);
    const cell = hf.simpleCellAddressFromString(address, id);
    if (!cell) throw new Error(`bad address ${address}`);
    return cell;
  };
  hf.batch(() => {
    for (const [name, cells] of Object.entries(sheets)) {
      for (const [address, content] of Object.entries(cells)) hf.setCellContents(at(name, address), [[content]]);
    }
  });
  return {
    hf,
    value: (sheet, address) => hf.getCellValue(at(sheet, address)),
    set: (sheet, address, content) => {
      hf.setCellContents(at(sheet, address), [[content]]);
    },
  };
}
