import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ClientToServerEvents } from '../contract/events.ts';
import { errorBody } from '../result.ts';
import type { ChairsideIo } from '../plugins/socket.ts';

/**
 * Who is calling. Every HTTP request and socket connection is resolved here, in one place:
 * a device (monitor, simulator) presents the ingest token as a bearer token; anyone else is a
 * viewer of the board. User accounts and roles (issue #3) plug in here.
 */
export type Access = 'device' | 'viewer';

/** Who may use a route: `public` needs nothing (health, docs, the page itself). */
export type Allow = 'public' | readonly Access[];

declare module 'fastify' {
  interface FastifyContextConfig {
    allow?: Allow;
  }
  interface FastifyRequest {
    access: Access;
  }
}

/** Which caller may send each socket event; an event missing here is refused. */
const SOCKET_EVENTS: Record<keyof ClientToServerEvents, readonly Access[]> = {
  'vitals:record': ['device'],
  'chair:subscribe': ['viewer'],
  'chair:unsubscribe': ['viewer'],
};

const digest = (token: string) => createHash('sha256').update(token).digest();

export function createTokenCheck(ingestToken: string) {
  const expected = digest(ingestToken);
  return (presented: string) => timingSafeEqual(digest(presented), expected);
}

type Resolution = { ok: true; access: Access } | { ok: false; message: string };

function resolve(token: string | undefined, isIngestToken: (t: string) => boolean): Resolution {
  if (token === undefined) return { ok: true, access: 'viewer' };
  return isIngestToken(token) ? { ok: true, access: 'device' } : { ok: false, message: 'the token is not valid' };
}

function bearer(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (header === undefined) return undefined;
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  return match ? match[1] : '';
}

/** One authentication hook for every HTTP route. */
export function registerHttpAccess(app: FastifyInstance, ingestToken: string) {
  const isIngestToken = createTokenCheck(ingestToken);

  app.decorateRequest('access', 'viewer');
  app.addHook('onRoute', (route) => {
    // Fail closed: an API route that does not say who may call it does not start.
    if (route.url.startsWith('/api/') && route.config?.allow === undefined) {
      throw new Error(`route ${route.method} ${route.url} declares no access rule (config.allow)`);
    }
  });
  app.addHook('onRequest', async (request, reply) => {
    const allow = request.routeOptions.config.allow ?? 'public';
    if (allow === 'public') return;
    const who = resolve(bearer(request), isIngestToken);
    if (!who.ok) return reply.code(401).send(errorBody(401, `authorization: ${who.message}`, 'authorization'));
    if (!allow.includes(who.access)) {
      const status = who.access === 'viewer' ? 401 : 403;
      const message = who.access === 'viewer' ? 'authorization: a device token is required' : 'this token may not use this route';
      return reply.code(status).send(errorBody(status, message, 'authorization'));
    }
    request.access = who.access;
  });
}

/** One middleware for every socket connection and every event it sends. */
export function registerSocketAccess(io: ChairsideIo, ingestToken: string) {
  const isIngestToken = createTokenCheck(ingestToken);
  io.use((socket, next) => {
    const token = socket.handshake.auth?.token;
    const who = resolve(typeof token === 'string' ? token : token === undefined ? undefined : '', isIngestToken);
    if (!who.ok) return next(new Error(`unauthorized: ${who.message}`));
    socket.data.access = who.access;
    next();
  });
  io.on('connection', (socket) => {
    socket.use((packet, next) => {
      const event = packet[0] as keyof ClientToServerEvents;
      const allowed = SOCKET_EVENTS[event];
      if (allowed?.includes(socket.data.access)) return next();
      const ack = packet[packet.length - 1];
      const message = allowed ? `${event} is not allowed for a ${socket.data.access}` : `unknown event ${event}`;
      if (typeof ack === 'function') ack({ ok: false, error: { code: allowed ? 'forbidden' : 'unknown-event', message } });
    });
  });
}
