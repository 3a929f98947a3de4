import type { FastifyBaseLogger, FastifyError, FastifyInstance, FastifyReply, FastifyRequest, HTTPMethods } from 'fastify';
import { errorBody, sendFailure, type Failure } from '../result.ts';
import { fieldIssue } from './validation.ts';

/** Which input a framework-level 4xx is about, for the `field` of the error body. */
const FIELD_BY_CODE: Record<string, string> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'body',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'body',
  FST_ERR_CTP_INVALID_JSON_BODY: 'body',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'content-type',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'content-length',
};

/** Longest path parameter the router matches (Fastify's `maxParamLength`); no id is this long. */
export const MAX_PATH_PARAM_LENGTH = 100;

const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** One error handler: every error is JSON `{ statusCode, error, message, field? }`; a 5xx never
 * shows internals to the caller (it is logged instead). Returns the archive's health, which the
 * writers outside HTTP (the vitals socket) report to as well. */
export function registerErrorHandling(app: FastifyInstance): ArchiveHealth {
  const health = new ArchiveHealth();
  // A lone UTF-16 surrogate is valid JSON but no text the archive can store: refused by name.
  app.addHook('preValidation', async (request, reply) => {
    const field = illFormedText(request.body);
    if (field !== null)
      return reply.code(400).send(errorBody(400, `${field || 'body'}: text with an unpaired surrogate character`, field || 'body'));
  });
  app.addHook('onResponse', async (request, reply) => {
    if (reply.statusCode < 400 && WRITE_METHODS.has(request.method)) health.stored(request.log);
  });
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error.validation) {
      const issue = fieldIssue(error.validation);
      return reply.code(400).send(errorBody(400, issue.message, issue.field));
    }
    const fault = storageFault(error);
    if (fault) return sendFailure(reply, health.refused(fault, error, request.log));
    const status = error.statusCode ?? 500;
    if (status >= 400 && status < 500) {
      const field = FIELD_BY_CODE[error.code] ?? (error instanceof SyntaxError ? 'body' : undefined);
      const message = error instanceof SyntaxError ? `body is not valid JSON: ${error.message}` : error.message;
      return reply.code(status).send(errorBody(status, message, field));
    }
    request.log.error({ err: error }, 'request failed');
    return reply.code(500).send(errorBody(500, 'Internal error: the request was not completed'));
  });
  app.setNotFoundHandler((request, reply) =>
    reply.code(404).send(errorBody(404, `No route ${request.method} ${request.url.split('?')[0]}`)),
  );
  return health;
}

/** Fastify's `frameworkErrors`: the router's refusals, before any route or hook runs, in our error
 * body. Both are bad input in one path parameter, so 400 naming it, like any other invalid id (a
 * 414 would say the whole URL is too long, and it is not). */
export function routerErrors(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  const path = request.url.split('?')[0]!;
  if (error.code === 'FST_ERR_BAD_URL') {
    const field = pathParameter(request, path, (segment) => decoded(segment) === null);
    return reply.code(400).send(errorBody(400, `${field}: not valid percent-encoded UTF-8`, field));
  }
  if (error.code === 'FST_ERR_MAX_PARAM_LENGTH') {
    const field = pathParameter(request, path, (segment) => (decoded(segment)?.length ?? 0) > MAX_PATH_PARAM_LENGTH);
    return reply.code(400).send(errorBody(400, `${field}: longer than ${MAX_PATH_PARAM_LENGTH} characters`, field));
  }
  request.log.error({ err: error }, 'request failed');
  return reply.code(500).send(errorBody(500, 'Internal error: the request was not completed'));
}

const decoded = (segment: string) => {
  try {
    return decodeURIComponent(segment);
  } catch {
    return null;
  }
};

/** The name of the route parameter at the first path segment that is `bad`, found by asking the
 * router about the same path with a plain value there; `url` if no route has a parameter there. */
function pathParameter(request: FastifyRequest, path: string, bad: (segment: string) => boolean): string {
  const segments = path.split('/');
  const at = segments.findIndex(bad);
  if (at === -1) return 'url';
  const probe = '_';
  const route = request.server.findRoute({ method: request.method as HTTPMethods, url: segments.with(at, probe).join('/') });
  const name = Object.entries(route?.params ?? {}).find(([, value]) => value === probe)?.[0];
  return name === undefined || name === '*' ? 'url' : name;
}

/** What SQLite says when the archive cannot store right now, as the nurse is told it. Extended
 * codes (SQLITE_IOERR_WRITE, SQLITE_READONLY_DBMOVED…) count as their primary code. */
const STORAGE_FAULTS: Record<string, string> = {
  SQLITE_FULL: 'its disk is full',
  SQLITE_READONLY: 'it is read-only',
  SQLITE_IOERR: 'its disk cannot be written',
  SQLITE_CANTOPEN: 'its file cannot be opened',
  SQLITE_BUSY: 'another program keeps it locked',
};

/**
 * The SQLite code of a storage fault, or null for any other error. Such a fault arrives as
 * better-sqlite3's `SqliteError` (the vitals writer, and a Prisma transaction whose COMMIT failed),
 * or as Prisma's known request error carrying the driver's own code, except SQLITE_BUSY, which the
 * driver adapter turns into P1008 "Operation has timed out" (nothing else here raises P1008).
 */
export function storageFault(error: unknown): string | null {
  const code = typeof error === 'object' && error !== null && 'code' in error ? error.code : undefined;
  if (typeof code !== 'string') return null;
  if (code === 'P1008') return 'SQLITE_BUSY';
  return primaryCode(code) ? code : null;
}

const primaryCode = (code: string) => Object.keys(STORAGE_FAULTS).find((primary) => code === primary || code.startsWith(`${primary}_`));

/** The archive seen from its writers. Storage faults come in episodes (a disk fills up until
 * someone frees space): the log tells when one starts, when its cause changes and when it ends,
 * not every refused write. */
export class ArchiveHealth {
  #fault: { code: string; since: number; refused: number } | null = null;

  /** A write failed on a storage fault (`storageFault`): its 503. */
  refused(code: string, error: unknown, log: FastifyBaseLogger, message = NOTHING_SAVED): Failure {
    const cause = STORAGE_FAULTS[primaryCode(code)!];
    if (this.#fault?.code === code) this.#fault.refused++;
    else {
      this.#fault = { code, since: this.#fault?.since ?? Date.now(), refused: (this.#fault?.refused ?? 0) + 1 };
      log.error({ err: error, code }, `archive unavailable (${cause}): writes are answered 503 until it stores again`);
    }
    return { status: 503, code: 'archive-unavailable', message: message(cause) };
  }

  /** What is wrong while an episode is on (`its disk is full`…), else null: what /api/health says. */
  get fault(): string | null {
    return this.#fault && STORAGE_FAULTS[primaryCode(this.#fault.code)!];
  }

  /** A write succeeded: an episode, if one was on, is over. */
  stored(log: FastifyBaseLogger) {
    if (!this.#fault) return;
    const { code, since, refused } = this.#fault;
    this.#fault = null;
    log.info({ code, refused, unavailableMs: Date.now() - since }, 'archive available again: writes are stored');
  }
}

const NOTHING_SAVED = (cause: string) =>
  `Nothing was saved: the archive cannot store data right now (${cause}). Try again in a moment; if this keeps happening, call the administrator.`;

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** The path of the first string (or key) that is not well-formed Unicode, '' for the body itself;
 * null if none. Walks with its own stack: a body may nest deeper than the call stack. */
export function illFormedText(body: unknown): string | null {
  const stack: [unknown, string][] = [[body, '']];
  while (stack.length > 0) {
    const [value, path] = stack.pop()!;
    if (typeof value === 'string') {
      if (LONE_SURROGATE.test(value)) return path;
    } else if (typeof value === 'object' && value !== null) {
      for (const [key, inner] of Object.entries(value)) {
        const at = Array.isArray(value) ? `${path}[${key}]` : path ? `${path}.${key}` : key;
        if (LONE_SURROGATE.test(key)) return at;
        stack.push([inner, at]);
      }
    }
  }
  return null;
}
