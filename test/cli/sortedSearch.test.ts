// The one binary search the patcher's edits and the dependents analysis share.
import { firstAtLeast } from "../../src/share/xlsx/sortedSearch";

it("finds the first number at least x among the first `length`, as a scan from the start would", () => {
  let s = 3;
  const pick = (n: number) => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0), s % n);
  for (let round = 0; round < 200; round++) {
    const n = pick(40);
    const numbers = Int32Array.from({ length: n }, () => pick(60)).sort();
    // Room beyond the length, holding numbers the search must not see.
    const held = new Int32Array(n + 5).fill(-7);
    held.set(numbers);
    for (let x = -2; x <= 62; x++) {
      let expected = numbers.findIndex((v) => v >= x);
      if (expected < 0) expected = n;
      expect([n, x, firstAtLeast(numbers, x)]).toEqual([n, x, expected]);
      expect([n, x, firstAtLeast(held, x, n)]).toEqual([n, x, expected]);
    }
  }
  expect(firstAtLeast([], 5)).toBe(0);
  expect(firstAtLeast([1, 3, 3, 9], 3)).toBe(1);
});
