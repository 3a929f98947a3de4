import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Alarm } from '../contract/alarms.ts';
import { BoardSnapshot } from '../contract/chairs.ts';
import type { Broadcaster } from '../realtime/broadcaster.ts';
import type { LiveBoard } from './live.ts';

export function chairRoutes(
  live: LiveBoard,
  broadcaster: Broadcaster,
  activeAlarms: (chairId: number) => Alarm[],
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
    app.get('/api/health', { schema: { tags: ['health'], response: { 200: Type.Object({ status: Type.Literal('ok') }) } } }, async () => ({
      status: 'ok' as const,
    }));
  };
}
