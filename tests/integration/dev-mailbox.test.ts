import * as React from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { afterEach, describe, expect, it } from 'vitest';
import { GET } from '@/app/api/dev/mail/route';
import DevMailPage from '@/app/dev/mail/page';
import { TooltipProvider } from '@/components/ui/tooltip';
import { getDb } from '@/db/client';
import { devMailboxEnabled, extractLinks } from '@/lib/email/dev-mailbox';
import { appUrl, enqueueEmail } from '@/lib/email/outbox';
import { resetEnv } from '@/lib/platform/env';
import { call, unique } from '../support/fixtures';

// The dev mailbox (API.md "Dev mailbox"): GET /api/dev/mail?to= and the /dev/mail page, on with
// DEV_MAILBOX=1 or under `next dev`, 404 otherwise.

const saved = { DEV_MAILBOX: process.env.DEV_MAILBOX, NODE_ENV: process.env.NODE_ENV, AUTH_SECRET: process.env.AUTH_SECRET };
const env = process.env as Record<string, string | undefined>;

function setMailbox(value: '0' | '1' | undefined, nodeEnv: 'test' | 'development' | 'production' = 'test') {
  if (value === undefined) delete env.DEV_MAILBOX;
  else env.DEV_MAILBOX = value;
  env.NODE_ENV = nodeEnv;
  // Production insists on a configured secret.
  if (nodeEnv === 'production') env.AUTH_SECRET ??= 'dev-mailbox-test-secret-0123456789abcdef';
  resetEnv();
}

afterEach(() => {
  for (const [key, value] of Object.entries(saved)) {
    if (value === undefined) delete env[key];
    else env[key] = value;
  }
  resetEnv();
});

const list = (query = '') => call(GET, { url: `http://localhost/api/dev/mail${query}` });

async function queue(to: string, template: 'verifyEmail' | 'accountExists' = 'verifyEmail') {
  const db = await getDb();
  const url = appUrl(`/verify-email/${unique()}${unique()}`);
  const data =
    template === 'verifyEmail'
      ? { to, template, data: { name: 'Mailbox', url } }
      : { to, template, data: { name: 'Mailbox', signInUrl: appUrl('/sign-in'), resetUrl: appUrl('/forgot-password') } };
  const { id } = await enqueueEmail(db, data as Parameters<typeof enqueueEmail>[1]);
  return { id, url };
}

describe('devMailboxEnabled', () => {
  it('is on with DEV_MAILBOX=1 or under next dev, and off otherwise or with DEV_MAILBOX=0', () => {
    setMailbox(undefined, 'test');
    expect(devMailboxEnabled()).toBe(false);
    setMailbox(undefined, 'production');
    expect(devMailboxEnabled()).toBe(false);
    setMailbox('1', 'production');
    expect(devMailboxEnabled()).toBe(true);
    setMailbox(undefined, 'development');
    expect(devMailboxEnabled()).toBe(true);
    setMailbox('0', 'development');
    expect(devMailboxEnabled()).toBe(false);
  });
});

describe('GET /api/dev/mail', () => {
  it('is a 404 problem when the dev mailbox is off', async () => {
    setMailbox(undefined, 'test');
    const res = await list();
    expect(res.status).toBe(404);
    expect(res.json).toMatchObject({ code: 'not_found', status: 404 });
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    setMailbox('0', 'development');
    expect((await list()).status).toBe(404);
  });

  it('lists mail newest first, filtered by recipient, with the links of each message', async () => {
    setMailbox('1');
    const alice = `alice-${unique()}@test.custos`;
    const bob = `bob-${unique()}@test.custos`;
    const first = await queue(alice);
    const forBob = await queue(bob);
    const second = await queue(alice, 'accountExists');

    const res = await list(`?to=${encodeURIComponent(alice.toUpperCase())}`);
    expect(res.status).toBe(200);
    expect(res.json.map((m: { id: string }) => m.id)).toEqual([second.id, first.id]);
    const [newest, older] = res.json;
    expect(Object.keys(older)).toEqual(expect.arrayContaining(['id', 'to', 'subject', 'text', 'links', 'createdAt']));
    expect(older).toMatchObject({ to: alice, subject: 'Confirm your email address', links: [first.url] });
    expect(new Date(older.createdAt).toISOString()).toBe(older.createdAt);
    expect(newest.links).toEqual([appUrl('/sign-in'), appUrl('/forgot-password')]);
    expect(newest.text).toContain('Mailbox');

    const bobs = await list(`?to=${encodeURIComponent(bob)}`);
    expect(bobs.json).toHaveLength(1);
    expect(bobs.json[0]).toMatchObject({ id: forBob.id, links: [forBob.url] });

    const everyone = await list('?limit=3');
    expect(everyone.json).toHaveLength(3);
    expect(new Date(everyone.json[0].createdAt).getTime()).toBeGreaterThanOrEqual(new Date(everyone.json[2].createdAt).getTime());
    expect((await list(`?to=nobody-${unique()}@test.custos`)).json).toEqual([]);
  });

  it('rejects unknown query parameters and a bad limit with 400', async () => {
    setMailbox('1');
    expect((await list('?limit=0')).status).toBe(400);
    expect((await list('?from=x')).json.errors[0].path).toBe('query.from');
  });
});

describe('extractLinks', () => {
  it('finds http(s) links in order, once each, without trailing punctuation', () => {
    expect(
      extractLinks('Open https://a.example/x?y=1. Or http://b.example/path), then https://a.example/x?y=1 again; and ftp://no'),
    ).toEqual(['https://a.example/x?y=1', 'http://b.example/path']);
    expect(extractLinks('no links here')).toEqual([]);
  });
});

describe('/dev/mail page', () => {
  const render = async (to?: string) =>
    renderToStaticMarkup(
      React.createElement(TooltipProvider, null, await DevMailPage({ searchParams: Promise.resolve(to ? { to } : {}) })),
    );

  it('is not found when the dev mailbox is off', async () => {
    setMailbox(undefined, 'production');
    await expect(DevMailPage({ searchParams: Promise.resolve({}) })).rejects.toMatchObject({
      digest: expect.stringContaining('404'),
    });
  });

  it('shows each message with subject, recipient, time, body and clickable links', async () => {
    setMailbox('1');
    const to = `page-${unique()}@test.custos`;
    const { url } = await queue(to);
    const html = await render(to.toUpperCase());
    expect(html).toContain('Confirm your email address');
    expect(html).toContain(to);
    expect(html).toContain(`href="${url}"`);
    expect(html).toContain('<time');
    expect(html).toContain('Welcome to Custos, Mailbox');
    expect(html).toContain(`value="${to}"`);
    const empty = await render(`nobody-${unique()}@test.custos`);
    expect(empty).toContain('No mail to nobody-');
  });
});
