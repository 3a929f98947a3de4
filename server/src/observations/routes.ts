import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ApiError } from '../contract/errors.ts';
import { AmendInput, Observation, ObservationInput } from '../contract/observations.ts';
import { actorOf } from '../auth/access.ts';
import { sendFailure } from '../result.ts';
import type { ObservationService } from './service.ts';

const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });
const errors = { '4xx': ApiError };

export function observationRoutes(observations: ObservationService): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.post(
      '/api/sessions/:id/observations',
      {
        schema: {
          summary: 'Chart a side effect (and the intervention given)',
          description: 'A retry with the same `id` is stored once and answered with the original.',
          tags: ['observations'],
          params: IdParams,
          body: ObservationInput,
          response: { 201: Observation, ...errors },
        },
      },
      async (request, reply) => {
        const result = await observations.record(request.params.id, request.body, actorOf(request.caller, request.ip));
        return result.ok ? reply.code(201).send(result.data) : sendFailure(reply, result.error);
      },
    );
    app.get(
      '/api/sessions/:id/observations',
      {
        schema: {
          summary: "A session's side effects, every version (corrections and strike-throughs included)",
          tags: ['observations'],
          params: IdParams,
          response: { 200: Type.Object({ observations: Type.Array(Observation) }), ...errors },
        },
      },
      async (request) => ({ observations: await observations.list(request.params.id) }),
    );
    app.post(
      '/api/observations/:id/amend',
      {
        schema: {
          summary: 'Correct or strike through an entry, with a reason (the original stays on record)',
          tags: ['observations'],
          params: IdParams,
          body: AmendInput,
          response: { 201: Observation, ...errors },
        },
      },
      async (request, reply) => {
        const result = await observations.amend(request.params.id, request.body, actorOf(request.caller, request.ip));
        return result.ok ? reply.code(201).send(result.data) : sendFailure(reply, result.error);
      },
    );
  };
}
