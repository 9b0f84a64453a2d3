// The React pane itself, loaded as its own chunk only when the pane is shown (see src/entry/taskpane.ts).
import { createRoot } from "react-dom/client";
import { App } from "./components/App/App";

/* global document */

export function mountPane(): void {
  const container = document.getElementById("container");
  if (container) createRoot(container).render(<App />);
}
