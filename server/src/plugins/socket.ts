import type { FastifyInstance } from 'fastify';
import proxyAddr from '@fastify/proxy-addr';
import { Server } from 'socket.io';
import type { ClientToServerEvents, ServerToClientEvents } from '../contract/events.ts';
import type { Caller } from '../auth/access.ts';

export interface SocketData {
  caller: Caller;
  /** The client's address; behind a trusted proxy, the one the proxy forwarded (as `request.ip`). */
  address: string | null;
}
export type ChairsideIo = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

/** A lost link must show within seconds (a silent board is a technical alarm), so pings are
 * tighter than socket.io's defaults (25 s + 20 s). */
export const PING_INTERVAL_MS = 5_000;
export const PING_TIMEOUT_MS = 5_000;
/** How long a dropped client can come back and have the events it missed replayed. */
export const RECOVERY_WINDOW_MS = 2 * 60_000;

export function isSameOrigin(origin: string | undefined, host: string | undefined): boolean {
  if (origin === undefined) return true;
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}

/** socket.io on Fastify's own HTTP server (the community plugin does not support Fastify 5);
 * closing the app closes it. `trustProxy` as Fastify's. */
export function attachSocketServer(app: FastifyInstance, trustProxy: readonly string[]): ChairsideIo {
  const io: ChairsideIo = new Server(app.server, {
    serveClient: false,
    pingInterval: PING_INTERVAL_MS,
    pingTimeout: PING_TIMEOUT_MS,
    maxHttpBufferSize: 1_000_000,
    connectionStateRecovery: { maxDisconnectionDuration: RECOVERY_WINDOW_MS, skipMiddlewares: false },
    // A page from another site must not open a socket with our cookie (cross-site WebSocket
    // hijacking); machines send no Origin at all.
    allowRequest: (request, callback) => callback(null, isSameOrigin(request.headers.origin, request.headers.host)),
  });
  const trusted = trustProxy.length > 0 ? proxyAddr.compile([...trustProxy]) : null;
  io.use((socket, next) => {
    socket.data.address = trusted ? proxyAddr(socket.request, trusted) : (socket.request.socket.remoteAddress ?? null);
    next();
  });
  // Before the HTTP server stops: drop the sockets' transports without a "disconnect" message, so
  // clients treat a shutdown like a network loss and keep reconnecting until the server is back.
  app.addHook('preClose', async () => {
    await io.close();
  });
  return io;
}
