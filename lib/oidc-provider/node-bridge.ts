import { IncomingMessage, ServerResponse, type OutgoingHttpHeaders } from 'node:http';
import { Socket } from 'node:net';

/** A Node `(req, res)` handler, such as the koa app behind `provider.callback()`. */
export type NodeHandler = (req: IncomingMessage, res: ServerResponse) => unknown;

export type BridgeOptions = {
  /**
   * The public origin (APP_URL). The provider builds every URL it prints from the request's host and protocol; the
   * client's own `Host` and `X-Forwarded-*` headers are never believed: these are set from this origin, overwriting
   * whatever the client sent (the provider runs with `proxy = true`, so koa reads them).
   */
  publicOrigin: string;
  /** Where the handler is mounted (`/oidc`): `req.url` is the path below it, `req.originalUrl` the full path. */
  mountPath: string;
  /** Largest request body read (the provider itself refuses more than 56 KiB). */
  maxBodyBytes?: number;
};

export type NodeRequestParts = { req: IncomingMessage; res: ServerResponse; done: Promise<Response> };

const DEFAULT_MAX_BODY = 64 * 1024;
/** Headers a client could use to make the provider believe another origin, address or protocol. */
const SPOOFABLE = [
  'host',
  'forwarded',
  'x-forwarded-host',
  'x-forwarded-proto',
  'x-forwarded-port',
  'x-forwarded-prefix',
  'x-forwarded-for',
];

export class BodyTooLarge extends Error {
  constructor(limit: number) {
    super(`request body larger than ${limit} bytes`);
  }
}

/**
 * Node request/response objects for a Web `Request`, wired so that whatever the Node side writes becomes one Web
 * `Response` (`done`). Use it for handlers that take `(req, res)` and for oidc-provider's interaction helpers
 * (`interactionDetails(req, res)`, `interactionFinished(req, res, …)`), which read cookies from `req` and write
 * Set-Cookie headers and a redirect to `res`.
 */
export async function nodeRequestFor(request: Request, options: BridgeOptions): Promise<NodeRequestParts> {
  const limit = options.maxBodyBytes ?? DEFAULT_MAX_BODY;
  const url = new URL(request.url);
  const origin = new URL(options.publicOrigin);
  const mount = options.mountPath.replace(/\/+$/, '');
  if (mount && url.pathname !== mount && !url.pathname.startsWith(`${mount}/`)) {
    throw new Error(`${url.pathname} is not under ${mount}`);
  }
  const body = request.body ? await readLimited(request, limit) : null;

  const headers: Record<string, string | string[]> = {};
  const rawHeaders: string[] = [];
  request.headers.forEach((value, name) => {
    if (SPOOFABLE.includes(name) || name === 'content-length' || name === 'transfer-encoding') return;
    // Fetch joins repeated headers with ", " except Set-Cookie; a request carries no Set-Cookie.
    headers[name] = value;
    rawHeaders.push(name, value);
  });
  const trusted: Record<string, string> = {
    host: origin.host,
    'x-forwarded-host': origin.host,
    'x-forwarded-proto': origin.protocol.replace(/:$/, ''),
  };
  if (body) trusted['content-length'] = String(body.byteLength);
  for (const [name, value] of Object.entries(trusted)) {
    headers[name] = value;
    rawHeaders.push(name, value);
  }

  const socket = new Socket();
  const req = new IncomingMessage(socket);
  req.method = request.method;
  // koa routes on req.url (below the mount); oidc-provider prints URLs from originalUrl minus req.url (its mount path).
  const below = url.pathname.slice(mount.length) || '/';
  req.url = `${below}${url.search}`;
  (req as IncomingMessage & { originalUrl?: string }).originalUrl = `${url.pathname}${url.search}`;
  req.headers = headers;
  req.rawHeaders = rawHeaders;
  req.httpVersion = '1.1';
  req.httpVersionMajor = 1;
  req.httpVersionMinor = 1;
  if (body && body.byteLength > 0) req.push(body);
  req.push(null);
  req.complete = true;

  const res = new ServerResponse(req);
  const done = captureResponse(res, request.method === 'HEAD');
  return { req, res, done };
}

/** Run a Node handler for a Web request and answer with what it wrote. */
export async function runNodeHandler(handler: NodeHandler, request: Request, options: BridgeOptions): Promise<Response> {
  const { req, res, done } = await nodeRequestFor(request, options);
  await handler(req, res);
  return done;
}

async function readLimited(request: Request, limit: number): Promise<Buffer> {
  const declared = Number(request.headers.get('content-length') ?? NaN);
  if (Number.isFinite(declared) && declared > limit) throw new BodyTooLarge(limit);
  const reader = request.body!.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      throw new BodyTooLarge(limit);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks, size);
}

/**
 * Replace the response's writing side: headers stay in the ServerResponse's own store (setHeader/getHeader work as
 * usual; writeHead's headers are merged into it), the body is collected, and `end` settles the promise with a Web
 * Response. Nothing is ever written to a socket.
 */
function captureResponse(res: ServerResponse, headRequest: boolean): Promise<Response> {
  const chunks: Buffer[] = [];
  let headWritten = false;
  let ended = false;
  let settle!: (response: Response) => void;
  const settled = new Promise<Response>((resolve) => {
    settle = resolve;
  });

  const toBuffer = (chunk: unknown, encoding?: BufferEncoding): Buffer | null => {
    if (chunk === undefined || chunk === null) return null;
    if (typeof chunk === 'string') return Buffer.from(chunk, encoding ?? 'utf8');
    if (chunk instanceof Uint8Array) return Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    throw new TypeError('the response body must be a string or bytes');
  };
  const callbackOf = (args: unknown[]): (() => void) | undefined => {
    const last = args[args.length - 1];
    return typeof last === 'function' ? (last as () => void) : undefined;
  };
  const encodingOf = (args: unknown[]): BufferEncoding | undefined =>
    typeof args[0] === 'string' ? (args[0] as BufferEncoding) : undefined;

  Object.defineProperty(res, 'headersSent', { configurable: true, get: () => headWritten || ended });

  res.writeHead = function writeHead(this: ServerResponse, statusCode: number, ...rest: unknown[]): ServerResponse {
    if (ended) return this;
    this.statusCode = statusCode;
    let headers: unknown = rest[0];
    if (typeof headers === 'string') {
      this.statusMessage = headers;
      headers = rest[1];
    }
    if (Array.isArray(headers)) {
      // [name, value, name, value, …] or [[name, value], …]
      const flat = headers.flat() as string[];
      for (let i = 0; i + 1 < flat.length; i += 2) appendHeader(this, flat[i], flat[i + 1]);
    } else if (headers && typeof headers === 'object') {
      for (const [name, value] of Object.entries(headers as OutgoingHttpHeaders)) {
        if (value !== undefined) this.setHeader(name, value);
      }
    }
    headWritten = true;
    return this;
  };

  res.write = function write(this: ServerResponse, chunk: unknown, ...args: unknown[]): boolean {
    if (ended) return false;
    headWritten = true;
    const buffer = toBuffer(chunk, encodingOf(args));
    if (buffer) chunks.push(buffer);
    const callback = callbackOf(args);
    if (callback) queueMicrotask(callback);
    return true;
  } as ServerResponse['write'];

  res.end = function end(this: ServerResponse, ...args: unknown[]): ServerResponse {
    if (ended) return this;
    const first = args[0];
    if (first !== undefined && typeof first !== 'function') {
      const buffer = toBuffer(first, typeof args[1] === 'string' ? (args[1] as BufferEncoding) : undefined);
      if (buffer) chunks.push(buffer);
    }
    ended = true;
    const headers = new Headers();
    for (const [name, value] of Object.entries(this.getHeaders())) {
      if (value === undefined) continue;
      if (Array.isArray(value)) for (const item of value) headers.append(name, String(item));
      else headers.set(name, String(value));
    }
    const status = this.statusCode || 200;
    const bodyless = headRequest || status === 204 || status === 304 || (status >= 100 && status < 200);
    const body = bodyless ? null : new Uint8Array(Buffer.concat(chunks));
    if (!bodyless) headers.set('content-length', String(body!.byteLength));
    settle(new Response(body, { status, statusText: this.statusMessage || undefined, headers }));
    const callback = callbackOf(args);
    // Listeners such as on-finished (koa) wait for 'finish'; emit it as a socket-backed response would.
    queueMicrotask(() => {
      // writableEnded reads `finished`.
      (this as unknown as { finished: boolean }).finished = true;
      this.emit('prefinish');
      this.emit('finish');
      callback?.();
      this.emit('close');
    });
    return this;
  } as ServerResponse['end'];

  return settled;
}

function appendHeader(res: ServerResponse, name: string, value: string): void {
  const existing = res.getHeader(name);
  if (existing === undefined) res.setHeader(name, value);
  else res.setHeader(name, [...(Array.isArray(existing) ? existing : [String(existing)]), value]);
}
