// The calculation settings both hosts record for a restore: Office.js's settings as calcPr attributes and back.
import { calcPrOfSettings, settingsOfCalcPr } from "../../src/share/plan/calculation";

it("maps each calculation mode and the iterative settings onto calcPr and back", () => {
  for (const [mode, calcMode] of [
    ["Automatic", "auto"],
    ["AutomaticExceptTables", "autoNoTable"],
    ["Manual", "manual"],
  ] as const) {
    expect(calcPrOfSettings({ mode })).toEqual({ calcMode });
    expect(settingsOfCalcPr({ calcMode }).mode).toBe(mode);
  }
  const iterative = { enabled: true, maxIteration: 50, maxChange: 0.01 };
  const calcPr = calcPrOfSettings({ mode: "Manual", iterative });
  expect(calcPr).toEqual({ calcMode: "manual", iterate: "1", iterateCount: "50", iterateDelta: "0.01" });
  expect(settingsOfCalcPr(calcPr)).toEqual({ mode: "Manual", iterative });
});

it("reads a file's calcPr as Excel does: absent attributes are Excel's defaults, other attributes ignored", () => {
  const defaults = { mode: "Automatic", iterative: { enabled: false, maxIteration: 100, maxChange: 0.001 } };
  expect(settingsOfCalcPr(null)).toEqual(defaults);
  expect(settingsOfCalcPr({ calcId: "191029", fullCalcOnLoad: "1" })).toEqual(defaults);
  expect(settingsOfCalcPr({ iterate: "true", iterateCount: "-3", iterateDelta: "x" })).toEqual({
    ...defaults,
    iterative: { ...defaults.iterative, enabled: true },
  });
});
