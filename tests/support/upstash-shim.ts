import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import Redis from 'ioredis';

/**
 * A local stand-in for the Upstash Redis REST API, forwarding to a real Redis through ioredis, so
 * `UpstashKv` (the @upstash/redis client) can be tested end to end without the Upstash service.
 *
 * It speaks what @upstash/redis 1.x sends (see its HttpClient in node_modules/@upstash/redis):
 * - every request is a POST with `Authorization: Bearer <token>` and a JSON body;
 * - POST `/` (the base URL itself): one command, e.g. `["set","k","v","nx","ex",10]`; answers `{ result }`;
 * - POST `/pipeline`: an array of commands; answers `[{ result } | { error }, ...]`, one per command;
 * - POST `/multi-exec`: the same shape, run inside MULTI/EXEC;
 * - `Upstash-Encoding: base64` (the client's default): every string in a result, recursively in
 *   arrays, is base64-encoded; numbers and null stay as they are.
 * Failures answer `{ error: "ERR ..." }` with status 400 (401 for a wrong token). Keys are passed
 * through unchanged: tests use unique key names.
 */
export type UpstashShim = { url: string; token: string; close(): Promise<void> };

type Reply = string | number | null | Buffer | Reply[];

class BadRequest extends Error {}

export async function startUpstashShim(options: { redisUrl?: string; token?: string; port?: number } = {}): Promise<UpstashShim> {
  const { redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', token = 'test-token', port = 0 } = options;
  const redis = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
  await redis.connect();

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      const message = error instanceof Error ? error.message : String(error);
      send(response, error instanceof BadRequest ? 400 : 500, { error: message });
    });
  });

  async function handle(request: IncomingMessage, response: ServerResponse) {
    if (request.headers.authorization !== `Bearer ${token}`) {
      // Drain the body so keep-alive connections stay usable.
      await readBody(request);
      return send(response, 401, { error: 'Unauthorized' });
    }
    if (request.method !== 'POST') {
      await readBody(request);
      return send(response, 405, { error: `ERR method ${request.method} not supported by the shim` });
    }
    const path = new URL(request.url ?? '/', 'http://shim').pathname.replace(/\/+$/, '') || '/';
    const base64 = String(request.headers['upstash-encoding'] ?? '').toLowerCase() === 'base64';
    const encode = (reply: Reply) => encodeReply(reply, base64);
    const body = parseJson(await readBody(request));

    if (path === '/') {
      const [name, ...args] = toCommand(body);
      try {
        return send(response, 200, { result: encode((await redis.callBuffer(name, ...args)) as Reply) });
      } catch (error) {
        return send(response, 400, { error: errorMessage(error) });
      }
    }

    if (path === '/pipeline' || path === '/multi-exec') {
      if (!Array.isArray(body) || body.length === 0) throw new BadRequest('ERR expected a non-empty array of commands');
      const commands = body.map(toCommand);
      const batch = path === '/pipeline' ? redis.pipeline() : redis.multi();
      for (const [name, ...args] of commands) batch.callBuffer(name, ...args);
      let results: [Error | null, unknown][] | null;
      try {
        results = await batch.exec();
      } catch (error) {
        // EXECABORT (a command failed to queue) and the like: the whole transaction failed.
        return send(response, 400, { error: errorMessage(error) });
      }
      if (!results) return send(response, 400, { error: 'ERR transaction aborted' });
      return send(
        response,
        200,
        results.map(([error, result]) => (error ? { error: errorMessage(error) } : { result: encode(result as Reply) })),
      );
    }

    return send(response, 404, { error: `ERR unknown path ${path}` });
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port: boundPort } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${boundPort}`,
    token,
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        // fetch keeps connections alive; drop them so close() does not wait for their idle timeout.
        server.closeAllConnections();
      });
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new BadRequest('ERR failed to parse command');
  }
}

/** A command array as @upstash/redis serializes it: strings, numbers and booleans. */
function toCommand(value: unknown): [string, ...string[]] {
  if (!Array.isArray(value) || value.length === 0 || typeof value[0] !== 'string') {
    throw new BadRequest('ERR a command must be a non-empty array starting with its name');
  }
  return value.map((arg: unknown) => {
    if (typeof arg === 'string' || typeof arg === 'number' || typeof arg === 'boolean') return String(arg);
    throw new BadRequest(`ERR unsupported argument ${JSON.stringify(arg)}`);
  }) as [string, ...string[]];
}

/** Buffers become strings (base64 under `Upstash-Encoding: base64`); numbers and null pass; arrays recurse. */
function encodeReply(reply: Reply, base64: boolean): unknown {
  if (reply === null || reply === undefined || typeof reply === 'number') return reply ?? null;
  if (Buffer.isBuffer(reply)) return base64 ? reply.toString('base64') : reply.toString('utf8');
  if (typeof reply === 'string') return base64 ? Buffer.from(reply, 'utf8').toString('base64') : reply;
  if (Array.isArray(reply)) return reply.map((item) => encodeReply(item, base64));
  return reply;
}

function errorMessage(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  // ioredis attaches the queueing errors behind an EXECABORT; name them, as they say what went wrong.
  const previous = (error as Error & { previousErrors?: Error[] }).previousErrors;
  return previous?.length ? `${error.message} ${previous.map((e) => e.message).join('; ')}` : error.message;
}

function send(response: ServerResponse, status: number, body: unknown) {
  const text = JSON.stringify(body);
  response.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
  response.end(text);
}
