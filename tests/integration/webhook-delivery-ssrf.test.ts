import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resetEnv } from '@/lib/platform/env';
import { forbiddenAddressReason, postOutbound, privateAddressesAllowed } from '@/lib/platform/outbound-http';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver';

// The outbound client against a real local server: what production refuses never reaches it.

let receiver: WebhookReceiver;
beforeAll(async () => {
  receiver = await startWebhookReceiver();
});
afterAll(async () => {
  await receiver.close();
});

const post = (url: string, allowPrivate: boolean) =>
  postOutbound(url, { headers: { 'content-type': 'application/json' }, body: '{}', allowPrivate, timeoutMs: 2000 });

describe('outbound requests to private addresses', () => {
  it('are refused in production mode for loopback, private, link-local, metadata and mapped addresses, and names resolving to them', async () => {
    const port = receiver.port;
    const urls = [
      `http://127.0.0.1:${port}/`,
      `http://10.1.2.3:${port}/`,
      `http://169.254.169.254/latest/meta-data/`,
      `http://[::1]:${port}/`,
      `http://[::ffff:127.0.0.1]:${port}/`,
      `http://[fd00::1]:${port}/`,
      `http://100.64.0.1/`,
      `http://0.0.0.0:${port}/`,
      `http://localhost:${port}/`,
    ];
    for (const url of urls) {
      const result = await post(url, false);
      expect(result.status, url).toBeNull();
      expect(result.error, url).toMatch(/^Refused: .*private, loopback or link-local address$/);
    }
    expect(receiver.received).toEqual([]);
  });

  it('are allowed with WEBHOOKS_ALLOW_PRIVATE=1 (and outside production)', async () => {
    const result = await post(`http://localhost:${receiver.port}/`, true);
    expect(result.error).toBeNull();
    expect(receiver.received).toHaveLength(1);

    const saved = { NODE_ENV: process.env.NODE_ENV, allow: process.env.WEBHOOKS_ALLOW_PRIVATE, secret: process.env.AUTH_SECRET };
    try {
      process.env.AUTH_SECRET ??= 'a-test-secret-of-at-least-32-characters!';
      (process.env as Record<string, string>).NODE_ENV = 'production';
      delete process.env.WEBHOOKS_ALLOW_PRIVATE;
      resetEnv();
      expect(privateAddressesAllowed()).toBe(false);
      process.env.WEBHOOKS_ALLOW_PRIVATE = '1';
      resetEnv();
      expect(privateAddressesAllowed()).toBe(true);
      (process.env as Record<string, string>).NODE_ENV = 'test';
      delete process.env.WEBHOOKS_ALLOW_PRIVATE;
      resetEnv();
      expect(privateAddressesAllowed()).toBe(true);
    } finally {
      (process.env as Record<string, string | undefined>).NODE_ENV = saved.NODE_ENV;
      if (saved.secret === undefined) delete process.env.AUTH_SECRET;
      if (saved.allow === undefined) delete process.env.WEBHOOKS_ALLOW_PRIVATE;
      else process.env.WEBHOOKS_ALLOW_PRIVATE = saved.allow;
      resetEnv();
    }
  });

  it('tells public addresses from the blocked ranges', () => {
    for (const ok of ['93.184.215.14', '8.8.8.8', '2606:4700::1111', '100.128.0.1', '172.32.0.1'])
      expect(forbiddenAddressReason(ok), ok).toBeNull();
    for (const bad of ['192.168.1.1', '172.16.0.1', '224.0.0.1', 'fe80::1', '::ffff:a00:1', '64:ff9b::a9fe:a9fe', 'ff02::1', '::'])
      expect(forbiddenAddressReason(bad), bad).not.toBeNull();
  });

  it('refuses other schemes and credentials in the address without a request', async () => {
    expect((await post('ftp://example.com/', true)).error).toBe('Only http and https addresses can be called');
    expect((await post('http://user:pw@127.0.0.1/', true)).error).toBe('Addresses with a user name or password are not called');
    expect((await post('not a url', true)).error).toBe('The address is not a valid URL');
  });
});
