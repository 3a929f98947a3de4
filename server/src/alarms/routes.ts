import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Alarm, AlarmPage, AlarmProfile, AlarmProfileInput, AlarmQuery } from '../contract/alarms.ts';
import { ApiError } from '../contract/errors.ts';
import { actorOf } from '../auth/access.ts';
import type { PrismaClient } from '../generated/prisma/client.ts';
import { sendFailure } from '../result.ts';
import type { AlarmMonitor } from './monitor.ts';
import { queryAlarms, saveProfile } from './store.ts';

const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });
const errors = { '4xx': ApiError };

export function alarmRoutes(monitor: AlarmMonitor, prisma: PrismaClient): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/api/alarms',
      {
        schema: {
          summary: 'Alarms raised, newest first: per chair, session or shift (from/to), active only, by priority',
          tags: ['alarms'],
          querystring: AlarmQuery,
          response: { 200: AlarmPage, ...errors },
        },
      },
      async (request, reply) => {
        const result = await queryAlarms(prisma, request.query);
        return result.ok ? result.data : sendFailure(reply, result.error);
      },
    );
    app.post(
      '/api/alarms/:id/acknowledge',
      {
        schema: {
          summary: 'Acknowledge an active alarm: silences its sound for the profile’s silence time; it stays on screen until it clears',
          tags: ['alarms'],
          params: IdParams,
          response: { 200: Alarm, ...errors },
        },
      },
      async (request, reply) => {
        const result = await monitor.acknowledge(request.params.id, actorOf(request.caller, request.ip));
        return result.ok ? result.data : sendFailure(reply, result.error);
      },
    );
    app.get(
      '/api/alarm-profile',
      {
        schema: {
          summary: "The clinic's alarm profile (limits, condition delays, silence and stale times)",
          tags: ['alarms'],
          response: { 200: AlarmProfile },
        },
      },
      async () => monitor.profile,
    );
    app.put(
      '/api/alarm-profile',
      {
        schema: {
          summary: "Replace the clinic's alarm profile (takes effect at once on every chair)",
          tags: ['alarms'],
          body: AlarmProfileInput,
          response: { 200: AlarmProfile, ...errors },
        },
      },
      async (request, reply) => {
        const result = await saveProfile(prisma, request.body, actorOf(request.caller, request.ip));
        if (!result.ok) return sendFailure(reply, result.error);
        monitor.profile = result.data;
        return result.data;
      },
    );
  };
}
