import type { FastifyReply } from 'fastify';
import type { Ack } from './contract/errors.ts';

/** A refused request, as a value: services return it, HTTP routes and socket acks render it. */
export interface Failure {
  status: 400 | 401 | 403 | 404 | 409 | 413 | 429 | 503;
  code: string;
  message: string;
  field?: string;
}
export type Result<T> = { ok: true; data: T } | { ok: false; error: Failure };

export const ok = <T>(data: T): Result<T> => ({ ok: true, data });
export const fail = (status: Failure['status'], code: string, message: string, field?: string): { ok: false; error: Failure } => ({
  ok: false,
  error: field === undefined ? { status, code, message } : { status, code, message, field },
});

const STATUS_TEXT: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/** The JSON error body every HTTP error uses (contract/errors.ts ApiError). */
export function errorBody(statusCode: number, message: string, field?: string) {
  return { statusCode, error: STATUS_TEXT[statusCode] ?? 'Error', message, ...(field === undefined ? {} : { field }) };
}

export function sendFailure(reply: FastifyReply, failure: Failure) {
  return reply.code(failure.status).send(errorBody(failure.status, failure.message, failure.field));
}

export function toAck<T>(result: Result<T>): Ack<T> {
  if (result.ok) return result;
  const { status: _status, ...error } = result.error;
  return { ok: false, error };
}
