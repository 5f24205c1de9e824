import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';

/**
 * A webhook receiver for tests: a node:http server on 127.0.0.1 that checks every request with the
 * `standardwebhooks` library (`new Webhook(secret).verify(body, headers)`, the spec's own reference code, written
 * by none of us) against the secrets it is given, and records what came and what it answered. It can be told to
 * answer an error, hang, redirect or refuse connections (closed).
 */
export type ReceivedWebhook = {
  webhookId: string;
  timestamp: string;
  signature: string;
  userAgent: string | undefined;
  contentType: string | undefined;
  body: string;
  /** The verified payload, or null when no secret verified the signature. */
  payload: { type: string; timestamp: string; data: Record<string, unknown> } | null;
  /** Which of `secrets` verified it (index), or -1. */
  verifiedWith: number;
  answered: number | 'hung';
  /** performance.now() when the request's body had arrived (benchmarks in the same process). */
  at: number;
};

export type ReceiverMode = { kind: 'ok' } | { kind: 'status'; status: number } | { kind: 'hang' } | { kind: 'redirect'; location: string };

export type WebhookReceiver = {
  url: string;
  /** Called with each request once answered (benchmarks wait on it). */
  onReceived?: (entry: ReceivedWebhook) => void;
  port: number;
  received: ReceivedWebhook[];
  secrets: string[];
  mode: ReceiverMode;
  /** Requests held (mode `hang`) until released or the server closes. */
  release(): void;
  /** Distinct webhook-ids seen vs requests: at-least-once with repeats told apart. */
  distinctIds(): number;
  close(): Promise<void>;
};

const readBody = (req: IncomingMessage) =>
  new Promise<string>((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });

export async function startWebhookReceiver(options: { secrets?: string[]; port?: number; path?: string } = {}): Promise<WebhookReceiver> {
  const held: ServerResponse[] = [];
  const receiver: WebhookReceiver = {
    url: '',
    port: 0,
    received: [],
    secrets: options.secrets ?? [],
    mode: { kind: 'ok' },
    release() {
      for (const res of held.splice(0)) res.writeHead(200).end('ok');
    },
    distinctIds() {
      return new Set(receiver.received.map((r) => r.webhookId)).size;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const res of held.splice(0)) res.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const body = await readBody(req);
    const headers = {
      'webhook-id': String(req.headers['webhook-id'] ?? ''),
      'webhook-timestamp': String(req.headers['webhook-timestamp'] ?? ''),
      'webhook-signature': String(req.headers['webhook-signature'] ?? ''),
    };
    let payload: ReceivedWebhook['payload'] = null;
    let verifiedWith = -1;
    receiver.secrets.forEach((secret, index) => {
      if (verifiedWith >= 0) return;
      try {
        payload = new Webhook(secret).verify(body, headers) as ReceivedWebhook['payload'];
        verifiedWith = index;
      } catch {
        // not this secret
      }
    });
    const entry: ReceivedWebhook = {
      webhookId: headers['webhook-id'],
      timestamp: headers['webhook-timestamp'],
      signature: headers['webhook-signature'],
      userAgent: req.headers['user-agent'],
      contentType: req.headers['content-type'],
      body,
      payload,
      verifiedWith,
      answered: 200,
      at: performance.now(),
    };
    receiver.received.push(entry);
    const mode = receiver.mode;
    if (mode.kind === 'hang') {
      entry.answered = 'hung';
      held.push(res);
      return;
    }
    if (mode.kind === 'redirect') {
      entry.answered = 302;
      res.writeHead(302, { location: mode.location }).end();
      return;
    }
    const status = verifiedWith < 0 ? 401 : mode.kind === 'status' ? mode.status : 200;
    entry.answered = status;
    res.writeHead(status, { 'content-type': 'text/plain' }).end(status === 200 ? 'ok' : 'no');
    receiver.onReceived?.(entry);
  };
  const server: Server = createServer((req, res) => void handle(req, res));
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  receiver.port = (server.address() as AddressInfo).port;
  receiver.url = `http://127.0.0.1:${receiver.port}${options.path ?? '/hooks'}`;
  return receiver;
}
