import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Alarm } from '../contract/alarms.ts';
import { actorOf } from '../auth/access.ts';
import { BoardSnapshot, Chair, ChairCreateInput, ChairParams, ChairUpdateInput } from '../contract/chairs.ts';
import { ApiError } from '../contract/errors.ts';
import type { ArchiveHealth } from '../plugins/errors.ts';
import type { Broadcaster } from '../realtime/broadcaster.ts';
import { sendFailure } from '../result.ts';
import type { LiveBoard } from './live.ts';
import type { ChairService } from './service.ts';

const errors = { '4xx': ApiError, 503: ApiError };

export function chairRoutes(
  live: LiveBoard,
  broadcaster: Broadcaster,
  activeAlarms: (chairId: number) => Alarm[],
  archive: ArchiveHealth,
  chairs: ChairService,
): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/api/chairs',
      {
        schema: {
          summary: 'Live snapshot of every chair: active session, latest vitals and active alarms',
          description: 'Apply to it only the socket events whose `eventId` is greater than its own.',
          tags: ['chairs'],
          response: { 200: BoardSnapshot },
        },
      },
      async () => live.snapshot(broadcaster.lastEventId, activeAlarms),
    );
    app.post(
      '/api/chairs',
      {
        schema: {
          summary: 'Add a chair (in service, numbered after the last)',
          tags: ['admin'],
          body: ChairCreateInput,
          response: { 201: Chair, ...errors },
        },
      },
      async (request, reply) => {
        const result = await chairs.add(request.body, actorOf(request.caller, request.ip));
        return result.ok ? reply.code(201).send(result.data) : sendFailure(reply, result.error);
      },
    );
    app.patch(
      '/api/chairs/:chairId',
      {
        schema: {
          summary: 'Rename a chair, or take it out of service (no new sessions) or back',
          tags: ['admin'],
          params: ChairParams,
          body: ChairUpdateInput,
          response: { 200: Chair, ...errors },
        },
      },
      async (request, reply) => {
        const result = await chairs.update(request.params.chairId, request.body, actorOf(request.caller, request.ip));
        return result.ok ? result.data : sendFailure(reply, result.error);
      },
    );
    app.get(
      '/api/health',
      {
        schema: {
          summary: 'Up, and storing: 503 while writes are refused on a storage fault (disk full, read-only)',
          tags: ['health'],
          response: {
            200: Type.Object({ status: Type.Literal('ok') }),
            503: Type.Object({ status: Type.Literal('archive-unavailable'), message: Type.String() }),
          },
        },
      },
      async (_request, reply) => {
        const fault = archive.fault;
        return fault === null
          ? { status: 'ok' as const }
          : reply.code(503).send({ status: 'archive-unavailable' as const, message: `the archive cannot store data right now (${fault})` });
      },
    );
  };
}
