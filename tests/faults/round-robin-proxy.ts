import { createServer, request, type IncomingMessage, type ServerResponse } from 'node:http';
import type net from 'node:net';

/**
 * A small HTTP round-robin proxy in the test's own process, as a load balancer in front of several app instances:
 * each request goes to the next instance in rotation. `remove` takes an instance out of rotation and resolves once
 * its in-flight requests have finished (draining, as a load balancer does before a restart); `add` puts one (back)
 * in. A request the chosen instance fails to answer is a 502 — never retried, so the test sees every failure.
 */
export type RoundRobinProxy = {
  url: string;
  /** The instances in rotation, in order. */
  targets(): string[];
  add(target: string): void;
  /** Out of rotation; resolves once the requests it is answering have finished. */
  remove(target: string): Promise<void>;
  /** Requests each instance answered (by its URL). */
  answeredBy: Map<string, number>;
  close(): Promise<void>;
};

export async function startRoundRobinProxy(initial: string[]): Promise<RoundRobinProxy> {
  const rotation = [...initial];
  const inFlight = new Map<string, number>();
  const drained = new Map<string, Array<() => void>>();
  const answeredBy = new Map<string, number>();
  let next = 0;

  const finish = (target: string) => {
    const left = (inFlight.get(target) ?? 1) - 1;
    inFlight.set(target, left);
    answeredBy.set(target, (answeredBy.get(target) ?? 0) + 1);
    if (left === 0 && !rotation.includes(target)) {
      for (const resolve of drained.get(target) ?? []) resolve();
      drained.delete(target);
    }
  };

  const forward = (req: IncomingMessage, res: ServerResponse) => {
    if (rotation.length === 0) {
      res.writeHead(503, { 'content-type': 'text/plain' }).end('no instance in rotation');
      return;
    }
    const target = rotation[next++ % rotation.length];
    inFlight.set(target, (inFlight.get(target) ?? 0) + 1);
    let done = false;
    const settle = () => {
      if (done) return;
      done = true;
      finish(target);
    };
    const upstream = request(
      new URL(req.url ?? '/', target),
      // No keep-alive upstream: a connection never outlives its request, so an instance out of rotation holds none.
      { method: req.method, headers: { ...req.headers, connection: 'close' }, agent: false },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
        answer.on('end', settle);
        answer.on('error', settle);
      },
    );
    upstream.on('error', (error) => {
      settle();
      if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' }).end(`upstream ${target} failed: ${error.message}`);
      else res.destroy(error);
    });
    req.pipe(upstream);
  };

  const server = createServer(forward);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`;
  return {
    url,
    answeredBy,
    targets: () => [...rotation],
    add(target) {
      if (!rotation.includes(target)) rotation.push(target);
    },
    remove(target) {
      const at = rotation.indexOf(target);
      if (at >= 0) rotation.splice(at, 1);
      if ((inFlight.get(target) ?? 0) === 0) return Promise.resolve();
      return new Promise<void>((resolve) => drained.set(target, [...(drained.get(target) ?? []), resolve]));
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
