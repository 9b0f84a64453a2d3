/** @jest-environment jsdom */
// Where the classification wizard puts focus after an action, with its view rendered over the hook in
// jsdom (the fake workbook of test/support/classifyHost.ts). Apart from the hook's tests because
// rendering the view loads Fluent UI (a few seconds); Chromium keeps the layout and axe walks.
import { act, fireEvent, render, screen, waitFor } from "@testing-library/react";
import { ClassificationWizard } from "../../../src/taskpane/components/ClassificationWizard/ClassificationWizard";
import { createFakeExcel, type FakeExcelInit } from "../../support/classifyHost";
import { COST_LINES_HEADER_AND_TWO } from "../../support/costLines";

const COSTS: FakeExcelInit["sheets"] = {
  Costs: {
    ...COST_LINES_HEADER_AND_TWO,
  },
};

function host(init: FakeExcelInit) {
  const fake = createFakeExcel(init);
  (globalThis as { Excel?: unknown }).Excel = { run: fake.run };
}

afterEach(() => {
  delete (globalThis as { Excel?: unknown }).Excel;
});

describe("where focus goes after an action (the view over the hook)", () => {
  // Fluent's MessageBar watches its size; jsdom has no layout, so nothing ever resizes.
  beforeAll(() => {
    (globalThis as { ResizeObserver?: unknown }).ResizeObserver ??= class {
      observe() {}
      unobserve() {}
      disconnect() {}
    };
  });

  it("after Remove: the next line's bucket, else the one before, else the lines heading; after a refused write: the message", async () => {
    host({ sheets: COSTS, selection: "Costs!A1:D3" });
    render(<ClassificationWizard />);
    await act(async () => new Promise((resolve) => setTimeout(resolve, 0)));
    fireEvent.click(screen.getByRole("button", { name: "Use selected range" }));
    await screen.findByText("2 cost lines read from Costs!A1:D3.");
    const bucketOf = (workload: string) =>
      screen.getByRole("region", { name: `Cost line ${workload}` }).querySelector("select") as HTMLSelectElement;

    fireEvent.click(screen.getByRole("button", { name: "Remove Support chat (prod)" }));
    await waitFor(() => expect(document.activeElement).toBe(bucketOf("Base model training")));
    fireEvent.click(screen.getByRole("button", { name: "Remove Base model training" }));
    await waitFor(() => expect(document.activeElement).toBe(screen.getByRole("heading", { name: "Cost lines (0)" })));

    // Enter in the form with nothing typed: focus goes to the first field with a problem.
    fireEvent.submit(screen.getByRole("form", { name: "Add a cost line" }));
    expect(document.activeElement).toBe(screen.getByLabelText("Workload"));
    expect(screen.getByText("Enter the workload's name, e.g. Support chat.")).toBeTruthy();

    // A write the workbook refuses: the error message takes focus, in the pane's words.
    fireEvent.change(screen.getByLabelText("Workload"), { target: { value: "Evals" } });
    fireEvent.change(screen.getByLabelText("Monthly cost ($ / month)"), { target: { value: "90" } });
    fireEvent.submit(screen.getByRole("form", { name: "Add a cost line" }));
    expect(document.activeElement).toBe(screen.getByLabelText("Workload"));
    fireEvent.change(bucketOf("Evals"), { target: { value: "training" } });
    fireEvent.change(screen.getByLabelText("Revenue cell ($ / month, optional)"), { target: { value: "B3+1" } });
    fireEvent.click(screen.getByRole("button", { name: "Write classification to workbook" }));
    const refused = await screen.findByText(/^Could not complete: /);
    await waitFor(() => expect(refused.closest("[tabindex='-1']")).toBe(document.activeElement));
  });
});
