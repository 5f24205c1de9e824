import { randomBytes } from 'node:crypto';
import { BlockList, isIP } from 'node:net';

/**
 * Which address a request came from. The TCP peer is the only address nobody can forge; X-Forwarded-For is
 * believed only as far as TRUSTED_PROXIES says: walking it from the right, trusted hops are skipped and the
 * first untrusted address is the client. `vercel`: Vercel's edge overwrites X-Forwarded-For and sets
 * X-Real-IP itself, so its value is the client.
 */
export type TrustedProxies = { kind: 'none' } | { kind: 'vercel' } | { kind: 'cidrs'; list: BlockList; text: string[] };

/** Parse TRUSTED_PROXIES: empty → none; `vercel`; or comma-separated CIDRs / addresses (IPv4 and IPv6). */
export function parseTrustedProxies(value: string | undefined): { ok: true; proxies: TrustedProxies } | { ok: false; problem: string } {
  const entries = (value ?? '')
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean);
  if (entries.length === 0) return { ok: true, proxies: { kind: 'none' } };
  if (entries.length === 1 && entries[0].toLowerCase() === 'vercel') return { ok: true, proxies: { kind: 'vercel' } };
  const list = new BlockList();
  for (const entry of entries) {
    const [address, prefixText, extra] = entry.split('/');
    const family = isIP(address);
    const max = family === 4 ? 32 : 128;
    const prefix = prefixText === undefined ? max : /^\d{1,3}$/.test(prefixText) ? Number(prefixText) : NaN;
    if (family === 0 || extra !== undefined || !(prefix >= 0 && prefix <= max)) {
      return { ok: false, problem: `"${entry}" is not a CIDR such as 10.0.0.0/8 or fd00::/8 (or the word vercel)` };
    }
    list.addSubnet(address, prefix, family === 4 ? 'ipv4' : 'ipv6');
  }
  return { ok: true, proxies: { kind: 'cidrs', list, text: entries } };
}

/** An address as the socket or a header gives it, or null: `::ffff:1.2.3.4` → `1.2.3.4`, `[::1]:80` / `1.2.3.4:80` → the address. */
export function normalizeAddress(raw: string | null | undefined): string | null {
  if (!raw) return null;
  let value = raw.trim();
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(value);
  if (bracketed) value = bracketed[1];
  else if (/^\d{1,3}(\.\d{1,3}){3}:\d+$/.test(value)) value = value.slice(0, value.lastIndexOf(':'));
  const mapped = /^::ffff:(\d{1,3}(\.\d{1,3}){3})$/i.exec(value);
  if (mapped) value = mapped[1];
  if (value.length > 64 || isIP(value) === 0) return null;
  return value.toLowerCase();
}

function isTrusted(list: BlockList, address: string): boolean {
  return list.check(address, isIP(address) === 4 ? 'ipv4' : 'ipv6');
}

/**
 * The client's address from the TCP peer (`peer`, captured before Next.js sees the request) and the
 * forwarding headers, trusting only what `proxies` names.
 */
export function chooseClientAddress(
  input: { peer: string | null | undefined; forwardedFor: string | null | undefined; realIp: string | null | undefined },
  proxies: TrustedProxies,
): string | null {
  if (proxies.kind === 'vercel') {
    return normalizeAddress(input.realIp) ?? normalizeAddress(input.forwardedFor?.split(',')[0]) ?? normalizeAddress(input.peer);
  }
  const peer = normalizeAddress(input.peer);
  if (!peer || proxies.kind === 'none' || !isTrusted(proxies.list, peer)) return peer;
  // The peer is a trusted proxy: walk the hops it reports from the nearest, skipping trusted ones.
  let chosen = peer;
  const hops = (input.forwardedFor ?? '').split(',').slice(-32).reverse();
  for (const hop of hops) {
    const address = normalizeAddress(hop);
    if (!address) break; // A hop that is not an address: nothing beyond it can be believed.
    chosen = address;
    if (!isTrusted(proxies.list, address)) break;
  }
  return chosen;
}

/**
 * The request header that carries the TCP peer address from the server (instrumentation.ts) to the route
 * handlers. Its name is random per process, so a client cannot send one that is believed, even to a
 * process that has not installed the capture yet.
 */
export function peerAddressHeader(): string {
  const g = globalThis as unknown as { __custosPeerHeader?: string };
  return (g.__custosPeerHeader ??= `x-custos-peer-${randomBytes(12).toString('hex')}`);
}
