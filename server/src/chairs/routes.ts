import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Alarm } from '../contract/alarms.ts';
import { BoardSnapshot } from '../contract/chairs.ts';
import type { ArchiveHealth } from '../plugins/errors.ts';
import type { Broadcaster } from '../realtime/broadcaster.ts';
import type { LiveBoard } from './live.ts';

export function chairRoutes(
  live: LiveBoard,
  broadcaster: Broadcaster,
  activeAlarms: (chairId: number) => Alarm[],
  archive: ArchiveHealth,
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
