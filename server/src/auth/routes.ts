import { timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { DemoAccounts, IngestTokenCreateInput, IngestTokenCreated, IngestToken, LoginInput, Me, SetupInput } from '../contract/auth.ts';
import { ApiError } from '../contract/errors.ts';
import { Type } from '@sinclair/typebox';
import type { PrismaClient } from '../generated/prisma/client.ts';
import { recordAudit } from '../audit/audit.ts';
import { errorBody, sendFailure } from '../result.ts';
import { toUser } from '../users/service.ts';
import { actorOf, SESSION_COOKIE, type Caller } from './access.ts';
import type { IngestTokens } from './ingest-tokens.ts';
import type { createLogin } from './login.ts';
import { hashPassword } from './passwords.ts';
import type { SignedInUser, SignIns } from './sign-in.ts';

/** Login attempts per address per minute, before the per-account lock-out. */
export const LOGIN_RATE = { max: 10, timeWindow: '1 minute' } as const;

export interface AuthDeps {
  prisma: PrismaClient;
  signIns: SignIns;
  login: ReturnType<typeof createLogin>;
  tokens: IngestTokens;
  demoAccounts: DemoAccounts | null;
  /** The one-time first-admin token; cleared once used. */
  setup: { token: string | null };
  /** Closes the sockets opened with a sign-in or a token that has just ended. */
  closeSockets: (room: string) => void;
}

const errors = { '4xx': ApiError };

function me(user: SignedInUser & { createdAt?: string; disabled?: boolean }, signIns: SignIns) {
  return {
    user: { ...user, disabled: user.disabled ?? false, createdAt: user.createdAt ?? new Date(0).toISOString() },
    idleTimeoutS: Math.round(signIns.idleTimeoutMs / 1000),
  };
}

function setSessionCookie(request: FastifyRequest, reply: FastifyReply, secret: string) {
  reply.setCookie(SESSION_COOKIE, secret, { httpOnly: true, sameSite: 'strict', secure: request.protocol === 'https', path: '/' });
}

const sameSecret = (a: string, b: string) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));
const userOf = (caller: Caller | null) => (caller?.kind === 'user' ? caller : null);

export function authRoutes(deps: AuthDeps): FastifyPluginAsyncTypebox {
  const { prisma, signIns, login, tokens } = deps;
  return async (app) => {
    app.post(
      '/api/auth/login',
      {
        config: { rateLimit: LOGIN_RATE },
        schema: { summary: 'Sign in: sets the session cookie', tags: ['auth'], body: LoginInput, response: { 200: Me, ...errors } },
      },
      async (request, reply) => {
        const result = await login(request.body.username, request.body.password, request.ip);
        if (!result.ok) return sendFailure(reply, result.error);
        setSessionCookie(request, reply, result.data.secret);
        const row = await prisma.user.findUniqueOrThrow({ where: { id: result.data.user.id } });
        return me(toUser(row), signIns);
      },
    );
    app.post('/api/auth/logout', { schema: { summary: 'Sign out (answers 204)', tags: ['auth'] } }, async (request, reply) => {
      const signedIn = userOf(request.caller);
      if (signedIn) {
        await signIns.end(signedIn.sessionId);
        await recordAudit(prisma, actorOf(request.caller, request.ip), { action: 'auth.logout', entity: 'user', entityId: signedIn.user.id });
        deps.closeSockets(`signin:${signedIn.sessionId}`);
      }
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.code(204).send();
    });
    app.get('/api/auth/me', { schema: { summary: 'Who is signed in', tags: ['auth'], response: { 200: Me, ...errors } } }, async (request) => {
      const row = await prisma.user.findUniqueOrThrow({ where: { id: userOf(request.caller)!.user.id } });
      return me(toUser(row), signIns);
    });
    app.get(
      '/api/auth/demo-accounts',
      { schema: { summary: 'Demo mode only: the demo accounts', tags: ['auth'], response: { 200: DemoAccounts, ...errors } } },
      async (_request, reply) => deps.demoAccounts ?? reply.code(404).send(errorBody(404, 'not in demo mode')),
    );
    app.post(
      '/api/auth/setup',
      { config: { rateLimit: LOGIN_RATE }, schema: { summary: 'First start: create the first admin', tags: ['auth'], body: SetupInput, response: { 201: Me, ...errors } } },
      async (request, reply) => {
        const { token, username, displayName, password } = request.body;
        if (!deps.setup.token || (await prisma.user.count()) > 0) return reply.code(409).send(errorBody(409, 'token: the first admin already exists; sign in', 'token'));
        if (!sameSecret(token, deps.setup.token)) return reply.code(403).send(errorBody(403, 'token: this setup link is not valid', 'token'));
        deps.setup.token = null;
        const row = await prisma.user.create({ data: { username, displayName, role: 'admin', passwordHash: await hashPassword(password) } });
        const user = toUser(row);
        const { secret } = await signIns.start(user, request.ip);
        const actor = { userId: row.id, username, name: displayName, role: 'admin', ip: request.ip };
        await recordAudit(prisma, actor, { action: 'user.create', entity: 'user', entityId: row.id, after: { username, displayName, role: 'admin', via: 'setup link' } });
        setSessionCookie(request, reply, secret);
        return reply.code(201).send(me(user, signIns));
      },
    );

    app.get('/api/ingest-tokens', { schema: { summary: 'Machine tokens', tags: ['admin'], response: { 200: Type.Object({ tokens: Type.Array(IngestToken) }) } } }, async () => ({
      tokens: await tokens.list(),
    }));
    app.post(
      '/api/ingest-tokens',
      { schema: { summary: 'Make a machine token (its secret is shown once)', tags: ['admin'], body: IngestTokenCreateInput, response: { 201: IngestTokenCreated, ...errors } } },
      async (request, reply) => {
        const actor = actorOf(request.caller, request.ip);
        const created = await tokens.create(request.body.name, request.body.kind ?? 'monitor', { id: actor.userId, name: actor.name });
        await recordAudit(prisma, actor, { action: 'ingest-token.create', entity: 'ingest-token', entityId: created.token.id, after: created.token });
        return reply.code(201).send(created);
      },
    );
    app.post(
      '/api/ingest-tokens/:id/revoke',
      { schema: { summary: 'Revoke a machine token for good', tags: ['admin'], params: Type.Object({ id: Type.String({ maxLength: 64 }) }), response: { 200: IngestToken, ...errors } } },
      async (request, reply) => {
        const revoked = await tokens.revoke(request.params.id);
        if (!revoked) return reply.code(404).send(errorBody(404, `id: there is no token ${request.params.id}`, 'id'));
        await recordAudit(prisma, actorOf(request.caller, request.ip), { action: 'ingest-token.revoke', entity: 'ingest-token', entityId: revoked.id, after: revoked });
        deps.closeSockets(`token:${revoked.id}`);
        return revoked;
      },
    );
  };
}
