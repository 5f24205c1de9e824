import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import { BlockList, isIP } from 'node:net';
import { env } from '@/lib/platform/env';

/**
 * Requests Custos makes to addresses its tenants give it (webhook endpoints), guarded against server-side request
 * forgery: in production an address in a loopback, private, link-local, shared (CGNAT), multicast, reserved or
 * cloud-metadata range is refused — unless WEBHOOKS_ALLOW_PRIVATE=1 (tests, on-premises sites). The check is made on
 * every address the name resolves to, inside the connection's own lookup, and the connection goes to the address
 * checked: a name cannot resolve to a public address for the check and a private one for the connection.
 *
 * One POST, at most `timeoutMs` in all, redirects never followed (a 3xx is just its status), and at most
 * `maxResponseBytes` of the answer read.
 */

const blocked = new BlockList();
// IPv4
blocked.addSubnet('0.0.0.0', 8, 'ipv4'); // "this network"
blocked.addSubnet('10.0.0.0', 8, 'ipv4'); // RFC 1918
blocked.addSubnet('100.64.0.0', 10, 'ipv4'); // shared address space (CGNAT)
blocked.addSubnet('127.0.0.0', 8, 'ipv4'); // loopback
blocked.addSubnet('169.254.0.0', 16, 'ipv4'); // link-local, cloud metadata (169.254.169.254)
blocked.addSubnet('172.16.0.0', 12, 'ipv4'); // RFC 1918
blocked.addSubnet('192.0.0.0', 24, 'ipv4'); // IETF protocol assignments
blocked.addSubnet('192.0.2.0', 24, 'ipv4'); // documentation
blocked.addSubnet('192.168.0.0', 16, 'ipv4'); // RFC 1918
blocked.addSubnet('198.18.0.0', 15, 'ipv4'); // benchmarking
blocked.addSubnet('198.51.100.0', 24, 'ipv4'); // documentation
blocked.addSubnet('203.0.113.0', 24, 'ipv4'); // documentation
blocked.addSubnet('224.0.0.0', 4, 'ipv4'); // multicast
blocked.addSubnet('240.0.0.0', 4, 'ipv4'); // reserved, broadcast
// IPv6
blocked.addAddress('::', 'ipv6'); // unspecified
blocked.addAddress('::1', 'ipv6'); // loopback
blocked.addSubnet('64:ff9b::', 96, 'ipv6'); // NAT64 (checked through its IPv4 below as well)
blocked.addSubnet('100::', 64, 'ipv6'); // discard
blocked.addSubnet('2001:db8::', 32, 'ipv6'); // documentation
blocked.addSubnet('fc00::', 7, 'ipv6'); // unique local
blocked.addSubnet('fe80::', 10, 'ipv6'); // link-local
blocked.addSubnet('fec0::', 10, 'ipv6'); // site-local (deprecated)
blocked.addSubnet('ff00::', 8, 'ipv6'); // multicast
blocked.addAddress('fd00:ec2::254', 'ipv6'); // AWS metadata over IPv6 (inside fc00::/7; named for the reader)

/** The IPv4 address an IPv6 address carries (`::ffff:10.0.0.1`, `::ffff:a00:1`, NAT64 `64:ff9b::a00:1`), if any. */
function embeddedIpv4(address: string): string | null {
  const lower = address.toLowerCase();
  const dotted = /^(?:::ffff:|::ffff:0:|64:ff9b::|::)(\d+\.\d+\.\d+\.\d+)$/.exec(lower);
  if (dotted) return dotted[1];
  const hex = /^(?:::ffff:|64:ff9b::)([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(lower);
  if (hex) {
    const hi = parseInt(hex[1], 16);
    const lo = parseInt(hex[2], 16);
    return `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;
  }
  return null;
}

/** Why an address may not be reached from here (in words), or null when it is a public address. */
export function forbiddenAddressReason(address: string): string | null {
  const family = isIP(address);
  if (family === 0) return `${address} is not an IP address`;
  if (family === 6) {
    const v4 = embeddedIpv4(address);
    if (v4 && blocked.check(v4, 'ipv4')) return `${address} is a private, loopback or link-local address`;
  }
  if (blocked.check(address, family === 4 ? 'ipv4' : 'ipv6')) return `${address} is a private, loopback or link-local address`;
  return null;
}

/** Whether outbound requests may reach private addresses: outside production, or with WEBHOOKS_ALLOW_PRIVATE=1. */
export function privateAddressesAllowed(): boolean {
  const e = env();
  return e.NODE_ENV !== 'production' || e.WEBHOOKS_ALLOW_PRIVATE === '1';
}

export class OutboundAddressRefused extends Error {}

export type OutboundRequest = {
  headers: Record<string, string>;
  body: string;
  /** Whole request, connecting included; 10 s unless given. */
  timeoutMs?: number;
  /** How much of the answer is read; 4 KB unless given. */
  maxResponseBytes?: number;
  /** Reach private addresses too; privateAddressesAllowed() unless given (tests pass it to check production). */
  allowPrivate?: boolean;
};

export type OutboundResult = {
  /** The receiver's status, or null when there was no answer. */
  status: number | null;
  durationMs: number;
  /** Why it failed to get an answer (refused address, timeout, connection error), in words; null with a status. */
  error: string | null;
  /** The start of the answer (at most maxResponseBytes). */
  responseText: string;
};

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/** A lookup for http(s).request that refuses names resolving to any forbidden address. */
function guardedLookup(hostname: string, options: { all?: boolean; family?: number }, callback: LookupCallback): void {
  dnsLookup(hostname, { all: true, family: options.family ?? 0 }, (error, addresses) => {
    if (error) return callback(error, []);
    for (const { address } of addresses) {
      const reason = forbiddenAddressReason(address);
      if (reason) return callback(new OutboundAddressRefused(`${hostname} resolves to ${reason}`), []);
    }
    if (options.all) return callback(null, addresses);
    callback(null, addresses[0].address, addresses[0].family);
  });
}

/** POST `body` to `url`. Never throws for the receiver's sake: every outcome is a result. */
export function postOutbound(url: string, request: OutboundRequest): Promise<OutboundResult> {
  const started = performance.now();
  const timeoutMs = request.timeoutMs ?? 10_000;
  const maxBytes = request.maxResponseBytes ?? 4096;
  const allowPrivate = request.allowPrivate ?? privateAddressesAllowed();
  const elapsed = () => Math.round(performance.now() - started);
  const failed = (error: string): OutboundResult => ({ status: null, durationMs: elapsed(), error, responseText: '' });

  let target: URL;
  try {
    target = new URL(url);
  } catch {
    return Promise.resolve(failed('The address is not a valid URL'));
  }
  if (target.protocol !== 'https:' && target.protocol !== 'http:')
    return Promise.resolve(failed('Only http and https addresses can be called'));
  if (target.username || target.password) return Promise.resolve(failed('Addresses with a user name or password are not called'));
  const host = target.hostname.replace(/^\[|\]$/g, '');
  if (!allowPrivate && isIP(host)) {
    const reason = forbiddenAddressReason(host);
    if (reason) return Promise.resolve(failed(`Refused: ${reason}`));
  }

  return new Promise<OutboundResult>((resolve) => {
    let settled = false;
    const finish = (result: OutboundResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(result);
    };
    const send = target.protocol === 'https:' ? https.request : http.request;
    const req = send(
      target,
      {
        method: 'POST',
        headers: { ...request.headers, 'content-length': String(Buffer.byteLength(request.body)) },
        lookup: allowPrivate ? undefined : (guardedLookup as unknown as http.RequestOptions['lookup']),
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        const done = () => {
          finish({
            status: res.statusCode ?? null,
            durationMs: elapsed(),
            error: null,
            responseText: Buffer.concat(chunks).toString('utf8'),
          });
          res.destroy();
        };
        res.on('data', (chunk: Buffer) => {
          if (size < maxBytes) chunks.push(chunk.subarray(0, maxBytes - size));
          size += chunk.length;
          if (size >= maxBytes) done();
        });
        res.on('end', done);
        res.on('error', done);
      },
    );
    const timer = setTimeout(() => {
      finish(failed(`No answer within ${timeoutMs / 1000} s`));
      req.destroy();
    }, timeoutMs);
    req.on('error', (error) => {
      if (error instanceof OutboundAddressRefused) finish(failed(`Refused: ${error.message}`));
      else finish(failed(connectionErrorInWords(error)));
    });
    req.end(request.body);
  });
}

function connectionErrorInWords(error: NodeJS.ErrnoException): string {
  switch (error.code) {
    case 'ECONNREFUSED':
      return 'The connection was refused';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'The host name could not be resolved';
    case 'ECONNRESET':
      return 'The connection was reset';
    case 'ETIMEDOUT':
      return 'The connection timed out';
    default:
      return error.code?.startsWith('ERR_TLS') || error.code?.includes('CERT')
        ? `TLS failed: ${error.message}`
        : `The request failed: ${error.message}`;
  }
}
