import type { FastifyError, FastifyInstance } from 'fastify';
import { errorBody } from '../result.ts';
import { fieldIssue } from './validation.ts';

/** Which input a framework-level 4xx is about, for the `field` of the error body. */
const FIELD_BY_CODE: Record<string, string> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'body',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'body',
  FST_ERR_CTP_INVALID_JSON_BODY: 'body',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'content-type',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'content-length',
};

/** One error handler: every error is JSON `{ statusCode, error, message, field? }`; a 5xx never
 * shows internals to the caller (it is logged instead). */
export function registerErrorHandling(app: FastifyInstance) {
  // A lone UTF-16 surrogate is valid JSON but no text the archive can store: refused by name.
  app.addHook('preValidation', async (request, reply) => {
    const field = illFormedText(request.body);
    if (field !== null)
      return reply.code(400).send(errorBody(400, `${field || 'body'}: text with an unpaired surrogate character`, field || 'body'));
  });
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error.validation) {
      const issue = fieldIssue(error.validation);
      return reply.code(400).send(errorBody(400, issue.message, issue.field));
    }
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
}

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
