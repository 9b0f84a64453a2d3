// Names and values a message repeats come from cells and files: they are cut short and their
// invisible characters shown, so a message can neither be flooded nor reordered by what it quotes.
import { ECHO_MAX, echoed, messages } from "../../src/calc/messages";

describe("echoed text in messages", () => {
  it("keeps a name of up to 80 characters whole and cuts a longer one to 80 with …", () => {
    expect(echoed("gpt-4o")).toBe("gpt-4o");
    expect(echoed("m".repeat(ECHO_MAX))).toBe("m".repeat(80));
    expect(echoed("m".repeat(81))).toBe(`${"m".repeat(79)}…`);
    expect(echoed("m".repeat(32767))).toHaveLength(80);
  });

  it("shows control and bidi characters as \\u escapes", () => {
    expect(echoed("a\u202eb\u2066c\u200fd")).toBe("a\\u202Eb\\u2066c\\u200Fd");
    expect(echoed("line\r\nbreak\ttab\u0000\u007f\u0085")).toBe("line\\u000D\\u000Abreak\\u0009tab\\u0000\\u007F\\u0085");
    expect(echoed("déjà vu 模型 🚀")).toBe("déjà vu 模型 🚀");
  });

  it("never cuts an escape in half", () => {
    const text = `${"x".repeat(76)}\u202e`;
    expect(echoed(text)).toBe(`${"x".repeat(76)}…`);
  });

  it("applies to the model names and values the functions' errors repeat", () => {
    const model = `evil\u202e${"a".repeat(32767)}`;
    for (const m of [messages.unknownModel(model), messages.notText("model", model), messages.noPriceOfKind(model, "input")]) {
      expect(m.length).toBeLessThan(200);
      expect(m).toContain("evil\\u202E");
      expect(m).not.toContain("\u202e");
    }
  });
});
