import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { SessionAlarmLimitsInput } from '../contract/alarms.ts';
import { ApiError } from '../contract/errors.ts';
import {
  DischargeInput,
  PreScoresInput,
  RateChangeInput,
  SessionDetail,
  SessionStartInput,
  SessionSummary,
  TransitionInput,
  PatientMatch,
} from '../contract/sessions.ts';
import type { TSchema } from '@sinclair/typebox';
import type { Actor } from '../auth/access.ts';
import type { Result } from '../result.ts';
import { TrendColumns, VitalSample } from '../contract/vitals.ts';
import { sendFailure } from '../result.ts';
import { MAX_SAMPLES_PER_READ, type SessionService } from './service.ts';
import { actorOf } from '../auth/access.ts';

const SessionParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });
const errors = { '4xx': ApiError };

export function sessionRoutes(sessions: SessionService): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.post(
      '/api/sessions',
      {
        schema: {
          summary: 'Start an infusion session on a free chair',
          tags: ['sessions'],
          body: SessionStartInput,
          response: { 201: SessionDetail, ...errors },
        },
      },
      async (request, reply) => {
        const result = await sessions.start(request.body, actorOf(request.caller, request.ip));
        return result.ok ? reply.code(201).send(result.data) : sendFailure(reply, result.error);
      },
    );
    const act = <B>(
      path: string,
      summary: string,
      body: TSchema,
      run: (id: string, body: B, actor: Actor) => Promise<Result<SessionSummary>>,
      method: 'POST' | 'PUT' = 'POST',
    ) =>
      app.route({
        method,
        url: `/api/sessions/:id/${path}`,
        schema: { summary, tags: ['sessions'], params: SessionParams, body, response: { 200: SessionSummary, ...errors } },
        handler: async (request, reply) => {
          const result = await run((request.params as { id: string }).id, request.body as B, actorOf(request.caller, request.ip));
          return result.ok ? result.data : sendFailure(reply, result.error);
        },
      });
    act('pre-scores', 'Record the pre-infusion scores (pain NRS, MOAA/S)', PreScoresInput, sessions.preScores);
    act(
      'transitions',
      'Start, pause, resume or stop the infusion, or abort the session (a reason is required); starting needs the pre scores and a baseline BP',
      TransitionInput,
      sessions.transition,
    );
    act('rate', 'Change the pump rate (with a reason)', RateChangeInput, sessions.changeRate);
    act(
      'discharge',
      'Discharge from recovery with the discharge score (below 9 needs an override reason)',
      DischargeInput,
      sessions.discharge,
    );
    act(
      'alarm-limits',
      "Set this session's alarm limits where they differ from the clinic profile (with a reason); {} returns to the profile",
      SessionAlarmLimitsInput,
      sessions.setAlarmLimits,
      'PUT',
    );
    app.get(
      '/api/sessions/:id',
      {
        schema: {
          summary: 'One session with its patient',
          tags: ['sessions'],
          params: SessionParams,
          response: { 200: SessionDetail, ...errors },
        },
      },
      async (request, reply) => {
        const result = await sessions.get(request.params.id);
        return result.ok ? result.data : sendFailure(reply, result.error);
      },
    );
    app.get(
      '/api/patients',
      {
        schema: {
          summary: 'Find a patient by name or clinic id (to start a session)',
          tags: ['sessions'],
          querystring: Type.Object({ search: Type.String({ minLength: 1, maxLength: 80 }) }, { additionalProperties: false }),
          response: { 200: Type.Object({ patients: Type.Array(PatientMatch) }), ...errors },
        },
      },
      async (request) => ({ patients: await sessions.findPatients(request.query.search) }),
    );
    const sampleRange = Type.Object(
      {
        since: Type.Optional(Type.Integer({ minimum: 0, description: 'A sample `seq`: only the samples stored after it' })),
        limit: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_SAMPLES_PER_READ })),
      },
      { additionalProperties: false },
    );
    app.get(
      '/api/sessions/:id/vitals',
      {
        schema: {
          summary: "A session's archived samples in archive order",
          description: 'With `since` (a sample `seq`), only the samples stored after it: how a trend is backfilled after a reconnect.',
          tags: ['sessions', 'vitals'],
          params: SessionParams,
          querystring: sampleRange,
          response: { 200: Type.Object({ samples: Type.Array(VitalSample) }), ...errors },
        },
      },
      async (request, reply) => {
        const result = await sessions.vitals(request.params.id, request.query.since, request.query.limit);
        return result.ok ? { samples: result.data } : sendFailure(reply, result.error);
      },
    );
    app.get(
      '/api/sessions/:id/trend',
      {
        schema: {
          summary: "A session's samples as columns, for drawing its trends",
          description:
            'The samples of `/vitals` (same order, `since` and `limit`) as one array per field, times in Unix ms: what the review reads.',
          tags: ['sessions', 'vitals'],
          params: SessionParams,
          querystring: sampleRange,
          response: { 200: TrendColumns, ...errors },
        },
      },
      async (request, reply) => {
        const result = await sessions.trend(request.params.id, request.query.since, request.query.limit);
        return result.ok ? result.data : sendFailure(reply, result.error);
      },
    );
    app.get(
      '/api/sessions/:id/export.csv',
      {
        schema: {
          summary: "A session's samples as CSV (units in the headers, times in UTC)",
          tags: ['sessions', 'export'],
          params: SessionParams,
          produces: ['text/csv'],
        },
      },
      async (request, reply) => {
        const result = await sessions.exportSamples(request.params.id, actorOf(request.caller, request.ip));
        if (!result.ok) return sendFailure(reply, result.error);
        return reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename="session-${request.params.id}.csv"`)
          .send(result.data);
      },
    );
    app.get(
      '/api/sessions/:id/fhir',
      {
        schema: {
          summary: 'The session as a FHIR R4 Bundle (collection): Patient, Encounter, MedicationAdministration, vital signs, side effects',
          tags: ['sessions', 'export'],
          params: SessionParams,
          produces: ['application/fhir+json'],
        },
      },
      async (request, reply) => {
        const result = await sessions.exportFhir(request.params.id, actorOf(request.caller, request.ip));
        if (!result.ok) return sendFailure(reply, result.error);
        return reply
          .type('application/fhir+json; charset=utf-8')
          .header('content-disposition', `attachment; filename="session-${request.params.id}.fhir.json"`)
          .send(JSON.stringify(result.data));
      },
    );
  };
}
