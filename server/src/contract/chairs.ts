import { Type, type Static } from '@sinclair/typebox';
import { SessionSummary } from './sessions.ts';
import { LatestVitals } from './vitals.ts';
import { Consciousness, LatestSideEffect } from './observations.ts';
import { Alarm } from './alarms.ts';

/** A chair as the clinic sets it up (an admin adds, renames and takes chairs out of service). */
export const Chair = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  ward: Type.String(),
  inService: Type.Boolean({ description: 'false: out of service, no new session may start (monitor readings are still recorded)' }),
});
export type Chair = Static<typeof Chair>;

/** One tile of the board: the chair, its active session, the latest value of each vital and its active alarms. */
export const ChairSnapshot = Type.Composite([
  Chair,
  Type.Object({
    activeSession: Type.Union([SessionSummary, Type.Null()]),
    latest: LatestVitals,
    lastSampleAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
    latestSideEffect: LatestSideEffect,
    consciousness: Consciousness,
    alarms: Type.Array(Alarm, { description: 'active alarms, most urgent first' }),
  }),
]);
export type ChairSnapshot = Static<typeof ChairSnapshot>;

export const BoardSnapshot = Type.Object({
  eventId: Type.Integer({ description: 'Id of the last event already reflected in this snapshot' }),
  chairs: Type.Array(ChairSnapshot),
});
export type BoardSnapshot = Static<typeof BoardSnapshot>;

export const ChairParams = Type.Object({ chairId: Type.Integer({ minimum: 1 }) });

const ChairName = Type.String({
  minLength: 1,
  maxLength: 40,
  pattern: '\\S',
  description: 'what the nurses call it, e.g. "Chair 3" or "Window bay"; unique in the clinic',
});

export const ChairCreateInput = Type.Object({ name: ChairName }, { additionalProperties: false });
export type ChairCreateInput = Static<typeof ChairCreateInput>;

export const ChairUpdateInput = Type.Object(
  { name: Type.Optional(ChairName), inService: Type.Optional(Type.Boolean()) },
  { additionalProperties: false, minProperties: 1 },
);
export type ChairUpdateInput = Static<typeof ChairUpdateInput>;
