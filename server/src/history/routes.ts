import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ClinicSummary, PatientSeries, SessionPage, SessionSearch, SummaryQuery } from '../contract/history.ts';
import { ApiError } from '../contract/errors.ts';
import { actorOf } from '../auth/access.ts';
import { recordAudit } from '../audit/audit.ts';
import { sessionsCsv } from '../export/csv.ts';
import type { PrismaClient } from '../generated/prisma/client.ts';
import { sendFailure } from '../result.ts';
import type { HistoryService } from './service.ts';

const errors = { '4xx': ApiError };
/** The most sessions one CSV export lists. */
export const MAX_EXPORTED_SESSIONS = 100_000;

export function historyRoutes(history: HistoryService, prisma: PrismaClient): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/api/sessions',
      {
        schema: {
          summary:
            'Search sessions: by period, chair, patient, outcome, side effect and severity, alarm priority, prescriber; cursor pages',
          tags: ['history'],
          querystring: SessionSearch,
          response: { 200: SessionPage, ...errors },
        },
      },
      async (request, reply) => {
        const result = await history.search(request.query);
        return result.ok ? result.data : sendFailure(reply, result.error);
      },
    );
    app.get(
      '/api/sessions.csv',
      {
        schema: {
          summary: 'The sessions a search finds, as CSV (units in the headers, times in UTC)',
          tags: ['history', 'export'],
          querystring: Type.Omit(SessionSearch, ['cursor', 'limit']),
          produces: ['text/csv'],
        },
      },
      async (request, reply) => {
        const found = [];
        let cursor: string | undefined;
        do {
          const page = await history.search({ ...request.query, limit: 200, cursor });
          if (!page.ok) return sendFailure(reply, page.error);
          found.push(...page.data.sessions);
          cursor = page.data.nextCursor ?? undefined;
        } while (cursor && found.length < MAX_EXPORTED_SESSIONS);
        await recordAudit(prisma, actorOf(request.caller, request.ip), {
          action: 'sessions.export',
          entity: 'session',
          after: { format: 'csv', filters: request.query, sessions: found.length },
        });
        return reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', 'attachment; filename="sessions.csv"')
          .send(sessionsCsv(found));
      },
    );
    app.get(
      '/api/patients/:id/series',
      {
        schema: {
          summary: "A patient's infusions side by side: pain before and after, peak SBP rise, side effects, dose, alarms",
          tags: ['history'],
          params: Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) }),
          response: { 200: PatientSeries, ...errors },
        },
      },
      async (request, reply) => {
        const result = await history.series(request.params.id);
        return result.ok ? result.data : sendFailure(reply, result.error);
      },
    );
    app.get(
      '/api/summary',
      {
        schema: {
          summary: 'The clinic over a period: sessions, side-effect rates, alarm noise by rule, aborted sessions',
          tags: ['history'],
          querystring: SummaryQuery,
          response: { 200: ClinicSummary, ...errors },
        },
      },
      async (request, reply) => {
        const result = await history.summary(request.query);
        return result.ok ? result.data : sendFailure(reply, result.error);
      },
    );
  };
}
