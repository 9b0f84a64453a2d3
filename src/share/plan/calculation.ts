// The workbook's calculation settings as the conversion record keeps them: workbook.xml's calcPr
// attributes. A file gives them as they are; the open workbook gives Office.js's application
// settings, which map onto the same attributes (calcMode, iterate, iterateCount, iterateDelta), so
// either host can give back what the other recorded.
import type { XmlAttributes } from "../originals";

/** Excel.CalculationMode's values. */
export type CalculationMode = "Automatic" | "AutomaticExceptTables" | "Manual";

export interface CalculationSettings {
  readonly mode: CalculationMode;
  /** Iterative calculation (ExcelApi 1.9); undefined when the host cannot tell. */
  readonly iterative?: { readonly enabled: boolean; readonly maxIteration: number; readonly maxChange: number };
}

const TO_CALC_MODE: Record<CalculationMode, string> = { Automatic: "auto", AutomaticExceptTables: "autoNoTable", Manual: "manual" };

/** The calcPr attributes that say what these settings say. */
export function calcPrOfSettings(s: CalculationSettings): XmlAttributes {
  const it = s.iterative;
  return {
    calcMode: TO_CALC_MODE[s.mode] ?? "auto",
    ...(it?.enabled ? { iterate: "1", iterateCount: String(it.maxIteration), iterateDelta: String(it.maxChange) } : {}),
  };
}

const number = (text: string | undefined, fallback: number) => {
  const n = Number(text);
  return text !== undefined && text !== "" && Number.isFinite(n) && n >= 0 ? n : fallback;
};

/** The settings a recorded calcPr stands for (null: no calcPr, Excel's defaults). */
export function settingsOfCalcPr(calcPr: XmlAttributes | null): CalculationSettings {
  const a = calcPr ?? {};
  const mode = (Object.keys(TO_CALC_MODE) as CalculationMode[]).find((m) => TO_CALC_MODE[m] === a.calcMode) ?? "Automatic";
  const enabled = a.iterate === "1" || a.iterate === "true";
  return { mode, iterative: { enabled, maxIteration: number(a.iterateCount, 100), maxChange: number(a.iterateDelta, 0.001) } };
}
