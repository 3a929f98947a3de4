import { chairRoom, wardRoom } from '../contract/events.ts';
import type { Alarm } from '../contract/alarms.ts';
import type { Chair } from '../contract/chairs.ts';
import type { SessionSummary } from '../contract/sessions.ts';
import type { VitalSample } from '../contract/vitals.ts';
import type { ChairsideIo } from '../plugins/socket.ts';
import type { ObservationChange } from '../observations/service.ts';

/**
 * Numbers and sends every live event. Ids start from the clock (µs) so they keep rising across a
 * restart for any rate below a thousand events per millisecond; a client orders and
 * de-duplicates by them and applies to a snapshot only the events newer than it.
 */
export class Broadcaster {
  #lastEventId = Date.now() * 1000;
  readonly #io: ChairsideIo;
  readonly #wardOf: (chairId: number) => string;

  constructor(io: ChairsideIo, wardOf: (chairId: number) => string) {
    this.#io = io;
    this.#wardOf = wardOf;
  }

  get lastEventId() {
    return this.#lastEventId;
  }

  /** One event per ward for a whole commit (the board), and one per chair to the chair rooms of
   * viewers not already on that ward. */
  vitalsRecorded(samples: VitalSample[]) {
    const byWard = groupBy(samples, (s) => this.#wardOf(s.chairId));
    for (const [ward, wardSamples] of byWard) {
      this.#io.to(wardRoom(ward)).emit('vitals:recorded', { eventId: ++this.#lastEventId, samples: wardSamples });
      for (const [chairId, chairSamples] of groupBy(wardSamples, (s) => s.chairId)) {
        if (!this.#io.sockets.adapter.rooms.has(chairRoom(chairId))) continue;
        this.#io
          .to(chairRoom(chairId))
          .except(wardRoom(ward))
          .emit('vitals:recorded', { eventId: ++this.#lastEventId, samples: chairSamples });
      }
    }
  }

  observation(change: ObservationChange) {
    const { event, chairId, observation, latest, consciousness } = change;
    this.#io
      .to([wardRoom(this.#wardOf(chairId)), chairRoom(chairId)])
      .emit(event, { eventId: ++this.#lastEventId, chairId, observation, latest, consciousness });
  }

  alarm(event: 'alarm:raised' | 'alarm:escalated' | 'alarm:acknowledged' | 'alarm:cleared', alarm: Alarm) {
    this.#io.to([wardRoom(this.#wardOf(alarm.chairId)), chairRoom(alarm.chairId)]).emit(event, { eventId: ++this.#lastEventId, alarm });
  }

  chair(chair: Chair) {
    this.#io.to([wardRoom(chair.ward), chairRoom(chair.id)]).emit('chair:updated', { eventId: ++this.#lastEventId, chair });
  }

  session(event: 'session:started' | 'session:updated' | 'session:ended', session: SessionSummary) {
    const ward = this.#wardOf(session.chairId);
    this.#io.to([wardRoom(ward), chairRoom(session.chairId)]).emit(event, { eventId: ++this.#lastEventId, session });
  }
}

function groupBy<T, K>(items: T[], key: (item: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}
