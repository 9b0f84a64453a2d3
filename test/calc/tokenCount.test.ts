import { estimateTokens, loadTokenCounter, TOKENIZER_PIECE, tokenizerPieces } from "../../src/calc/tokenCount";

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

describe("long text counts in pieces, in time linear in its length", () => {
  const exact = async (text: string) => {
    const { countTokens } = await import("gpt-tokenizer/encoding/o200k_base");
    return countTokens(text, { disallowedSpecial: new Set() });
  };
  const prose =
    "Q3 plan: route 70% of traffic to gpt-4o-mini (1,250,000 requests/month), the rest to claude-sonnet-4 — don't exceed $12,500.00!\n" +
    "\tDefine a function: const total = rows.reduce((s, r) => s + r.cost, 0); // sum\r\n" +
    "模型的成本，按每百万个令牌计算。Übergrößenträger café naïve résumé; 🚀🚀 emoji… " +
    "   spaced    out   words   and URLs like https://example.com/a/b?c=d&e=f#g. ";

  it("cuts text into pieces of at most 256 characters that join back into it", () => {
    const text = prose.repeat(200);
    const pieces = tokenizerPieces(text);
    expect(pieces.join("")).toBe(text);
    expect(Math.max(...pieces.map((p) => p.length))).toBeLessThanOrEqual(TOKENIZER_PIECE);
    expect(tokenizerPieces("short")).toEqual(["short"]);
    const astral = "🚀".repeat(1000);
    expect(tokenizerPieces(astral).every((p) => !/^[\udc00-\udfff]|[\ud800-\udbff]$/.test(p))).toBe(true);
  });

  it("counts ordinary text exactly as the tokenizer counts it whole", async () => {
    for (const text of [prose.repeat(60), prose.repeat(60).replace(/ /g, "\n"), "word ".repeat(7000), "模型，成本。".repeat(2000)]) {
      expect(await estimateTokens(text)).toBe(await exact(text));
    }
  });

  it("counts a single word longer than a piece within a token per cut", async () => {
    for (const word of ["ab".repeat(4000), Buffer.from("x".repeat(6000)).toString("base64"), "模型".repeat(1500)]) {
      const whole = await exact(word);
      const cuts = tokenizerPieces(word).length - 1;
      expect(cuts).toBeGreaterThan(0);
      expect(Math.abs((await estimateTokens(word)) - whole)).toBeLessThanOrEqual(cuts);
    }
  });
});
