import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import Fastify, { type FastifyInstance } from 'fastify';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Config } from './config.ts';
import { openArchive } from './db/database.ts';
import { registerHttpAccess, registerSocketAccess } from './auth/access.ts';
import { ensureChairs, LiveBoard } from './chairs/live.ts';
import { chairRoutes } from './chairs/routes.ts';
import { registerChairSocket } from './chairs/socket.ts';
import { registerErrorHandling } from './plugins/errors.ts';
import { attachSocketServer, type ChairsideIo } from './plugins/socket.ts';
import { validatorCompiler } from './plugins/validation.ts';
import { Broadcaster } from './realtime/broadcaster.ts';
import { sessionRoutes } from './sessions/routes.ts';
import { createSessionService } from './sessions/service.ts';
import { VitalsArchive } from './vitals/archive.ts';
import { createVitalsIngest } from './vitals/ingest.ts';
import { vitalsRoutes } from './vitals/routes.ts';
import { registerVitalsSocket } from './vitals/socket.ts';

/** Largest request body: a full batch of 1000 samples is about 200 kB. */
export const BODY_LIMIT_BYTES = 1_048_576;

const clientDist = fileURLToPath(new URL('../../dist/client/', import.meta.url));

export type AppConfig = Pick<Config, 'databaseUrl' | 'ingestToken' | 'chairCount'> & {
  logLevel?: string;
  /** Human-readable log lines (a terminal) instead of JSON (a log collector). */
  prettyLogs?: boolean;
};

/** Builds the whole server (no listen): tests use it with `inject` or on an ephemeral port. The
 * database must already be migrated (main.ts does it at start-up). */
export async function buildApp(config: AppConfig): Promise<FastifyInstance & { io: ChairsideIo }> {
  const app = Fastify({
    logger: {
      level: config.logLevel ?? 'info',
      ...(config.prettyLogs ? { transport: { target: 'pino-pretty', options: { ignore: 'pid,hostname,reqId', translateTime: 'SYS:HH:MM:ss' } } } : {}),
    },
    bodyLimit: BODY_LIMIT_BYTES,
    // Monitors post every few seconds: log problems, not every request.
    disableRequestLogging: true,
    trustProxy: false,
  }).withTypeProvider<TypeBoxTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  registerErrorHandling(app);

  const archive = await openArchive(config.databaseUrl);
  await ensureChairs(archive.prisma, config.chairCount);
  const live = await LiveBoard.load(archive.prisma);
  const io = attachSocketServer(app);
  const broadcaster = new Broadcaster(io, live.wardOf);
  const vitalsArchive = new VitalsArchive(archive.sqlite, (samples) => {
    live.applySamples(samples);
    broadcaster.vitalsRecorded(samples);
  });
  const recordVitals = createVitalsIngest(live, vitalsArchive, app.log);
  const sessions = createSessionService(archive.prisma, live, broadcaster);
  app.addHook('onClose', async () => {
    await vitalsArchive.close();
    await archive.close();
  });

  registerHttpAccess(app, config.ingestToken);
  registerSocketAccess(io, config.ingestToken);
  await app.register(fastifySwagger, {
    openapi: {
      info: { title: 'Chairside API', version: '0.1.0', description: 'Live monitoring of ketamine infusion chairs' },
      components: { securitySchemes: { ingestToken: { type: 'http', scheme: 'bearer', description: 'CHAIRSIDE_INGEST_TOKEN' } } },
    },
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/docs' });
  await app.register(chairRoutes(live, broadcaster));
  await app.register(vitalsRoutes(recordVitals));
  await app.register(sessionRoutes(sessions));
  registerVitalsSocket(io, recordVitals);
  registerChairSocket(io, live, sessions);

  if (existsSync(clientDist)) {
    await app.register(fastifyStatic, { root: clientDist, wildcard: false });
    // Client-side routes (/chairs/3) load the single page; unknown /api paths stay JSON 404s.
    app.get('/*', { config: { allow: 'public' }, schema: { hide: true } }, (request, reply) =>
      request.url.startsWith('/api/') ? reply.callNotFound() : reply.sendFile('index.html'),
    );
  }
  return Object.assign(app, { io });
}
