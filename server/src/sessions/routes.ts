import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ApiError } from '../contract/errors.ts';
import { SessionDetail, SessionStartInput, SessionSummary } from '../contract/sessions.ts';
import { VitalSample } from '../contract/vitals.ts';
import { sendFailure } from '../result.ts';
import { MAX_SAMPLES_PER_READ, type Actor, type SessionService } from './service.ts';

const SessionParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });
const errors = { '4xx': ApiError };
// Until user accounts exist (issue #3) a write is attributed to the device that made it.
const deviceActor: Actor = { userId: null, name: 'device' };

export function sessionRoutes(sessions: SessionService): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.post(
      '/api/sessions',
      {
        config: { allow: ['device'] },
        schema: {
          summary: 'Start an infusion session on a free chair',
          tags: ['sessions'],
          security: [{ ingestToken: [] }],
          body: SessionStartInput,
          response: { 201: SessionDetail, ...errors },
        },
      },
      async (request, reply) => {
        const result = await sessions.start(request.body, deviceActor);
        return result.ok ? reply.code(201).send(result.data) : sendFailure(reply, result.error);
      },
    );
    app.post(
      '/api/sessions/:id/end',
      {
        config: { allow: ['device'] },
        schema: {
          summary: 'End an active session (discharge)',
          tags: ['sessions'],
          security: [{ ingestToken: [] }],
          params: SessionParams,
          body: Type.Optional(Type.Object({}, { additionalProperties: false })),
          response: { 200: SessionSummary, ...errors },
        },
      },
      async (request, reply) => {
        const result = await sessions.end(request.params.id, deviceActor);
        return result.ok ? result.data : sendFailure(reply, result.error);
      },
    );
    app.get(
      '/api/sessions/:id',
      {
        config: { allow: ['viewer', 'device'] },
        schema: { summary: 'One session with its patient', tags: ['sessions'], params: SessionParams, response: { 200: SessionDetail, ...errors } },
      },
      async (request, reply) => {
        const result = await sessions.get(request.params.id);
        return result.ok ? result.data : sendFailure(reply, result.error);
      },
    );
    app.get(
      '/api/sessions/:id/vitals',
      {
        config: { allow: ['viewer', 'device'] },
        schema: {
          summary: "A session's archived samples in archive order",
          description: 'With `since` (a sample `seq`), only the samples stored after it: how a trend is backfilled after a reconnect.',
          tags: ['sessions', 'vitals'],
          params: SessionParams,
          querystring: Type.Object(
            {
              since: Type.Optional(Type.Integer({ minimum: 0 })),
              limit: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_SAMPLES_PER_READ })),
            },
            { additionalProperties: false },
          ),
          response: { 200: Type.Object({ samples: Type.Array(VitalSample) }), ...errors },
        },
      },
      async (request, reply) => {
        const result = await sessions.vitals(request.params.id, request.query.since, request.query.limit);
        return result.ok ? { samples: result.data } : sendFailure(reply, result.error);
      },
    );
  };
}
