import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

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
  const errors = options.errors;
  if (errors) {
    page.on('pageerror', (e) => errors.push(`${email}: ${e.message}`));
    page.on('response', (r) => {
      if (r.status() >= 500) errors.push(`${email}: ${r.status()} ${r.url()}`);
    });
  }
  await page.goto(`${baseUrl}/sign-in`);
  await page.getByLabel('Email', { exact: true }).fill(email);
  await page.getByLabel('Password', { exact: true }).fill(options.password ?? 'custos-demo-pass');
  await page.getByRole('button', { name: /^sign in$/i }).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/sign-in'));
  return page;
}

/** A toast in the notifications region (not Radix's transient screen-reader copy of it). */
export function toast(page: Page, text: string | RegExp) {
  return page.getByRole('region', { name: /notification/i }).getByText(text);
}
