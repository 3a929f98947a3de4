import type { Ack } from './errors.ts';
import type { Alarm } from './alarms.ts';
import type { Chair } from './chairs.ts';
import type { Consciousness, LatestSideEffect, Observation } from './observations.ts';
import type { SessionSummary } from './sessions.ts';
import type { VitalSample, VitalsBody } from './vitals.ts';

/** Staff join their ward's room on connect and so receive every chair's events with no further
 * call; the snapshot to apply them to is `GET /api/chairs`. Every broadcast carries a monotonic `eventId` so a client can order and de-duplicate. */
export interface VitalsRecorded {
  eventId: number;
  samples: VitalSample[];
}
export interface ObservationChanged {
  eventId: number;
  chairId: number;
  observation: Observation;
  /** The side effect the chair's tile shows now. */
  latest: LatestSideEffect;
  consciousness: Consciousness;
}
export interface AlarmChanged {
  eventId: number;
  alarm: Alarm;
}
export interface SessionChanged {
  eventId: number;
  session: SessionSummary;
}
export interface ChairChanged {
  eventId: number;
  chair: Chair;
}

export interface ServerToClientEvents {
  'vitals:recorded': (event: VitalsRecorded) => void;
  'session:started': (event: SessionChanged) => void;
  /** A phase, rate or score change within a session. */
  'session:updated': (event: SessionChanged) => void;
  /** Discharged or aborted: the chair is free. */
  'session:ended': (event: SessionChanged) => void;
  'observation:recorded': (event: ObservationChanged) => void;
  'observation:amended': (event: ObservationChanged) => void;
  'alarm:raised': (event: AlarmChanged) => void;
  /** A worse value raised the priority; it sounds again even if acknowledged. */
  'alarm:escalated': (event: AlarmChanged) => void;
  'alarm:acknowledged': (event: AlarmChanged) => void;
  'alarm:cleared': (event: AlarmChanged) => void;
  /** An admin added a chair, renamed it, or took it out of or back into service. */
  'chair:updated': (event: ChairChanged) => void;
}

export interface ClientToServerEvents {
  /** A monitor, simulator or nurse records vitals for a chair. */
  'vitals:record': (request: { chairId: number } & VitalsBody, ack: (reply: Ack<VitalSample[]>) => void) => void;
  /** One chair's stream (a tablet at the chair); the reply backfills the chair's current session since `since` (a sample seq, exclusive). */
  'chair:subscribe': (request: { chairId: number; since?: number }, ack: (reply: Ack<VitalSample[]>) => void) => void;
  'chair:unsubscribe': (request: { chairId: number }) => void;
}

export const DEFAULT_WARD = 'main';
export const wardRoom = (ward: string) => `ward:${ward}`;
export const chairRoom = (chairId: number) => `chair:${chairId}`;
