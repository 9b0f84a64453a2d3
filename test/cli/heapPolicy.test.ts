// The CLI collects the heap at the conversion's progress steps once it has grown by half since the
// last collection: V8 alone let a dense 50 MB conversion grow to several times what was live.
import { fullCollection, heapInUse, HeapPolicy, stageOf } from "../../src/share/xlsx/heapPolicy";

describe("HeapPolicy", () => {
  const MB = 1024 * 1024;
  /** A policy over a fake heap: `use` sets what is in use; a collection brings it down to `live`. Without a factor and step, the policy's own. */
  function fake(factor?: number, minStep?: number) {
    const heap = { use: 0, live: 0 };
    const collected: number[] = [];
    const policy = new HeapPolicy(
      () => {
        collected.push(heap.use);
        heap.use = heap.live;
      },
      () => heap.use,
      factor,
      minStep,
    );
    return { heap, collected, policy };
  }

  it("collects once what is in use has grown by the factor since the last collection, and not before", () => {
    const { heap, collected, policy } = fake(2, 10 * MB);
    heap.use = 9 * MB;
    policy.check();
    expect(collected).toEqual([]);
    heap.use = 11 * MB;
    heap.live = 100 * MB;
    policy.check();
    expect(collected).toEqual([11 * MB]);
    // 100 MB stayed after the collection: nothing more until 200 MB are in use.
    for (const use of [150, 199, 200]) {
      heap.use = use * MB;
      policy.check();
    }
    expect(collected).toEqual([11 * MB]);
    heap.use = 201 * MB;
    heap.live = 120 * MB;
    policy.check();
    expect(collected).toEqual([11 * MB, 201 * MB]);
    expect(policy.collections).toBe(2);
  });

  it("by default, collects once the heap has grown by half", () => {
    const { heap, collected, policy } = fake();
    heap.use = 65 * MB;
    heap.live = 200 * MB;
    policy.check();
    expect(collected).toEqual([65 * MB]);
    heap.use = 300 * MB;
    policy.check();
    expect(collected).toEqual([65 * MB]);
    heap.use = 301 * MB;
    policy.check();
    expect(collected).toEqual([65 * MB, 301 * MB]);
  });

  it("waits for the minimum step on a small heap", () => {
    const { heap, collected, policy } = fake(2, 64 * MB);
    heap.use = 70 * MB;
    heap.live = 5 * MB;
    policy.check();
    // 5 MB live: doubling would collect at 10 MB; the step asks for 69 MB.
    for (const use of [10, 40, 69]) {
      heap.use = use * MB;
      policy.check();
    }
    expect(collected).toEqual([70 * MB]);
    heap.use = 70 * MB;
    policy.check();
    expect(collected).toEqual([70 * MB, 70 * MB]);
  });
});

/** An object only a WeakRef holds once this returns. */
const unheld = () => new WeakRef(Array.from({ length: 200 }, (_, i) => new Array(1000).fill(i)));

it("fullCollection gives a collection that frees what nothing holds", async () => {
  const collect = fullCollection();
  expect(typeof collect).toBe("function");
  const ref = unheld();
  const before = heapInUse();
  // (A WeakRef keeps its target to the end of the job that made it.)
  await new Promise((resolve) => setImmediate(resolve));
  collect!();
  expect(ref.deref()).toBeUndefined();
  expect(heapInUse()).toBeLessThan(before);
});

it("heapInUse counts the JavaScript heap, not the typed arrays beside it (the file, the index, the kept cells)", () => {
  const MB = 1024 * 1024;
  const before = heapInUse();
  const file = new Uint8Array(256 * MB).fill(1);
  // (A collection meanwhile can only make the difference smaller; the heap itself is not asserted,
  // since what a collection frees while objects are made is not known.)
  expect(heapInUse() - before).toBeLessThan(16 * MB);
  expect(file[256 * MB - 1]).toBe(1);
  // It is what process.memoryUsage() says of the heap, and it grows with what the heap holds.
  expect(Math.abs(heapInUse() - process.memoryUsage().heapUsed)).toBeLessThan(MB);
  const start = heapInUse();
  const held = Array.from({ length: 300 }, (_, i) => new Array(10_000).fill(i + 0.5));
  expect(heapInUse() - start).toBeGreaterThan(16 * MB);
  expect(held[299][9_999]).toBe(299.5);
});

describe("HeapPolicy at a new stage", () => {
  const MB = 1024 * 1024;
  it("collects once the heap has grown by the minimum step, where between steps it waits for the factor", () => {
    const heap = { use: 0 };
    const collected: number[] = [];
    const policy = new HeapPolicy(
      () => {
        collected.push(heap.use);
        heap.use = 200 * MB;
      },
      () => heap.use,
      undefined,
      undefined,
      () => heap.use,
      1024 * MB,
    );
    heap.use = 300 * MB;
    policy.check();
    expect(collected).toEqual([300 * MB]);
    // 200 MB live: a step collects above 300 MB, a new stage above 264 MB.
    heap.use = 264 * MB;
    policy.check(true);
    heap.use = 290 * MB;
    policy.check();
    expect(collected).toEqual([300 * MB]);
    policy.check(true);
    expect(collected).toEqual([300 * MB, 290 * MB]);
  });

  it("collects at every new stage while the heap and typed arrays hold more than the large mark, and only there", () => {
    const held = { heap: 50 * MB, arrays: 250 * MB };
    let collections = 0;
    const policy = new HeapPolicy(
      () => {
        collections++;
        held.arrays = 50 * MB; // the stage before let go of its typed arrays: the heap alone never showed them
      },
      () => held.heap,
      undefined,
      undefined,
      () => held.heap + held.arrays,
      256 * MB,
    );
    policy.check();
    expect(collections).toBe(0);
    policy.check(true);
    expect(collections).toBe(1);
    // 100 MB held now: below the mark, a new stage waits for the heap to grow by the step.
    policy.check(true);
    expect(collections).toBe(1);
    held.arrays = 300 * MB;
    policy.check();
    expect(collections).toBe(1);
    policy.check(true);
    expect(collections).toBe(2);
  });

  it("reads a progress line's stage without its count", () => {
    expect(
      [
        "reading 49.9 MB",
        "scanning Usage 40%",
        "scanning Q3 2026 7%",
        "converting",
        "converting 85,000 formulas",
        "patching",
        "writing 12%",
      ].map(stageOf),
    ).toEqual(["reading", "scanning Usage", "scanning Q3 2026", "converting", "converting", "patching", "writing"]);
  });
});
