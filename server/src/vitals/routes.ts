import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ChairParams } from '../contract/chairs.ts';
import { ApiError } from '../contract/errors.ts';
import { VitalSample, VitalsBody } from '../contract/vitals.ts';
import { validatorCompiler } from '../plugins/validation.ts';
import { sendFailure } from '../result.ts';
import { recorderOf, type RecordVitals } from './ingest.ts';

export function vitalsRoutes(recordVitals: RecordVitals): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.post(
      '/api/chairs/:chairId/vitals',
      {
        schema: {
          summary: 'Record vitals for a chair (one sample or up to 1000)',
          description:
            'Answers 201 only after the samples are committed to the archive. A sample whose `id` was already stored for this chair is not stored again; the original is returned.',
          tags: ['vitals'],
          params: ChairParams,
          body: VitalsBody,
          response: { 201: Type.Object({ samples: Type.Array(VitalSample) }), '4xx': ApiError, 503: ApiError },
        },
        // The body is checked by the same parser the socket uses (one sample or a batch, each
        // error naming its field); the schema above documents it.
        validatorCompiler: (route) => (route.httpPart === 'body' ? () => true : validatorCompiler(route)),
      },
      async (request, reply) => {
        const result = await recordVitals(request.params.chairId, request.body, recorderOf(request.caller!, request.ip));
        return result.ok ? reply.code(201).send({ samples: result.data }) : sendFailure(reply, result.error);
      },
    );
  };
}
