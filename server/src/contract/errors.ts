import { Type, type Static } from '@sinclair/typebox';

/** Body of every HTTP error: `field` names the offending input where there is one. */
export const ApiError = Type.Object({
  statusCode: Type.Integer(),
  error: Type.String(),
  message: Type.String(),
  field: Type.Optional(Type.String()),
});
export type ApiError = Static<typeof ApiError>;

/** Reply to a socket write, sent with the acknowledgement callback. */
export type Ack<T> = { ok: true; data: T } | { ok: false; error: { code: string; message: string; field?: string } };
