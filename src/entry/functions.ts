// Entry point of functions.js, the script the manifest names (webpack.config.js). Everything the
// functions' runtime starts, it starts here, never as a side effect of importing a module:
// - the four files of custom functions, to which the build (custom-functions-metadata-plugin)
//   appends their CustomFunctions.associate calls;
// - the price runtime's first load of the workbook's prices (after Office.onReady), before and
//   whether or not the pane is shown; functions needing a price wait for it.
import "../functions/functions";
import "../functions/scenarioFunctions";
import "../functions/classificationFunctions";
import "../functions/varianceFunctions";
import { startPriceRuntime } from "../workbook/priceWatch";

startPriceRuntime();
