// The one fake Excel (test/support/fakeExcel) against office-addin-mock, the mock the design names:
// for the same script of loads, syncs and reads, a read the mock refuses ("not loaded", "sync not
// called") the fake refuses too, with Office.js's PropertyNotLoaded, and a read the mock answers the
// fake answers with the same value. The fake is the hosts' base because it also keeps a workbook,
// runs in the browser pages and honours getItemOrNullObject; this keeps its load/sync rule honest.
import { OfficeMockObject } from "office-addin-mock";
import { createFakeExcel } from "../support/fakeExcel/fakeExcel";

type Outcome = { refused: true } | { refused: false; value: unknown };

const mockOutcome = (value: unknown): Outcome =>
  typeof value === "string" && /^Error, /.test(value) ? { refused: true } : { refused: false, value };
function fakeOutcome(read: () => unknown): Outcome {
  try {
    return { refused: false, value: read() };
  } catch (error) {
    expect((error as { code?: string }).code).toBe("PropertyNotLoaded");
    return { refused: true };
  }
}

/** One step of a script: load a property, sync, or read a property (recording what each side gives). */
type Step = { load: "values" | "address" } | "sync" | { read: "values" | "address" };

/** Each script, and which of its reads Office.js refuses (true) or answers (false). */
const scripts: Record<string, [Step[], boolean[]]> = {
  "read before anything": [[{ read: "values" }], [true]],
  "read after load, before sync": [[{ load: "values" }, { read: "values" }], [true]],
  "read after load and sync": [[{ load: "values" }, "sync", { read: "values" }], [false]],
  "read a property that was not loaded": [[{ load: "values" }, "sync", { read: "address" }], [true]],
  "load both, sync, read both": [
    [{ load: "values" }, { load: "address" }, "sync", { read: "values" }, { read: "address" }],
    [false, false],
  ],
  "sync first, then load, then read": [["sync", { load: "address" }, { read: "address" }], [true]],
};

describe.each(Object.entries(scripts))("%s", (_name, [steps, refused]) => {
  it("the fake refuses exactly what office-addin-mock refuses, and answers the same values", async () => {
    // office-addin-mock gives every mocked object its own load() and a context its sync().
    const mock = new OfficeMockObject({ workbook: { range: { values: [[2.5]], address: "Costs!B2" } } }) as unknown as {
      workbook: { range: Record<string, unknown> & { load(p: string): void } };
      sync(): Promise<void>;
    };
    const mockRange = mock.workbook.range;
    const fake = createFakeExcel({ sheets: { Costs: { B2: 2.5 } } });
    const context = fake.newContext();
    const fakeRange = context.workbook.worksheets.getItem("Costs").getRange("B2");

    const fromMock: Outcome[] = [];
    const fromFake: Outcome[] = [];
    for (const step of steps) {
      if (step === "sync") {
        await mock.sync();
        await context.sync();
      } else if ("load" in step) {
        mockRange.load(step.load);
        fakeRange.load(step.load);
      } else {
        fromMock.push(mockOutcome(mockRange[step.read]));
        fromFake.push(fakeOutcome(() => fakeRange[step.read]));
      }
    }
    expect(fromMock.map((o) => o.refused)).toEqual(refused);
    expect(fromFake).toEqual(fromMock);
  });
});
