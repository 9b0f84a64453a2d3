import { createRoot } from "react-dom/client";
import { App } from "./components/App/App";

/* global Office, document */

function mount() {
  const container = document.getElementById("container");
  if (container) createRoot(container).render(<App />);
}

// Office.onReady resolves outside Office too (e.g. a plain browser), so the pane always renders.
if (typeof Office !== "undefined") Office.onReady(mount);
else mount();
