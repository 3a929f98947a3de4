import { Type, type Static } from '@sinclair/typebox';
import { SessionSummary } from './sessions.ts';
import { LatestVitals } from './vitals.ts';
import { Consciousness, LatestSideEffect } from './observations.ts';
import { Alarm } from './alarms.ts';

/** One tile of the board: the chair, its active session, the latest value of each vital and its active alarms. */
export const ChairSnapshot = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  ward: Type.String(),
  activeSession: Type.Union([SessionSummary, Type.Null()]),
  latest: LatestVitals,
  lastSampleAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  latestSideEffect: LatestSideEffect,
  consciousness: Consciousness,
  alarms: Type.Array(Alarm, { description: 'active alarms, most urgent first' }),
});
export type ChairSnapshot = Static<typeof ChairSnapshot>;

export const BoardSnapshot = Type.Object({
  eventId: Type.Integer({ description: 'Id of the last event already reflected in this snapshot' }),
  chairs: Type.Array(ChairSnapshot),
});
export type BoardSnapshot = Static<typeof BoardSnapshot>;
