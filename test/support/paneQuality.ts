// Pane quality checks run in the real browser: axe-core (pinned in devDependencies, injected from
// node_modules, never fetched) and horizontal overflow of cards and controls.
import { readFileSync } from "node:fs";
import type { Page } from "playwright-core";

const AXE_SOURCE = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

export interface AxeFinding {
  id: string;
  impact: string | null;
  help: string;
  targets: string[];
}

/** Runs axe-core on the page (WCAG 2.x A/AA and best practices) and returns every violation node. */
export async function axeViolations(page: Page): Promise<AxeFinding[]> {
  await transitionsSettled(page);
  if (!(await page.evaluate(() => "axe" in window))) await page.addScriptTag({ content: AXE_SOURCE });
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: any }).axe;
    const result = await axe.run(document, {
      runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"] },
      resultTypes: ["violations"],
    });
    return result.violations.flatMap((v: any) =>
      v.nodes.map((n: any) => ({ id: v.id, impact: v.impact, help: v.help, targets: n.target.map(String), html: n.html })),
    );
  });
}

/**
 * Waits for every running CSS transition and animation to end. Fluent fades a hovered button's
 * colours over 100 ms; axe measuring contrast halfway through a fade judges a colour no one reads
 * (CI failed once on exactly that), so the check sees the state the user settles on.
 */
export async function transitionsSettled(page: Page): Promise<void> {
  await page.evaluate(() =>
    Promise.all(
      document
        .getAnimations()
        .filter((a) => a.playState === "running" && a.effect?.getTiming().iterations !== Infinity)
        .map((a) => a.finished.catch(() => undefined)),
    ),
  );
}

/** The running colour transitions of the matched elements and their descendants, as "tag: property". */
export async function fadingColours(page: Page, selector: string): Promise<string[]> {
  return page.evaluate((sel) => {
    const roots = Array.from(document.querySelectorAll(sel));
    return document
      .getAnimations()
      .filter((a): a is CSSTransition => a instanceof CSSTransition && a.playState === "running" && /color/.test(a.transitionProperty))
      .filter((a) => {
        const target = (a.effect as KeyframeEffect | null)?.target;
        return !!target && roots.some((root) => root.contains(target));
      })
      .map((a) => `${((a.effect as KeyframeEffect).target as Element).tagName.toLowerCase()}: ${a.transitionProperty}`);
  }, selector);
}

/**
 * The violations left once Fluent's tabster focus guards are set aside: zero-size
 * `<i tabindex="0" aria-hidden="true" data-tabster-dummy>` elements that move focus into dialogs
 * and lists, which axe reports as aria-hidden-focus. Only that rule on only those nodes is allowed.
 */
export async function realAxeViolations(page: Page): Promise<(AxeFinding & { html?: string })[]> {
  const all = (await axeViolations(page)) as (AxeFinding & { html?: string })[];
  return all.filter((v) => !(v.id === "aria-hidden-focus" && /data-tabster-dummy/.test(v.html ?? "")));
}

export interface Overflow {
  element: string;
  right: number;
  limit: number;
}

/**
 * Elements whose box reaches past the right edge of their nearest card (a section, form, table
 * cell or the main column) or past the viewport, and any horizontal scroll of the page.
 */
export async function horizontalOverflows(page: Page): Promise<Overflow[]> {
  return page.evaluate(() => {
    const out: { element: string; right: number; limit: number }[] = [];
    const viewport = document.documentElement.clientWidth;
    if (document.documentElement.scrollWidth > viewport) {
      out.push({ element: "document", right: document.documentElement.scrollWidth, limit: viewport });
    }
    const describe = (el: Element) => {
      const name = el.getAttribute("aria-label") || (el.textContent ?? "").trim().slice(0, 40);
      return `${el.tagName.toLowerCase()}${el.className && typeof el.className === "string" ? "." + el.className.split(" ")[0] : ""} "${name}"`;
    };
    const controls = document.querySelectorAll(
      "main button, main input, main select, main textarea, main [role=combobox], main span.fui-Select, main span.fui-Input, main span.fui-Dropdown, main section, main form, main table",
    );
    for (const el of Array.from(controls)) {
      const box = el.getBoundingClientRect();
      if (box.width === 0 || box.height === 0) continue;
      const card = el.parentElement?.closest("section, form, td, main");
      const cardBox = card?.getBoundingClientRect();
      const limit = Math.min(viewport, cardBox ? cardBox.right : viewport);
      if (box.right > limit + 0.5) out.push({ element: describe(el), right: Math.round(box.right), limit: Math.round(limit) });
    }
    return out;
  });
}

/**
 * Text of the matched elements that wraps inside a word: a line break whose previous character
 * is a letter or digit and whose next one is too (breaking after "-", ".", "/" or "_" is fine).
 */
export async function midWordBreaks(page: Page, selector: string): Promise<string[]> {
  return page.evaluate((sel) => {
    const broken: string[] = [];
    for (const el of Array.from(document.querySelectorAll(sel))) {
      // Every character of the element's text nodes (a name may hold <wbr> between them), in order.
      const chars: { node: Text; at: number; ch: string }[] = [];
      const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode() as Text | null; node; node = walker.nextNode() as Text | null) {
        for (let at = 0; at < node.data.length; at++) chars.push({ node, at, ch: node.data[at] });
      }
      const range = document.createRange();
      let lastTop: number | undefined;
      for (let i = 0; i < chars.length; i++) {
        range.setStart(chars[i].node, chars[i].at);
        range.setEnd(chars[i].node, chars[i].at + 1);
        const top = range.getBoundingClientRect().top;
        if (lastTop !== undefined && top > lastTop + 2 && /[\p{L}\p{N}]/u.test(chars[i - 1].ch) && /[\p{L}\p{N}]/u.test(chars[i].ch)) {
          const text = chars.map((c) => c.ch).join("");
          broken.push(`${text.slice(0, i)}|${text.slice(i)}`);
          break;
        }
        lastTop = top;
      }
    }
    return broken;
  }, selector);
}
