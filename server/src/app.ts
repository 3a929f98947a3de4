import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import Fastify, { LogController, type FastifyInstance } from 'fastify';
import fastifyCookie from '@fastify/cookie';
import fastifyHelmet from '@fastify/helmet';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Config } from './config.ts';
import { openArchive } from './db/database.ts';
import { createResolver, registerHttpAccess, registerSocketAccess } from './auth/access.ts';
import { IngestTokens } from './auth/ingest-tokens.ts';
import { createLogin } from './auth/login.ts';
import { authRoutes } from './auth/routes.ts';
import { SignIns } from './auth/sign-in.ts';
import { ensureChairs, LiveBoard } from './chairs/live.ts';
import { chairRoutes } from './chairs/routes.ts';
import { createChairService } from './chairs/service.ts';
import { registerChairSocket } from './chairs/socket.ts';
import { MAX_PATH_PARAM_LENGTH, registerErrorHandling, routerErrors } from './plugins/errors.ts';
import { attachSocketServer, type ChairsideIo } from './plugins/socket.ts';
import { validatorCompiler } from './plugins/validation.ts';
import { Broadcaster } from './realtime/broadcaster.ts';
import { AlarmMonitor } from './alarms/monitor.ts';
import { alarmRoutes } from './alarms/routes.ts';
import { loadProfile } from './alarms/store.ts';
import { historyRoutes } from './history/routes.ts';
import { createHistoryService } from './history/service.ts';
import { consciousnessOf, latestSideEffect } from './contract/observations.ts';
import { observationRoutes } from './observations/routes.ts';
import { createObservationService, listObservations } from './observations/service.ts';
import { sessionRoutes } from './sessions/routes.ts';
import { createSessionService } from './sessions/service.ts';
import { firstAdmin, seedDemoAccounts } from './users/bootstrap.ts';
import { userRoutes } from './users/routes.ts';
import { createUserService } from './users/service.ts';
import { VitalsArchive } from './vitals/archive.ts';
import { createVitalsIngest } from './vitals/ingest.ts';
import { latestVitalsReader } from './vitals/latest.ts';
import { vitalsRoutes } from './vitals/routes.ts';
import { registerVitalsSocket } from './vitals/socket.ts';

/** Largest request body: a full batch of 1000 samples is about 200 kB. */
export const BODY_LIMIT_BYTES = 1_048_576;
/** How often sessions idle past the timeout are ended and their sockets closed. */
const SWEEP_INTERVAL_MS = 30_000;

const clientDist = fileURLToPath(new URL('../../dist/client/', import.meta.url));

export type AppConfig = Pick<Config, 'databaseUrl' | 'ingestToken' | 'chairCount' | 'idleTimeoutMin' | 'adminPassword'> & {
  /** Demo mode: the demo accounts get this password. */
  demoPassword?: string;
  logLevel?: string;
  /** Human-readable log lines (a terminal) instead of JSON (a log collector). */
  prettyLogs?: boolean;
  /** The clinic's clock: tests move it on, a seeder replays past sessions on its own. */
  now?: () => number;
  /** The reverse proxies whose forwarded client address and protocol are believed (none: off). */
  trustProxy?: string[];
};

export type ChairsideApp = FastifyInstance & { io: ChairsideIo; setupToken: string | null; alarms: AlarmMonitor };

/** Builds the whole server (no listen): tests use it with `inject` or on an ephemeral port. The
 * database must already be migrated (main.ts does it at start-up). */
export async function buildApp(config: AppConfig): Promise<ChairsideApp> {
  const app = Fastify({
    logger: {
      level: config.logLevel ?? 'info',
      ...(config.prettyLogs
        ? { transport: { target: 'pino-pretty', options: { ignore: 'pid,hostname,reqId', translateTime: 'SYS:HH:MM:ss' } } }
        : {}),
    },
    bodyLimit: BODY_LIMIT_BYTES,
    // Monitors post every few seconds: log problems, not every request.
    logController: new LogController({ disableRequestLogging: true }),
    trustProxy: config.trustProxy?.length ? config.trustProxy : false,
    routerOptions: { maxParamLength: MAX_PATH_PARAM_LENGTH },
    frameworkErrors: routerErrors,
  }).withTypeProvider<TypeBoxTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  const archiveHealth = registerErrorHandling(app);

  const archive = await openArchive(config.databaseUrl);
  const { prisma } = archive;
  await ensureChairs(prisma, config.chairCount);
  const demoAccounts = config.demoPassword ? await seedDemoAccounts(prisma, config.demoPassword) : null;
  const setup = await firstAdmin(prisma, config.adminPassword);
  const live = await LiveBoard.load(prisma, latestVitalsReader(archive.sqlite), async (sessionId) => {
    const observations = await listObservations(prisma, sessionId);
    return { latestSideEffect: latestSideEffect(observations), consciousness: consciousnessOf(observations) };
  });
  const io = attachSocketServer(app, config.trustProxy ?? []);
  const broadcaster = new Broadcaster(io, live.wardOf);
  const now = config.now ?? Date.now;
  const alarms = await AlarmMonitor.start({ prisma, live, broadcaster, log: app.log, now }, await loadProfile(prisma));
  const observations = createObservationService(
    prisma,
    (change) => {
      live.setChart(change.chairId, change.observation.sessionId, { latestSideEffect: change.latest, consciousness: change.consciousness });
      broadcaster.observation(change);
      alarms.evaluate(change.chairId);
    },
    now,
  );
  const vitalsArchive = new VitalsArchive(archive.sqlite, (samples) => {
    live.applySamples(samples);
    broadcaster.vitalsRecorded(samples);
    alarms.samplesCommitted(samples);
  });
  const recordVitals = createVitalsIngest({
    live,
    archive: vitalsArchive,
    prisma,
    log: app.log,
    refused: (chairId, refusal, body) => alarms.sampleRefused(chairId, refusal, body),
    health: archiveHealth,
    now,
  });
  const sessions = createSessionService({
    prisma,
    live,
    broadcaster,
    clinicLimits: () => alarms.profile.limits,
    changed: (chairId) => alarms.evaluate(chairId),
    now,
    archive: vitalsArchive,
  });
  const signIns = new SignIns(prisma, config.idleTimeoutMin * 60_000);
  const tokens = new IngestTokens(prisma, config.ingestToken);
  const closeSockets = (room: string) => io.in(room).disconnectSockets(true);
  const users = createUserService(prisma, async (userId) => {
    for (const id of await signIns.endAllFor(userId)) closeSockets(`signin:${id}`);
  });
  const sweep = setInterval(async () => {
    for (const id of await signIns.sweep()) closeSockets(`signin:${id}`);
  }, SWEEP_INTERVAL_MS);
  app.addHook('onClose', async () => {
    clearInterval(sweep);
    await vitalsArchive.close();
    await alarms.close();
    await archive.close();
  });

  await app.register(fastifyHelmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        connectSrc: ["'self'"], // the API and the socket, same origin
        styleSrc: ["'self'", "'unsafe-inline'"], // Recharts sizes its charts with inline styles
        imgSrc: ["'self'", 'data:'],
      },
    },
  });
  await app.register(fastifyCookie);
  await app.register(fastifyRateLimit, { global: false });
  const resolveCaller = createResolver(signIns, tokens);
  registerHttpAccess(app, resolveCaller);
  registerSocketAccess(io, resolveCaller);

  await app.register(fastifySwagger, {
    openapi: {
      info: { title: 'Chairside API', version: '0.1.0', description: 'Live monitoring of ketamine infusion chairs' },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'chairside_session', description: 'set by POST /api/auth/login' },
          ingestToken: { type: 'http', scheme: 'bearer', description: 'a machine token (monitor or simulator)' },
        },
      },
      security: [{ session: [] }, { ingestToken: [] }],
    },
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/docs', staticCSP: true });
  await app.register(
    authRoutes({
      prisma,
      signIns,
      login: createLogin(prisma, signIns),
      tokens,
      demoAccounts,
      setup: { token: setup.setupToken },
      closeSockets,
    }),
  );
  await app.register(userRoutes(users, prisma));
  await app.register(chairRoutes(live, broadcaster, alarms.activeAlarms, archiveHealth, createChairService(prisma, live, broadcaster)));
  await app.register(alarmRoutes(alarms, prisma));
  await app.register(historyRoutes(createHistoryService(prisma), prisma));
  await app.register(vitalsRoutes(recordVitals));
  await app.register(sessionRoutes(sessions));
  await app.register(observationRoutes(observations));
  registerVitalsSocket(io, recordVitals, (chairIds, device) => alarms.deviceDisconnected(chairIds, device), app.log);
  registerChairSocket(io, live, sessions);

  if (existsSync(clientDist)) {
    await app.register(fastifyStatic, { root: clientDist, wildcard: false });
    // Client-side routes (/chairs/3) load the single page; unknown /api paths stay JSON 404s.
    app.get('/*', { schema: { hide: true } }, (request, reply) =>
      request.url.startsWith('/api/') ? reply.callNotFound() : reply.sendFile('index.html'),
    );
  }
  return Object.assign(app, { io, setupToken: setup.setupToken, alarms });
}
