import type { FastifyInstance, FastifyRequest } from 'fastify';
import fastifyCookie from '@fastify/cookie';
import { ROLES, type Role, type TokenKind } from '../contract/auth.ts';
import type { ClientToServerEvents } from '../contract/events.ts';
import { errorBody } from '../result.ts';
import type { ChairsideIo } from '../plugins/socket.ts';
import type { IngestTokens, Machine } from './ingest-tokens.ts';
import type { SignedInUser, SignIns } from './sign-in.ts';

/** Who is calling: a signed-in person (by the session cookie) or a machine (by its bearer token). */
export type Caller = { kind: 'user'; user: SignedInUser; sessionId: string } | { kind: 'machine'; machine: Machine };
/** What a rule names: a staff role or a kind of machine. */
export type Principal = Role | TokenKind;
export type Allow = 'public' | readonly Principal[];

export const SESSION_COOKIE = 'chairside_session';

const ANYONE_SIGNED_IN = ROLES;
const CLINICAL_READERS = ['nurse', 'supervisor'] as const;

/**
 * Who may do what: every API route and socket event, in one table. An API route missing here
 * stops the server at start-up; a socket event missing here is refused.
 */
export const ROUTE_ACCESS: Record<string, Allow> = {
  'GET /api/health': 'public',
  'POST /api/auth/login': 'public',
  'GET /api/auth/demo-accounts': 'public',
  'POST /api/auth/setup': 'public', // needs the one-time setup token
  'POST /api/auth/logout': ANYONE_SIGNED_IN,
  'GET /api/auth/me': ANYONE_SIGNED_IN,
  'GET /api/chairs': [...ANYONE_SIGNED_IN, 'simulator'],
  'POST /api/chairs': ['admin'],
  'PATCH /api/chairs/:chairId': ['admin'],
  'POST /api/chairs/:chairId/vitals': ['nurse', 'monitor', 'simulator'],
  'POST /api/sessions': ['nurse', 'simulator'],
  'POST /api/sessions/:id/pre-scores': ['nurse', 'simulator'],
  'POST /api/sessions/:id/transitions': ['nurse', 'simulator'],
  'POST /api/sessions/:id/rate': ['nurse', 'simulator'],
  'POST /api/sessions/:id/discharge': ['nurse', 'simulator'],
  'GET /api/patients': ['nurse'],
  'GET /api/sessions/:id': CLINICAL_READERS,
  'GET /api/sessions/:id/vitals': CLINICAL_READERS,
  'GET /api/sessions/:id/trend': CLINICAL_READERS,
  'GET /api/sessions/:id/export.csv': ['supervisor'],
  'GET /api/sessions/:id/fhir': ['supervisor'],
  'POST /api/sessions/:id/observations': ['nurse', 'simulator'],
  'GET /api/sessions/:id/observations': CLINICAL_READERS,
  'POST /api/observations/:id/amend': CLINICAL_READERS, // a supervisor amends closed records
  'PUT /api/sessions/:id/alarm-limits': ['nurse'],
  'GET /api/alarms': CLINICAL_READERS,
  'POST /api/alarms/:id/acknowledge': CLINICAL_READERS,
  'GET /api/sessions': CLINICAL_READERS,
  'GET /api/sessions.csv': ['supervisor'],
  'GET /api/patients/:id/series': CLINICAL_READERS,
  'GET /api/summary': ['supervisor'],
  'GET /api/alarm-profile': ANYONE_SIGNED_IN,
  'PUT /api/alarm-profile': ['admin'],
  'GET /api/audit': ['supervisor', 'admin'],
  'GET /api/users': ['admin'],
  'POST /api/users': ['admin'],
  'PATCH /api/users/:id': ['admin'],
  'GET /api/ingest-tokens': ['admin'],
  'POST /api/ingest-tokens': ['admin'],
  'POST /api/ingest-tokens/:id/revoke': ['admin'],
};

export const SOCKET_ACCESS: Record<keyof ClientToServerEvents, readonly Principal[]> = {
  'vitals:record': ['nurse', 'monitor', 'simulator'],
  'chair:subscribe': CLINICAL_READERS,
  'chair:unsubscribe': CLINICAL_READERS,
};
/** Who joins the ward's room on connect and so sees the board. */
export const BOARD_VIEWERS: readonly Principal[] = ANYONE_SIGNED_IN;

declare module 'fastify' {
  interface FastifyContextConfig {
    allow?: Allow;
  }
  interface FastifyRequest {
    caller: Caller | null;
  }
}

export const principalOf = (caller: Caller): Principal => (caller.kind === 'user' ? caller.user.role : caller.machine.kind);

/** Who did it, for the audit trail and the records (a name a supervisor recognises). */
export interface Actor {
  userId: string | null;
  username: string;
  name: string;
  role: string;
  ip: string | null;
}

export function actorOf(caller: Caller | null, ip: string | null): Actor {
  if (!caller) return { userId: null, username: 'anonymous', name: 'anonymous', role: 'none', ip };
  return caller.kind === 'user'
    ? { userId: caller.user.id, username: caller.user.username, name: caller.user.displayName, role: caller.user.role, ip }
    : { userId: null, username: caller.machine.name, name: caller.machine.name, role: caller.machine.kind, ip };
}

type Resolution = { ok: true; caller: Caller | null } | { ok: false; message: string };

export function createResolver(signIns: SignIns, tokens: IngestTokens) {
  return async function resolveCaller(bearer: string | undefined, cookie: string | undefined): Promise<Resolution> {
    if (bearer !== undefined) {
      const machine = bearer ? await tokens.resolve(bearer) : null;
      return machine ? { ok: true, caller: { kind: 'machine', machine } } : { ok: false, message: 'the token is not valid or was revoked' };
    }
    if (cookie) {
      const signedIn = await signIns.resolve(cookie);
      return signedIn
        ? { ok: true, caller: { kind: 'user', ...signedIn } }
        : { ok: false, message: 'your session has ended; sign in again' };
    }
    return { ok: true, caller: null };
  };
}
export type ResolveCaller = ReturnType<typeof createResolver>;

function bearerOf(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  return /^Bearer\s+(\S+)$/i.exec(header)?.[1] ?? '';
}

/** One authorisation hook for every HTTP route, driven by ROUTE_ACCESS. */
export function registerHttpAccess(app: FastifyInstance, resolveCaller: ResolveCaller, table: Record<string, Allow> = ROUTE_ACCESS) {
  app.decorateRequest('caller', null);
  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith('/api/')) return;
    const method = route.method === 'HEAD' ? 'GET' : route.method;
    const allow = table[`${method} ${route.url}`];
    // Fail closed: an API route nobody has decided about does not start.
    if (allow === undefined) throw new Error(`route ${method} ${route.url} has no rule in ROUTE_ACCESS`);
    route.config = { ...route.config, allow };
    // The OpenAPI description shows the same rule.
    const machines = allow === 'public' ? [] : allow.filter((p) => !(ROLES as readonly string[]).includes(p));
    const people = allow === 'public' ? [] : allow.filter((p) => (ROLES as readonly string[]).includes(p));
    route.schema = {
      ...route.schema,
      description: [route.schema?.description, `Who may call: ${allow === 'public' ? 'anyone' : allow.join(', ')}.`]
        .filter(Boolean)
        .join('\n\n'),
      security: [...(people.length ? [{ session: [] }] : []), ...(machines.length ? [{ ingestToken: [] }] : [])],
    };
  });
  app.addHook('onRequest', async (request: FastifyRequest, reply) => {
    const allow = request.routeOptions.config.allow ?? 'public';
    const who = await resolveCaller(bearerOf(request.headers.authorization), request.cookies?.[SESSION_COOKIE]);
    if (!who.ok) {
      if (allow === 'public') return; // a stale cookie does not stand in the way of signing in
      return reply.code(401).send(errorBody(401, `authorization: ${who.message}`, 'authorization'));
    }
    request.caller = who.caller;
    if (allow === 'public') return;
    if (!who.caller) return reply.code(401).send(errorBody(401, 'authorization: sign in first', 'authorization'));
    if (!allow.includes(principalOf(who.caller))) {
      return reply.code(403).send(errorBody(403, `a ${principalOf(who.caller)} may not do this`, 'authorization'));
    }
  });
}

/** Room of every socket opened by one sign-in or one token, so ending it closes them. */
export const credentialRoom = (caller: Caller) =>
  caller.kind === 'user' ? `signin:${caller.sessionId}` : `token:${caller.machine.tokenId ?? 'environment'}`;

/** One middleware for every socket connection and every event it sends, driven by SOCKET_ACCESS. */
export function registerSocketAccess(io: ChairsideIo, resolveCaller: ResolveCaller) {
  const resolveSocket = (handshake: { auth: Record<string, unknown>; headers: Record<string, string | string[] | undefined> }) => {
    const token = handshake.auth?.token;
    const cookie = typeof handshake.headers.cookie === 'string' ? fastifyCookie.parse(handshake.headers.cookie)[SESSION_COOKIE] : undefined;
    return resolveCaller(token === undefined ? undefined : typeof token === 'string' ? token : '', cookie);
  };
  io.use(async (socket, next) => {
    // The archive may be unreadable (disk fault): refuse the connection, never crash on it.
    const who = await resolveSocket(socket.handshake).catch(() => null);
    if (!who) return next(new Error('unavailable: the server cannot check who you are right now; retry'));
    if (!who.ok) return next(new Error(`unauthorized: ${who.message}`));
    if (!who.caller) return next(new Error('unauthorized: sign in first'));
    socket.data.caller = who.caller;
    next();
  });
  io.on('connection', (socket) => {
    void socket.join(credentialRoom(socket.data.caller));
    socket.use(async (packet, next) => {
      const event = packet[0] as keyof ClientToServerEvents;
      const ack = packet[packet.length - 1];
      const refuse = (code: string, message: string) =>
        typeof ack === 'function' ? ack({ ok: false, error: { code, message } }) : undefined;
      // A person's session can end while the socket is open (idle timeout, account disabled).
      if (socket.data.caller.kind === 'user') {
        const who = await resolveSocket(socket.handshake).catch(() => null);
        if (!who) return refuse('archive-unavailable', 'the server cannot check who you are right now; retry');
        if (!who.ok) {
          refuse('unauthorized', 'your session has ended; sign in again');
          return socket.disconnect(true);
        }
      }
      const allowed = SOCKET_ACCESS[event];
      if (allowed?.includes(principalOf(socket.data.caller))) return next();
      refuse(
        allowed ? 'forbidden' : 'unknown-event',
        allowed ? `a ${principalOf(socket.data.caller)} may not send ${event}` : `unknown event ${event}`,
      );
    });
  });
}
