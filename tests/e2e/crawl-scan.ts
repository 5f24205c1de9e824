import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';

/**
 * The accessibility crawl's checks of one rendered page (or a page with a dialog open): axe-core's critical and
 * serious violations, sideways scroll, snake_case words and full UUIDs in the visible text, and, for a dialog, that it
 * fits the screen. Each check returns plain lines naming the page, the width, the rule and the element, so a failing
 * crawl says what to fix and where.
 */

const AXE_PATH = path.resolve(import.meta.dirname, '../../node_modules/axe-core/axe.min.js');

export const WIDTHS = [
  { width: 1440, height: 900 },
  { width: 390, height: 844 },
] as const;

/** Screenshots of the crawl: tests/artifacts/crawl/<page>-<width>.png. */
export function crawlShot(name: string): string {
  const dir = path.resolve(import.meta.dirname, '../artifacts/crawl');
  mkdirSync(dir, { recursive: true });
  return path.join(dir, `${name.replace(/[^a-z0-9-]+/gi, '-').toLowerCase()}.png`);
}

/** snake_case tokens people may see (none expected: values belong behind a label map). */
const SNAKE_ALLOWED = new Set<string>([]);

/** Count the page's requests in flight, so `settle` can wait for quiet without Playwright's fixed 500 ms window. */
export function trackRequests(page: Page): () => number {
  const inFlight = new Set<unknown>();
  page.on('request', (r) => inFlight.add(r));
  page.on('requestfinished', (r) => inFlight.delete(r));
  page.on('requestfailed', (r) => inFlight.delete(r));
  page.on('framenavigated', (frame) => {
    if (frame === page.mainFrame()) inFlight.clear();
  });
  return () => inFlight.size;
}

/**
 * Wait until the page has settled: no request in flight on two looks a frame apart, no busy region (skeletons and
 * pending buttons say aria-busy), and finite animations (dialogs sliding in) finished. No fixed sleeps.
 */
export async function settle(page: Page, inFlight: () => number): Promise<void> {
  const deadline = Date.now() + 20_000;
  let quiet = 0;
  while (quiet < 2 && Date.now() < deadline) {
    const busy = inFlight() > 0 || (await page.evaluate(() => Boolean(document.querySelector('[aria-busy="true"]'))));
    quiet = busy ? 0 : quiet + 1;
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 30))));
  }
  await page.evaluate(() =>
    Promise.all(
      document
        .getAnimations()
        .filter((a) => Number.isFinite(a.effect?.getComputedTiming().iterations ?? Infinity))
        .map((a) => a.finished.catch(() => undefined)),
    ),
  );
}

type AxeNode = { target: string[]; failureSummary?: string };
type AxeViolation = { id: string; impact: string | null; help: string; nodes: AxeNode[] };

const DIALOG = '[role="dialog"][data-state="open"], [role="alertdialog"][data-state="open"]';

async function axeViolations(page: Page): Promise<AxeViolation[]> {
  const loaded = await page.evaluate(() => 'axe' in window);
  if (!loaded) await page.addScriptTag({ path: AXE_PATH });
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: Document, opts: object) => Promise<{ violations: AxeViolation[] }> } }).axe;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations
      .filter((v) => v.impact === 'critical' || v.impact === 'serious')
      .map((v) => ({
        id: v.id,
        impact: v.impact,
        help: v.help,
        nodes: v.nodes.map((n) => ({ target: n.target.map(String), failureSummary: n.failureSummary })),
      }));
  });
}

type PageFacts = {
  scrollWidth: number;
  innerWidth: number;
  clipped: string[];
  overflowing: string[];
  snake: string[];
  uuids: string[];
};

async function pageFacts(page: Page, inDialog: boolean): Promise<PageFacts> {
  return page.evaluate(
    (scope) => {
      const describe = (el: Element) => {
        const cls = typeof el.className === 'string' ? el.className.split(/\s+/).filter(Boolean).slice(0, 5).join('.') : '';
        const text = (el.textContent ?? '').trim().replace(/\s+/g, ' ').slice(0, 40);
        return `<${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${cls ? `.${cls}` : ''}> "${text}"`;
      };
      const innerWidth = window.innerWidth;
      // Where the page gets too wide: follow the children whose narrowest possible width (min-content, measured on a
      // hidden copy) is wider than the screen down to the element that cannot shrink although each of its children
      // could: an unbreakable row, a nowrap text, a table. That is the one to fix (its ancestors only follow it).
      const overflowing: string[] = [];
      if (!scope && document.documentElement.scrollWidth > innerWidth) {
        const minContent = (el: Element) => {
          const wrap = document.createElement('div');
          wrap.style.cssText = 'position:absolute;left:0;top:0;visibility:hidden;width:min-content;pointer-events:none';
          wrap.append(el.cloneNode(true));
          document.body.append(wrap);
          const width = wrap.getBoundingClientRect().width;
          wrap.remove();
          return width;
        };
        const limit = innerWidth - 32;
        const culprits: string[] = [];
        const descend = (el: Element, depth: number) => {
          const wide = [...el.children]
            .filter((c) => getComputedStyle(c).position !== 'fixed')
            .map((c) => ({ c, w: minContent(c) }))
            .filter((x) => x.w > limit)
            .sort((a, b) => b.w - a.w);
          if (wide.length === 0 || depth > 40) {
            culprits.push(`${describe(el)} needs ${Math.round(minContent(el))} px`);
            return;
          }
          for (const x of wide.slice(0, 2)) if (culprits.length < 3) descend(x.c, depth + 1);
        };
        descend(document.body, 0);
        if (culprits.length > 0 && !culprits[0].startsWith('<body')) overflowing.push(...culprits);
        else {
          // No single child is too wide on its own (a row of nowrap buttons, a width from a parent): name the
          // deepest elements sticking out on the right instead.
          for (const el of document.body.querySelectorAll('*')) {
            const r = el.getBoundingClientRect();
            if (r.width === 0 || r.right <= innerWidth + 1 || getComputedStyle(el).position === 'fixed') continue;
            const childOut = [...el.children].some((c) => c.getBoundingClientRect().right > innerWidth + 1);
            if (!childOut && overflowing.length < 4) overflowing.push(`${describe(el)} right=${Math.round(r.right)}`);
          }
        }
      }

      // Controls cut off sideways by a box that hides its overflow (a table in an overflow-hidden card): people on a
      // phone cannot reach them. A scrolling box is fine (the scrollable-region rules are axe's).
      const clipped: string[] = [];
      const controls = (scope ? [...document.querySelectorAll(scope)].at(-1) : document.querySelector('main')) ?? document.body;
      for (const el of controls.querySelectorAll<HTMLElement>('a[href], button, input, select, textarea, [tabindex="0"]')) {
        const r = el.getBoundingClientRect();
        if (r.width <= 2 || r.height <= 2 || getComputedStyle(el).visibility === 'hidden') continue;
        for (let box = el.parentElement; box && box !== document.body; box = box.parentElement) {
          const overflow = getComputedStyle(box).overflowX;
          if (overflow === 'auto' || overflow === 'scroll') break;
          if (overflow !== 'hidden' && overflow !== 'clip') continue;
          const b = box.getBoundingClientRect();
          if (r.right > b.right + 2 || r.left < b.left - 2) {
            if (clipped.length < 4) clipped.push(`${describe(el)} cut off by ${describe(box).slice(0, 80)}`);
            break;
          }
        }
      }

      // Permission keys may stand in <code> beside their title; everything else people read must be words.
      const root = (scope ? [...document.querySelectorAll<HTMLElement>(scope)].at(-1) : null) ?? document.body;
      let text = root.innerText;
      for (const code of root.querySelectorAll('code')) {
        const inner = code.innerText;
        if (inner) text = text.replace(inner, ' ');
      }
      const snake = [...new Set(text.match(/\b[a-z]+_[a-z_]+\b/g) ?? [])];
      const uuids = [...new Set(text.match(/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi) ?? [])];
      return { scrollWidth: scope ? innerWidth : document.documentElement.scrollWidth, innerWidth, clipped, overflowing, snake, uuids };
    },
    inDialog ? DIALOG : null,
  );
}

/**
 * Everything wrong with the page as it is now, as lines "<where>: <problem>". With `inDialog`, the text and width
 * checks look at the open dialog only (the page behind it had its own scan; `dialogFits` checks the dialog's size).
 */
export async function scan(page: Page, where: string, inDialog = false): Promise<string[]> {
  const problems: string[] = [];
  // axe looks at the whole document also with a dialog open (what lies behind must be hidden properly: no focusable
  // content under aria-hidden); the text and width checks look at the dialog only (the page had its own scan).
  for (const v of await axeViolations(page)) {
    for (const node of v.nodes.slice(0, 4)) {
      const summary = (node.failureSummary ?? '').split('\n').slice(1, 2).join(' ').trim();
      problems.push(`${where}: axe ${v.impact} ${v.id} at ${node.target.join(' ')} (${v.help}${summary ? `; ${summary}` : ''})`);
    }
    if (v.nodes.length > 4) problems.push(`${where}: axe ${v.impact} ${v.id}: ${v.nodes.length - 4} more elements`);
  }
  const facts = await pageFacts(page, inDialog);
  if (facts.scrollWidth > facts.innerWidth) {
    problems.push(`${where}: page is ${facts.scrollWidth} px wide in a ${facts.innerWidth} px window (sideways scroll)`);
    for (const el of facts.overflowing) problems.push(`${where}:   too wide: ${el}`);
  }
  for (const el of facts.clipped) problems.push(`${where}: control cut off: ${el}`);
  const snake = facts.snake.filter((s) => !SNAKE_ALLOWED.has(s));
  if (snake.length > 0) problems.push(`${where}: internal values in the text: ${snake.join(', ')}`);
  if (facts.uuids.length > 0) problems.push(`${where}: full UUIDs in the text: ${facts.uuids.join(', ')}`);
  return problems;
}

/** The open dialog (Radix: role dialog or alertdialog). */
export function openDialog(page: Page): Locator {
  return page.locator(DIALOG).last();
}

/** A dialog must fit the screen (scrolling inside) with its close control reachable. */
export async function dialogFits(dialog: Locator, where: string): Promise<string[]> {
  const box = await dialog.evaluate((el) => {
    const r = el.getBoundingClientRect();
    const buttons = [...el.querySelectorAll('button')];
    const close =
      buttons.find((b) => /^close/i.test(b.getAttribute('aria-label') ?? '')) ??
      buttons.find((b) => /^(close|cancel)/i.test(b.getAttribute('aria-label') ?? b.innerText));
    const c = close?.getBoundingClientRect();
    return {
      left: r.left,
      right: r.right,
      top: r.top,
      bottom: r.bottom,
      vw: window.innerWidth,
      vh: window.innerHeight,
      close: c ? { top: c.top, right: c.right, bottom: c.bottom } : null,
      scrolls: [el, ...el.querySelectorAll('*')].some(
        (x) => x.scrollHeight > x.clientHeight + 1 && getComputedStyle(x).overflowY !== 'visible',
      ),
    };
  });
  const problems: string[] = [];
  if (box.left < -1 || box.right > box.vw + 1 || box.top < -1 || box.bottom > box.vh + 1) {
    problems.push(
      `${where}: dialog does not fit the ${box.vw}×${box.vh} screen (left ${Math.round(box.left)}, right ${Math.round(box.right)}, top ${Math.round(box.top)}, bottom ${Math.round(box.bottom)})`,
    );
  }
  if (!box.close) problems.push(`${where}: dialog has no Close or Cancel button`);
  else if (!box.scrolls && (box.close.top < 0 || box.close.bottom > box.vh || box.close.right > box.vw)) {
    problems.push(`${where}: the dialog's close button is off screen`);
  }
  return problems;
}

/**
 * Places with more than one solid primary button (the rule: one per page header, card or dialog), as
 * "<place>: <labels>". Reported beside the crawl, not failed on: an owner decides which one stays primary.
 */
export async function extraPrimaries(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const groups = new Map<string, string[]>();
    for (const el of document.querySelectorAll<HTMLElement>('main [data-slot="button"][data-variant="primary"]')) {
      if (el.closest('[role="dialog"]') || el.getClientRects().length === 0) continue;
      const card = el.closest('[data-slot="card"]');
      const place = card
        ? `card "${(card.querySelector('[data-slot="card-title"]')?.textContent ?? '').trim().slice(0, 40)}"`
        : el.closest('[data-slot="page-header"]')
          ? 'page header'
          : 'page';
      groups.set(place, [...(groups.get(place) ?? []), el.innerText.trim().replace(/\s+/g, ' ')]);
    }
    return [...groups].filter(([, labels]) => labels.length > 1).map(([place, labels]) => `${place}: ${labels.join(' | ')}`);
  });
}

/** The page header's buttons with their ranks ("New team [primary]"), for the consistency report. */
export async function headerActions(page: Page): Promise<string> {
  return page.evaluate(() =>
    [...document.querySelectorAll<HTMLElement>('main [data-slot="page-header"] [data-slot="button"]')]
      .filter((el) => el.getClientRects().length > 0)
      .map((el) => `${el.innerText.trim().replace(/\s+/g, ' ') || el.getAttribute('aria-label')} [${el.dataset.variant}]`)
      .join(', '),
  );
}
