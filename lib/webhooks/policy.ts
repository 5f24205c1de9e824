import type { WebhookDeliveryStatus, WebhookEndpointFormat } from '@/db/schema/webhooks';
import type { FieldError } from '@/lib/errors';
import { isEventTypePattern } from './event-types';

/**
 * The rules of a tenant's webhook endpoints, as pure functions shared by the API and the console: what URL an
 * endpoint may have, how many a tenant may keep, what it may subscribe to, how long a rotated secret keeps signing,
 * and how an endpoint and a delivery read in words. The sender (lib/webhooks) checks the address again when it
 * resolves the host at delivery time (SSRF), since DNS may change after the endpoint was saved.
 */

export const WEBHOOK_FORMATS = ['standard', 'slack', 'teams'] as const satisfies readonly WebhookEndpointFormat[];
export const WEBHOOK_DELIVERY_STATUSES = ['pending', 'succeeded', 'failed'] as const satisfies readonly WebhookDeliveryStatus[];

export const FORMAT_LABEL: Record<WebhookEndpointFormat, string> = {
  standard: 'Standard Webhooks (signed JSON)',
  slack: 'Slack incoming webhook',
  teams: 'Microsoft Teams incoming webhook',
};

export const DELIVERY_STATUS_LABEL: Record<WebhookDeliveryStatus, string> = {
  pending: 'Waiting to be sent',
  succeeded: 'Delivered',
  failed: 'Failed for good',
};

/** The families of the event catalog in words, for the console's grouped checkboxes. */
const FAMILY_LABEL: Record<string, string> = {
  member: 'Members',
  role: 'Roles',
  team: 'Teams',
  system: 'Downstream systems',
  invitation: 'Invitations',
  batch: 'Batches',
  inspection: 'Inspections',
  access_review: 'Access reviews',
  serials: 'Serial numbers',
  audit: 'Audit trail',
  webhook: 'Webhooks',
};
export const eventFamilyLabel = (family: string) => FAMILY_LABEL[family] ?? family.charAt(0).toUpperCase() + family.slice(1);

/** A subscription pattern in words: "Everything", "All batch events" or the type itself. */
export function eventPatternLabel(pattern: string): string {
  if (pattern === '*') return 'Every event';
  if (pattern.endsWith('.*')) return `All of ${eventFamilyLabel(pattern.slice(0, -2)).toLowerCase()}`;
  return pattern;
}

/** A tenant keeps a handful of endpoints; the cap keeps every change's fan-out (one delivery row each) small. */
export const MAX_ENDPOINTS_PER_TENANT = 20;
export const MAX_URL_LENGTH = 2000;
export const DESCRIPTION_MAX = 500;
/** The catalog has 26 types and 11 families; more patterns than that can only repeat. */
export const MAX_EVENT_PATTERNS = 50;
/** After a rotation the previous secret signs beside the new one this long, so receivers can switch over. */
export const SECRET_OVERLAP_MS = 24 * 60 * 60 * 1000;
/** One replay call resets or creates at most this many deliveries (a larger range: split it). */
export const MAX_REPLAY_DELIVERIES = 1000;
/** Days of failure after which the sender switches an endpoint off (the "delivery" part acts on it). */
export const DISABLE_AFTER_FAILING_DAYS = 5;

const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

function privateIpv4(address: string): boolean {
  const m = IPV4.exec(address);
  if (!m) return false;
  const [a, b] = [Number(m[1]), Number(m[2])];
  return (
    a === 0 || // "this network"
    a === 10 ||
    a === 127 || // loopback
    (a === 100 && b >= 64 && b <= 127) || // shared address space (carrier-grade NAT)
    (a === 169 && b === 254) || // link-local (cloud metadata)
    (a === 172 && b >= 16 && b <= 31) ||
    (a === 192 && b === 168)
  );
}

/**
 * Whether an IP address is loopback, private, shared, link-local or unspecified: IPv4, IPv6 (`::1`, `fc00::/7`,
 * `fe80::/10`, `::`) and IPv4-mapped IPv6 in either spelling (`::ffff:127.0.0.1`, `::ffff:7f00:1`, as the URL
 * parser writes it). Pure, so the console's form shares it; names are not addresses (false).
 */
export function isPrivateAddress(address: string): boolean {
  const bare = address.replace(/^\[|\]$/g, '').toLowerCase();
  if (IPV4.test(bare)) return privateIpv4(bare);
  if (!bare.includes(':')) return false;
  const dotted = /^(?:0{0,4}:){0,5}:?ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(bare);
  if (dotted) return privateIpv4(dotted[1]);
  const hex = /^(?:0{0,4}:){0,5}:?ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(bare);
  if (hex) {
    const hi = parseInt(hex[1], 16);
    const lo = parseInt(hex[2], 16);
    return privateIpv4(`${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`);
  }
  if (/^[0:]*$/.test(bare) || /^[0:]*:0*1$/.test(bare)) return true; // :: and ::1
  const first = bare.startsWith(':') ? 0 : parseInt(bare.split(':')[0], 16);
  return (first & 0xfe00) === 0xfc00 || (first & 0xffc0) === 0xfe80;
}

const LOCAL_NAMES = /^(localhost|.*\.localhost|.*\.local|.*\.internal)$/i;

export type UrlRules = {
  /** WEBHOOKS_ALLOW_PRIVATE=1: private and loopback addresses and plain http are allowed (tests, on-premises). */
  allowPrivate: boolean;
  /** NODE_ENV=production. Outside production, http://localhost is allowed for trying things out. */
  production: boolean;
};

/**
 * What is wrong with an endpoint URL, or null: absolute http(s) of at most 2000 characters, no user name or password
 * (the secret signs; credentials in a URL end up in logs), no fragment; https unless private addresses are allowed
 * or, outside production, the host is localhost; never a loopback, private or link-local address or a local name
 * unless WEBHOOKS_ALLOW_PRIVATE=1 (outside production localhost is allowed).
 */
export function endpointUrlProblem(value: string, rules: UrlRules): string | null {
  if (value.length > MAX_URL_LENGTH) return `At most ${MAX_URL_LENGTH} characters.`;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'Must be an absolute URL such as https://hooks.example.com/custos.';
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return 'Must use https://.';
  if (url.username || url.password) return 'Must not contain a user name or password.';
  if (value.includes('#')) return 'Must not contain a fragment (#…).';
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const localhost = host === 'localhost' || host === '127.0.0.1' || host === '::1';
  const devLocalhost = !rules.production && localhost;
  if (!rules.allowPrivate && !devLocalhost && (LOCAL_NAMES.test(host) || isPrivateAddress(host)))
    return 'Must be reachable on the internet: loopback, private and link-local addresses are refused.';
  if (url.protocol === 'http:' && !rules.allowPrivate && !devLocalhost) return 'Must use https://.';
  return null;
}

/** Each subscription pattern that is not a catalog type, a family (`batch.*`) or `*`, naming its place. */
export function eventPatternErrors(patterns: readonly string[], field = 'events'): FieldError[] {
  const errors: FieldError[] = [];
  if (patterns.length === 0) errors.push({ path: field, message: 'Choose at least one event type.' });
  patterns.forEach((p, i) => {
    if (!isEventTypePattern(p))
      errors.push({
        path: `${field}.${i}`,
        message: `Not an event type: ${p}. Use a type such as member.removed, a family such as batch.*, or *.`,
      });
  });
  return errors;
}

/** The patterns in the order given, each once; `*` alone when everything is chosen. */
export function normalizePatterns(patterns: readonly string[]): string[] {
  const distinct = [...new Set(patterns)];
  return distinct.includes('*') ? ['*'] : distinct;
}

/** When a secret rotated at `at` stops signing beside its successor. */
export const previousSecretExpiry = (at: Date) => new Date(at.getTime() + SECRET_OVERLAP_MS);

/** An endpoint's state in words, for the list and its page. */
export function endpointStatusLabel(e: { enabled: boolean; disabledReason: 'manual' | 'failing' | null }): string {
  if (e.enabled) return 'Enabled';
  return e.disabledReason === 'failing' ? `Off after failing for ${DISABLE_AFTER_FAILING_DAYS} days` : 'Off';
}

/** The replay range's problems (`from` before `to`), naming the field. */
export function replayRangeErrors(from: Date, to: Date): FieldError[] {
  return from.getTime() < to.getTime() ? [] : [{ path: 'to', message: 'Must be after from.' }];
}
