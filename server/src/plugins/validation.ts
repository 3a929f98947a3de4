import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import type { FastifySchemaCompiler } from 'fastify';
import type { TSchema } from '@sinclair/typebox';
import type { FieldIssue } from '../contract/vitals.ts';

const options = { allErrors: false, removeAdditional: false, useDefaults: true, strict: false } as const;
// Bodies are taken as sent: "72" is not a heart rate, and an unknown field is an error, not
// something to drop silently (a misspelt vital would otherwise vanish).
const strictAjv = withFormats(new Ajv({ ...options, coerceTypes: false }));
// URL parameters and query strings arrive as text and are coerced to their declared types.
const coercingAjv = withFormats(new Ajv({ ...options, coerceTypes: true }));

function withFormats(ajv: Ajv): Ajv {
  // ajv-formats is CommonJS: under ESM its default export is the function itself.
  (addFormats as unknown as (a: Ajv) => Ajv)(ajv);
  return ajv;
}

/** Compiles a contract schema for validating data that arrives outside HTTP (socket messages). */
export function compileStrict<T>(schema: TSchema): ValidateFunction<T> {
  return strictAjv.compile<T>(schema);
}

export const validatorCompiler: FastifySchemaCompiler<unknown> = ({ schema, httpPart }) =>
  (httpPart === 'body' ? strictAjv : coercingAjv).compile(schema as object);

/** Turns Ajv's first error into a message that names the field, e.g. `samples[2].hr must be <= 300`. */
export function fieldIssue(errors: ErrorObject[] | null | undefined, prefix = ''): FieldIssue {
  const error = errors?.[0];
  if (!error) return { field: prefix || 'body', message: 'invalid input' };
  const path = error.instancePath
    .split('/')
    .filter(Boolean)
    .map((part) => (/^\d+$/.test(part) ? `[${part}]` : `.${part}`))
    .join('');
  let field = `${prefix}${path}`.replace(/^\./, '');
  let message = error.message ?? 'is invalid';
  if (error.keyword === 'required') {
    field = join(field, error.params.missingProperty);
    message = 'is required';
  } else if (error.keyword === 'additionalProperties') {
    field = join(field, error.params.additionalProperty);
    message = 'is not a known field';
  }
  field ||= 'body';
  return { field, message: `${field} ${message}` };
}

const join = (parent: string, child: string) => (parent ? `${parent}.${child}` : child);
