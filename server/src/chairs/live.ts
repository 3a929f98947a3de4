import type { BoardSnapshot, Chair, ChairSnapshot } from '../contract/chairs.ts';
import { ACTIVE_PHASES, type SessionSummary } from '../contract/sessions.ts';
import { mergeLatest, type VitalSample } from '../contract/vitals.ts';
import type { PrismaClient } from '../generated/prisma/client.ts';
import { NO_CONSCIOUSNESS_CHARTED, type Consciousness, type LatestSideEffect } from '../contract/observations.ts';
import type { Alarm } from '../contract/alarms.ts';
import type { ReadLatestVitals } from '../vitals/latest.ts';
import { sessionInclude, toSummary } from '../sessions/summary.ts';

/** A chair's state; its active alarms are the alarm monitor's and join it in the snapshot. */
type ChairState = Omit<ChairSnapshot, 'alarms'>;

/** What the chart of a session puts on its tile. */
export interface ChartState {
  latestSideEffect: LatestSideEffect;
  consciousness: Consciousness;
}
const NOTHING_CHARTED: ChartState = { latestSideEffect: null, consciousness: NO_CONSCIOUSNESS_CHARTED };

/**
 * The live state of every chair: its active session and latest vitals. A cache of the archive,
 * rebuilt from it at start-up, so active sessions resume after a restart.
 */
export class LiveBoard {
  readonly #chairs = new Map<number, ChairState>();

  static async load(
    prisma: PrismaClient,
    latestVitals: ReadLatestVitals,
    chartOf: (sessionId: string) => Promise<ChartState>,
  ): Promise<LiveBoard> {
    const board = new LiveBoard();
    const chairs = await prisma.chair.findMany({ orderBy: { id: 'asc' } });
    const active = await prisma.infusionSession.findMany({ where: { phase: { in: [...ACTIVE_PHASES] } }, include: sessionInclude });
    for (const chair of chairs) {
      const session = active.find((s) => s.chairId === chair.id);
      const since = session ? undefined : await lastSessionEnd(prisma, chair.id);
      board.#chairs.set(chair.id, {
        id: chair.id,
        name: chair.name,
        ward: chair.ward,
        inService: chair.inService,
        activeSession: session ? toSummary(session) : null,
        ...latestVitals(chair.id, session?.id ?? null, since?.getTime()),
        ...(session ? await chartOf(session.id) : NOTHING_CHARTED),
      });
    }
    return board;
  }

  chair(chairId: number): ChairState | undefined {
    return this.#chairs.get(chairId);
  }

  wardOf = (chairId: number): string => this.#chairs.get(chairId)?.ward ?? 'main';

  chairs(): IterableIterator<ChairState> {
    return this.#chairs.values();
  }

  snapshot(eventId: number, activeAlarms: (chairId: number) => Alarm[]): BoardSnapshot {
    return { eventId, chairs: [...this.#chairs.values()].map((chair) => ({ ...chair, alarms: activeAlarms(chair.id) })) };
  }

  applySamples(samples: VitalSample[]) {
    for (const sample of samples) {
      const chair = this.#chairs.get(sample.chairId);
      // A sample belongs on the tile only while its session is the chair's current one.
      if (!chair || sample.sessionId !== (chair.activeSession?.id ?? null)) continue;
      chair.latest = mergeLatest(chair.latest, sample);
      if (!chair.lastSampleAt || sample.recordedAt > chair.lastSampleAt) chair.lastSampleAt = sample.recordedAt;
    }
  }

  /** A chair an admin added, renamed or took out of (or back into) service. */
  setChair(chair: Chair) {
    const known = this.#chairs.get(chair.id);
    if (known) Object.assign(known, chair);
    else this.#chairs.set(chair.id, { ...chair, activeSession: null, latest: {}, lastSampleAt: null, ...NOTHING_CHARTED });
  }

  /** A new or ended session starts the tile afresh: the last patient's numbers are not this one's. */
  setSession(chairId: number, session: SessionSummary | null) {
    const chair = this.#chairs.get(chairId);
    if (!chair) return;
    chair.activeSession = session;
    chair.latest = {};
    chair.lastSampleAt = null;
    Object.assign(chair, NOTHING_CHARTED);
  }

  /** A change within the same session (phase, rate, scores): the tile keeps its numbers. */
  updateSession(session: SessionSummary) {
    const chair = this.#chairs.get(session.chairId);
    if (chair?.activeSession?.id === session.id) chair.activeSession = session;
  }

  setChart(chairId: number, sessionId: string, chart: ChartState) {
    const chair = this.#chairs.get(chairId);
    if (chair?.activeSession?.id === sessionId) Object.assign(chair, chart);
  }
}

async function lastSessionEnd(prisma: PrismaClient, chairId: number): Promise<Date | undefined> {
  const last = await prisma.infusionSession.findFirst({ where: { chairId, endedAt: { not: null } }, orderBy: { endedAt: 'desc' } });
  return last?.endedAt ?? undefined;
}

/** Makes sure the clinic's chairs 1..count exist (a fresh database gets them; none is removed). */
export async function ensureChairs(prisma: PrismaClient, count: number) {
  const existing = new Set((await prisma.chair.findMany({ select: { id: true } })).map((c) => c.id));
  const missing = Array.from({ length: count }, (_, i) => i + 1).filter((id) => !existing.has(id));
  if (missing.length > 0) await prisma.chair.createMany({ data: missing.map((id) => ({ id, name: `Chair ${id}` })) });
}
