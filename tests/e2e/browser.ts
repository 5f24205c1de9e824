import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, type APIRequestContext, type Browser, type BrowserContext, type CDPSession, type Page } from 'playwright-core';
import { expect } from 'vitest';

/** Debian's Chromium, headless, with no outside network chatter. Never a downloaded browser. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-background-networking',
      '--disable-gpu',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

/** Screenshots land in tests/artifacts/ (kept by CI as test artifacts). */
export function artifactPath(name: string): string {
  const dir = path.resolve(import.meta.dirname, '../artifacts');
  mkdirSync(dir, { recursive: true });
  return path.join(dir, name);
}

/**
 * Sign in through the sign-in page in a new page of `context`; resolves once the console has taken over. With
 * `errors`, the page's uncaught errors and any 5xx answer it meets are collected there (the tests expect none).
 */
export async function signInPage(
  context: BrowserContext,
  baseUrl: string,
  email: string,
  options: { password?: string; errors?: string[] } = {},
): Promise<Page> {
  const page = await context.newPage();
  if (options.errors) watchErrors(page, options.errors, `${email}: `);
  await page.goto(`${baseUrl}/sign-in`);
  await submitSignInForm(page, email, options.password ?? 'custos-demo-pass');
  await page.waitForURL((url) => !url.pathname.startsWith('/sign-in'));
  return page;
}

/** A toast in the notifications region (not Radix's transient screen-reader copy of it). */
export function toast(page: Page, text: string | RegExp) {
  return page.getByRole('region', { name: /notification/i }).getByText(text);
}

/** The two widths the console is checked at: a desktop and a 390 px phone. */
export const DESKTOP = { width: 1440, height: 900 };
export const PHONE = { width: 390, height: 844 };

/** How wide the page's content is (more than the viewport means it scrolls sideways). */
export const scrollWidth = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth);

/** Wait until nothing on the page is loading (skeletons and pending buttons say aria-busy). */
export const loaded = (page: Page) => page.waitForFunction(() => !document.querySelector('[aria-busy="true"]'));

/**
 * Every CSS transition and animation that ends has ended (a dialog's fade and zoom-in; endless ones, such as a
 * spinner, are left running): axe judges colour contrast from the colours on screen, half-faded ones included.
 */
export const settled = (page: Page) =>
  page
    .waitForFunction(
      () => document.getAnimations().every((a) => a.playState !== 'running' || a.effect?.getTiming().iterations === Infinity),
      undefined,
      { timeout: 5_000 },
    )
    // A page that keeps starting transitions is checked as it stands after 5 s: this only waits, it asserts nothing.
    .catch(() => {});

/** Uncaught errors and any 5xx answer the page meets are collected in `errors` (the tests expect none). */
export function watchErrors(page: Page, errors: string[], prefix = '') {
  page.on('pageerror', (e) => errors.push(`${prefix}${e.message}`));
  page.on('response', (r) => {
    if (r.status() >= 500) errors.push(`${prefix}${r.status()} ${r.url()}`);
  });
}

const AXE = path.resolve(import.meta.dirname, '../../node_modules/axe-core/axe.min.js');

/**
 * What axe-core checks: the open dialog when there is one, else the whole page (`'dialog or page'`, the default), or
 * always the whole page (`'page'`).
 */
export type AxeScope = 'dialog or page' | 'page';

/** axe-core's critical and serious violations, as "impact rule: element" lines. */
export async function axeProblems(page: Page, scope: AxeScope = 'dialog or page'): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ path: AXE });
  return page.evaluate(async (inDialog) => {
    type Result = { violations: Array<{ id: string; impact: string | null; nodes: Array<{ target: string[] }> }> };
    const axe = (window as unknown as { axe: { run: (ctx: Element | Document) => Promise<Result> } }).axe;
    const dialog = inDialog ? document.querySelector('[role="dialog"][data-state="open"]') : null;
    const { violations } = await axe.run(dialog ?? document);
    return violations
      .filter((v) => v.impact === 'critical' || v.impact === 'serious')
      .flatMap((v) => v.nodes.map((n) => `${v.impact} ${v.id}: ${n.target.join(' ')}`));
  }, scope === 'dialog or page');
}

/**
 * Once nothing is loading: nothing scrolls sideways and axe finds no critical or serious problem. At the page's own
 * width, or with `sizes` at each of them in turn, after which the page gets its size back.
 */
export async function checkPage(
  page: Page,
  what: string,
  options: { sizes?: Array<{ width: number; height: number }>; axe?: AxeScope } = {},
) {
  const before = page.viewportSize()!;
  for (const size of options.sizes ?? [before]) {
    if (options.sizes) await page.setViewportSize(size);
    await loaded(page);
    await settled(page);
    expect(await scrollWidth(page), `${what} at ${size.width}`).toBeLessThanOrEqual(size.width);
    expect(await axeProblems(page, options.axe), `${what} at ${size.width}`).toEqual([]);
  }
  if (options.sizes) await page.setViewportSize(before);
}

/** Fill in and send the sign-in form on the page (already at the sign-in page). */
export async function submitSignInForm(page: Page, email: string, password: string) {
  await page.getByLabel('Email', { exact: true }).fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: /^sign in$/i }).click();
}

/**
 * A confirmed account of our own: registered through the API, its address confirmed with the link from the dev mailbox
 * (the server runs with DEV_MAILBOX=1).
 */
export async function newAccount(request: APIRequestContext, baseUrl: string, account: { email: string; password: string; name: string }) {
  const registered = await request.post(`${baseUrl}/api/v1/auth/register`, { data: account });
  expect(registered.status(), await registered.text()).toBeLessThan(300);
  let token: string | undefined;
  for (let i = 0; i < 40 && !token; i++) {
    const res = await request.get(`${baseUrl}/api/dev/mail?to=${encodeURIComponent(account.email)}`);
    if (res.ok()) {
      const mails = (await res.json()) as Array<{ links: string[] }>;
      token = mails
        .flatMap((m) => m.links)
        .find((l) => l.includes('/verify-email/'))
        ?.split('/verify-email/')[1];
    }
    if (!token) await new Promise((r) => setTimeout(r, 250));
  }
  expect(token).toBeTruthy();
  const verified = await request.post(`${baseUrl}/api/v1/auth/verify-email`, { data: { token } });
  expect(verified.status(), await verified.text()).toBeLessThan(300);
}

/**
 * Chromium's virtual authenticator (CDP WebAuthn) for the page: a platform authenticator with resident keys and user
 * verification, as a laptop's would be.
 */
export async function addVirtualAuthenticator(context: BrowserContext, page: Page): Promise<{ cdp: CDPSession; authenticatorId: string }> {
  const cdp = await context.newCDPSession(page);
  await cdp.send('WebAuthn.enable');
  const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: { protocol: 'ctap2', transport: 'internal', hasResidentKey: true, hasUserVerification: true, isUserVerified: true },
  });
  return { cdp, authenticatorId };
}
