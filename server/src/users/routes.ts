import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { AuditPage, AuditQuery, User, UserCreateInput, UserUpdateInput } from '../contract/auth.ts';
import { ApiError } from '../contract/errors.ts';
import type { PrismaClient } from '../generated/prisma/client.ts';
import { actorOf } from '../auth/access.ts';
import { queryAudit } from '../audit/audit.ts';
import { sendFailure } from '../result.ts';
import type { UserService } from './service.ts';

const errors = { '4xx': ApiError };

export function userRoutes(users: UserService, prisma: PrismaClient): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get('/api/users', { schema: { summary: 'Staff accounts', tags: ['admin'], response: { 200: Type.Object({ users: Type.Array(User) }) } } }, async () => ({
      users: await users.list(),
    }));
    app.post('/api/users', { schema: { summary: 'Create a staff account', tags: ['admin'], body: UserCreateInput, response: { 201: User, ...errors } } }, async (request, reply) => {
      const result = await users.create(request.body, actorOf(request.caller, request.ip));
      return result.ok ? reply.code(201).send(result.data) : sendFailure(reply, result.error);
    });
    app.patch(
      '/api/users/:id',
      {
        schema: {
          summary: 'Rename, change role, disable or reset the password (the user is signed out on any change of access)',
          tags: ['admin'],
          params: Type.Object({ id: Type.String({ maxLength: 64 }) }),
          body: UserUpdateInput,
          response: { 200: User, ...errors },
        },
      },
      async (request, reply) => {
        const result = await users.update(request.params.id, request.body, actorOf(request.caller, request.ip));
        return result.ok ? result.data : sendFailure(reply, result.error);
      },
    );
    app.get(
      '/api/audit',
      { schema: { summary: 'The audit trail, newest first (read-only)', tags: ['audit'], querystring: AuditQuery, response: { 200: AuditPage, ...errors } } },
      async (request) => queryAudit(prisma, request.query),
    );
  };
}
