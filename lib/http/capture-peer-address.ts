import http from 'node:http';
import https from 'node:https';
import { peerAddressHeader } from './client-address';

/**
 * Next.js route handlers never see the socket, and Next fills X-Forwarded-For from it only when the client
 * sent none. So, before Next handles a request, copy the TCP peer address into a request header whose name
 * is random per process (peerAddressHeader), overwriting anything the client sent under that name.
 * Called from instrumentation.ts's register(); works for `next start`, the standalone server.js and `next dev`.
 */
export function capturePeerAddress(): void {
  const marker = Symbol.for('custos.peer-address-captured');
  for (const Server of [http.Server, https.Server]) {
    const proto = Server.prototype as unknown as Record<symbol, boolean> & { emit: (event: string, ...args: unknown[]) => boolean };
    if (proto[marker]) continue;
    const emit = proto.emit;
    proto.emit = function emitWithPeerAddress(this: unknown, event: string, ...args: unknown[]) {
      if (event === 'request') {
        const request = args[0] as http.IncomingMessage;
        const name = peerAddressHeader();
        const address = request.socket?.remoteAddress;
        if (address) request.headers[name] = address;
        else delete request.headers[name];
      }
      return emit.call(this, event, ...args);
    };
    proto[marker] = true;
  }
}
