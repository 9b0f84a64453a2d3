import { estimateTokens, loadTokenCounter } from "../../src/calc/tokenCount";

describe("token estimates", () => {
  it("counts with the o200k tokenizer", async () => {
    expect(await estimateTokens("hello world")).toBe(2);
    expect(await estimateTokens("")).toBe(0);
  });

  it("grows with the text and loads the tokenizer once", async () => {
    const first = loadTokenCounter();
    expect(loadTokenCounter()).toBe(first);
    const sentence = "You are a helpful assistant for a finance team. ";
    const one = await estimateTokens(sentence);
    const ten = await estimateTokens(sentence.repeat(10));
    expect(one).toBeGreaterThan(5);
    expect(ten).toBeGreaterThanOrEqual(9 * one);
    expect(ten).toBeLessThanOrEqual(10 * one);
  });

  it("counts text that looks like a special token as ordinary text instead of failing", async () => {
    expect(await estimateTokens("<|endoftext|>")).toBeGreaterThan(1);
  });
});
