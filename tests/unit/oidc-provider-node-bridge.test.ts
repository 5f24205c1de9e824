import type { IncomingMessage, ServerResponse } from 'node:http';
import { describe, expect, it } from 'vitest';
import { BodyTooLarge, runNodeHandler, type NodeHandler } from '@/lib/oidc-provider/node-bridge';

// The bridge runs a Node (req, res) handler for a Web Request inside a route handler. These handlers write the way
// koa and oidc-provider do (setHeader + end, writeHead, write chunks, Set-Cookie arrays) and read the request the way
// they do (headers, url, originalUrl, the body as a stream).

const options = { publicOrigin: 'https://custos.example.com', mountPath: '/oidc' };

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

const echo: NodeHandler = async (req, res) => {
  const body = await readBody(req);
  res.setHeader('content-type', 'application/json');
  res.end(
    JSON.stringify({
      method: req.method,
      url: req.url,
      originalUrl: (req as IncomingMessage & { originalUrl?: string }).originalUrl,
      host: req.headers.host,
      forwardedHost: req.headers['x-forwarded-host'],
      forwardedProto: req.headers['x-forwarded-proto'],
      forwardedFor: req.headers['x-forwarded-for'],
      contentLength: req.headers['content-length'],
      cookie: req.headers.cookie,
      body,
    }),
  );
};

describe('oidc-provider node bridge', () => {
  it('passes method, the path below the mount, the full path, cookies and the body; trusts only APP_URL for host and protocol', async () => {
    const response = await runNodeHandler(
      echo,
      new Request('http://127.0.0.1:3000/oidc/token?x=1', {
        method: 'POST',
        headers: {
          host: 'evil.example',
          'x-forwarded-host': 'evil.example',
          'x-forwarded-proto': 'http',
          'x-forwarded-for': '10.9.9.9',
          cookie: 'a=1; b=2',
          'content-type': 'application/x-www-form-urlencoded',
        },
        body: 'grant_type=client_credentials&ü=1',
      }),
      options,
    );
    expect(response.status).toBe(200);
    const seen = (await response.json()) as Record<string, string>;
    expect(seen).toMatchObject({
      method: 'POST',
      url: '/token?x=1',
      originalUrl: '/oidc/token?x=1',
      host: 'custos.example.com',
      forwardedHost: 'custos.example.com',
      forwardedProto: 'https',
      cookie: 'a=1; b=2',
      body: 'grant_type=client_credentials&ü=1',
    });
    expect(seen.forwardedFor).toBeUndefined();
    expect(Number(seen.contentLength)).toBe(Buffer.byteLength('grant_type=client_credentials&ü=1'));
  });

  it('keeps every Set-Cookie, the status, headers given to writeHead, and chunks written before end', async () => {
    const handler: NodeHandler = (_req, res: ServerResponse) => {
      res.setHeader('set-cookie', ['one=1; Path=/oidc; HttpOnly', 'one.sig=abc; Path=/oidc; HttpOnly']);
      res.writeHead(302, { location: '/oidc/interaction/xyz', 'x-extra': 'yes' });
      res.write('part one, ');
      res.write(Buffer.from('part two'));
      res.end();
    };
    const response = await runNodeHandler(handler, new Request('https://custos.example.com/oidc/auth'), options);
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe('/oidc/interaction/xyz');
    expect(response.headers.get('x-extra')).toBe('yes');
    expect(response.headers.getSetCookie()).toEqual(['one=1; Path=/oidc; HttpOnly', 'one.sig=abc; Path=/oidc; HttpOnly']);
    expect(await response.text()).toBe('part one, part two');
  });

  it("emits 'finish' (koa waits for it) and reports headersSent after writing", async () => {
    let finished = false;
    let sentBefore: boolean | null = null;
    let sentAfter: boolean | null = null;
    const handler: NodeHandler = (_req, res) =>
      new Promise<void>((resolve) => {
        res.on('finish', () => {
          finished = true;
          resolve();
        });
        sentBefore = res.headersSent;
        res.statusCode = 204;
        res.end();
        sentAfter = res.headersSent;
      });
    const response = await runNodeHandler(
      handler,
      new Request('https://custos.example.com/oidc/token/revocation', { method: 'POST' }),
      options,
    );
    expect(response.status).toBe(204);
    expect(finished).toBe(true);
    expect(sentBefore).toBe(false);
    expect(sentAfter).toBe(true);
  });

  it('answers HEAD without a body', async () => {
    const handler: NodeHandler = (_req, res) => res.end('ignored');
    const response = await runNodeHandler(handler, new Request('https://custos.example.com/oidc/jwks', { method: 'HEAD' }), options);
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('');
  });

  it('refuses a body over the limit before the handler runs', async () => {
    let ran = false;
    const handler: NodeHandler = (_req, res) => {
      ran = true;
      res.end();
    };
    const big = new Request('https://custos.example.com/oidc/token', { method: 'POST', body: 'x'.repeat(2048) });
    await expect(runNodeHandler(handler, big, { ...options, maxBodyBytes: 1024 })).rejects.toBeInstanceOf(BodyTooLarge);
    expect(ran).toBe(false);
  });

  it('refuses a path outside the mount', async () => {
    await expect(runNodeHandler(echo, new Request('https://custos.example.com/api/v1/me'), options)).rejects.toThrow(/not under \/oidc/);
  });
});
