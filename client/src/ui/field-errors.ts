import { ApiError } from '../app/http.ts';

/** Shown when a request never got an answer (network down, server stopped). */
export const UNREACHABLE_MESSAGE = 'The server could not be reached. Check the connection and try again.';

/** What went wrong, in words: the server's message, or that it could not be reached. */
export function errorMessage(error: unknown): string {
  return error instanceof ApiError ? error.message : UNREACHABLE_MESSAGE;
}

/** The server's message for this input, when the error names it; beside the input, a leading
 * `password: ` naming it again is left out. */
export function fieldError(error: unknown, field: string): string | undefined {
  if (!(error instanceof ApiError) || error.field !== field) return undefined;
  return error.message.startsWith(`${field}: `) ? error.message.slice(field.length + 2) : error.message;
}

/** What to show above a form: the error, unless it is already shown beside one of `fields`. */
export function formError(error: unknown, fields: readonly string[]): string | undefined {
  if (!error) return undefined;
  if (error instanceof ApiError && error.field !== undefined && fields.includes(error.field)) return undefined;
  return errorMessage(error);
}
