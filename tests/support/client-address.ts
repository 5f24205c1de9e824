import { randomInt } from 'node:crypto';
import { peerAddressHeader } from '@/lib/http/client-address';

/**
 * Requests in integration tests do not pass through a socket: this header stands in for the TCP peer that
 * instrumentation.ts captures in a real server (lib/http/capture-peer-address.ts).
 */
export function fromPeer(address: string): Record<string, string> {
  return { [peerAddressHeader()]: address };
}

/** An address of the documentation range 2001:db8::/32 unique to this run (kv counters outlive a run). */
export function uniqueAddress(): string {
  const part = () => randomInt(0x10000).toString(16);
  return `2001:db8:${part()}:${part()}:${part()}:${part()}::1`;
}
