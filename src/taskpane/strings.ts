// Every string the task pane shows, in one place for review and later translation.
export const strings = {
  title: "AI Unit Economics",
  pricesAsOf: (date: string) => `Prices as of ${date}`,
  pricesSource: (dataset: string, version: string) => `Default prices: ${dataset} ${version}, $ per 1M tokens`,
  functionsHeading: "Functions",
  functionsHelp: "Type =AIECON. in a cell to see every function with help for each argument.",

  // --- Sharing (components/Sharing) ---
  sharingHeading: "Share without the add-in",
  sharingHelp:
    "Boards often open workbooks without this add-in. Prepare for sharing rewrites AIECON formulas into native Excel formulas that compute in Excel, Excel on the web, LibreOffice and Google Sheets. The originals are kept in the workbook.",
  sharingScopeLabel: "Convert",
  sharingScopeWorkbook: "Whole workbook",
  sharingScopeSelection: "Selected cells",
  sharingPrepare: "Prepare for sharing",
  sharingRestore: "Restore live functions",
  sharingRepair: "Repair #NAME? cells",
  sharingRepairHelp: "Opened the workbook before the add-in loaded? Repair re-enters every AIECON formula so it computes again.",
  sharingNothing: (scope: "workbook" | "selection") =>
    scope === "workbook" ? "This workbook has no AIECON formulas to convert." : "The selected cells have no AIECON formulas to convert.",
  sharingConfirmTitle: "Prepare for sharing?",
  sharingConfirmBody: (cells: number) =>
    `${cells} cell${cells === 1 ? "" : "s"} with AIECON formulas will be rewritten as native Excel formulas (or values with an "as of" note where no portable formula exists). The original formulas are kept in the hidden sheet AIECON_Originals; Restore live functions brings them back.`,
  sharingRestoreTitle: "Restore live functions?",
  sharingRestoreBody:
    "Every converted cell gets its original AIECON formula back, replacing the native formula or values written when preparing for sharing.",
  sharingConfirm: "Convert",
  sharingRestoreConfirm: "Restore",
  sharingCancel: "Cancel",
  sharingPrepared: (formulas: number, values: number, priceRows: number) =>
    `Done: ${formulas} formula${formulas === 1 ? "" : "s"} now native Excel, ${values} kept as values with an "as of" note${priceRows ? `, ${priceRows} model${priceRows === 1 ? "" : "s"} added to AIECON_Prices` : ""}.`,
  sharingRestored: (n: number) => (n === 0 ? "Nothing to restore: this workbook was not prepared for sharing." : `Restored ${n} original formula${n === 1 ? "" : "s"}.`),
  sharingRepairing: (done: number, total: number) => `Re-entering formulas: ${done} of ${total}`,
  sharingRepaired: (n: number) => (n === 0 ? "No AIECON formulas found." : `Re-entered ${n} AIECON formula${n === 1 ? "" : "s"}.`),
  sharingFailed: (what: string, why: string) => `${what} failed: ${why}`,
} as const;
