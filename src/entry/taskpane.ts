// Entry point of taskpane.js, the page of the shared runtime (webpack.config.js). Excel loads the
// page for the custom functions even when the pane is never shown, so React and the pane (most of
// the page's script) are fetched, parsed and rendered only once the pane is visible: opening a
// workbook does not make the functions wait for them.

/* global Office, document */

let shown = false;

function showPane(): void {
  if (shown) return;
  shown = true;
  void import(/* webpackChunkName: "pane" */ "../taskpane/mountPane").then(({ mountPane }) => mountPane());
}

/** Renders now if the pane is visible, otherwise as soon as it is shown. */
function whenShown(): void {
  if (document.visibilityState === "visible") return showPane();
  document.addEventListener("visibilitychange", () => document.visibilityState === "visible" && showPane());
  // Shared runtime: Excel reports the pane being opened from the ribbon.
  Office.addin?.onVisibilityModeChanged?.((args) => {
    if (String(args.visibilityMode) === "Taskpane") showPane();
  });
}

// Office.onReady resolves outside Office too (e.g. a plain browser), so the pane always renders.
if (typeof Office !== "undefined") void Office.onReady(whenShown);
else showPane();
