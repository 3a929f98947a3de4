import { randomUUID } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import { byUrgency, effectiveLimits, type Alarm, type AlarmProfile } from '../contract/alarms.ts';
import { VITALS, type VitalKey, type VitalSample } from '../contract/vitals.ts';
import type { Actor } from '../auth/access.ts';
import { recordAudit } from '../audit/audit.ts';
import type { LiveBoard } from '../chairs/live.ts';
import type { PrismaClient } from '../generated/prisma/client.ts';
import type { Broadcaster } from '../realtime/broadcaster.ts';
import { fail, ok, type Failure, type Result } from '../result.ts';
import { physiologicalBreaches, technicalBreaches, type Breach, type Readings } from './evaluate.ts';
import { reconcile } from './lifecycle.ts';
import { activeAlarms, toRow } from './store.ts';

/** How often time-based conditions (no data, condition delays) are checked. */
export const ALARM_TICK_MS = 1000;
/** An EtCO₂ reading below this is no breath (our threshold: the reference says "no CO₂ breath"
 * without a number; a breath shows well above it, sensor noise stays below). */
export const BREATH_MIN_ETCO2_MMHG = 5;

type AlarmEvent = 'alarm:raised' | 'alarm:escalated' | 'alarm:acknowledged' | 'alarm:cleared';

/** What the monitor knows of a chair beyond the live board: its active alarms and its device. */
interface ChairWatch {
  sessionId: string;
  alarms: Map<string, Alarm>;
  pending: Map<string, number>;
  /** Server time the chair was last heard from (or the session opened, or the server started). */
  lastHeardAt: number;
  /** Device times of the latest EtCO₂ reading and of the latest one showing a breath. */
  lastEtco2At: number | null;
  lastBreathAt: number | null;
  disconnectedDevice: string | null;
  implausible: { message: string; value: number | null } | null;
}

/**
 * Watches every chair with an active session: evaluates the alarm profile on each commit of
 * vitals, each charted MOAA/S and each second (for the time-based conditions), raises, escalates
 * and clears alarms, archives them and tells every screen. State changes happen at once, in
 * memory; the archive writes and their broadcasts follow in order, one at a time.
 */
export class AlarmMonitor {
  readonly #watches = new Map<number, ChairWatch>();
  #profile: AlarmProfile;
  #writes: Promise<void> = Promise.resolve();
  /** Alarms whose latest state the archive could not take (a storage fault), by id: written whole
   * by their next change, or by the next tick once the archive stores again. */
  readonly #unarchived = new Map<string, Alarm>();
  #retryQueued = false;
  readonly #startedAt: number;
  readonly #timer: ReturnType<typeof setInterval>;

  private constructor(
    private readonly deps: { prisma: PrismaClient; live: LiveBoard; broadcaster: Broadcaster; log: FastifyBaseLogger; now: () => number },
    profile: AlarmProfile,
    active: Alarm[],
  ) {
    this.#profile = profile;
    this.#startedAt = deps.now();
    // Alarms still active at the last stop resume with their session; the others end now.
    for (const alarm of active) {
      const watch = alarm.sessionId === deps.live.chair(alarm.chairId)?.activeSession?.id ? this.#current(alarm.chairId) : undefined;
      if (watch) watch.alarms.set(alarm.condition, alarm);
      else this.#clear(alarm, new Date(this.#startedAt).toISOString());
    }
    this.#timer = setInterval(() => {
      this.evaluateAll();
      this.#archiveMissed();
    }, ALARM_TICK_MS);
  }

  static async start(deps: AlarmMonitor['deps'], profile: AlarmProfile): Promise<AlarmMonitor> {
    const monitor = new AlarmMonitor(deps, profile, await activeAlarms(deps.prisma));
    monitor.evaluateAll();
    return monitor;
  }

  get profile(): AlarmProfile {
    return this.#profile;
  }

  set profile(profile: AlarmProfile) {
    this.#profile = profile;
    this.evaluateAll();
  }

  activeAlarms = (chairId: number): Alarm[] => [...(this.#watches.get(chairId)?.alarms.values() ?? [])].sort(byUrgency);

  /** After the archive committed samples (and the live board took them). */
  samplesCommitted(samples: readonly VitalSample[]) {
    const now = this.deps.now();
    const chairIds = new Set<number>();
    for (const sample of samples) {
      const watch = this.#current(sample.chairId);
      if (!watch || sample.sessionId !== watch.sessionId) continue;
      chairIds.add(sample.chairId);
      watch.lastHeardAt = now;
      watch.disconnectedDevice = null;
      watch.implausible = null;
      if (sample.etco2 !== null) {
        const at = Date.parse(sample.recordedAt);
        watch.lastEtco2At = Math.max(watch.lastEtco2At ?? at, at);
        // Counted from the first reading when no breath has been seen yet.
        if (sample.etco2 >= BREATH_MIN_ETCO2_MMHG || watch.lastBreathAt === null)
          watch.lastBreathAt = Math.max(watch.lastBreathAt ?? at, at);
      }
    }
    for (const chairId of chairIds) this.evaluate(chairId);
  }

  /** A streaming device's connection dropped: every chair it fed with a session alarms. */
  deviceDisconnected(chairIds: Iterable<number>, device: string) {
    for (const chairId of chairIds) {
      const watch = this.#current(chairId);
      if (!watch) continue;
      watch.disconnectedDevice = device;
      this.evaluate(chairId);
    }
  }

  /** A device's sample for the chair was refused (the device gets the 400; the nurses get this). */
  sampleRefused(chairId: number, refusal: Failure, body: unknown) {
    const watch = this.#current(chairId);
    if (!watch) return;
    watch.implausible = describeRefusal(refusal, body);
    this.evaluate(chairId);
  }

  evaluateAll() {
    for (const chair of this.deps.live.chairs()) this.evaluate(chair.id);
  }

  /** Re-evaluates one chair: after its session or chart changed, or any of the above. */
  evaluate(chairId: number) {
    const now = this.deps.now();
    const watch = this.#current(chairId);
    if (!watch) return;
    const chair = this.deps.live.chair(chairId)!;
    const session = chair.activeSession!;
    const readings: Readings = {
      vitals: Object.fromEntries(Object.entries(chair.latest).map(([key, latest]) => [key, latest.value])),
      baseline: session.baseline,
      sedationBefore: session.sedationBefore,
      moaas: chair.consciousness.moaas,
      secondsWithoutBreath: secondsWithoutBreath(watch, chair.latest.etco2?.value),
    };
    const breaches = [
      ...physiologicalBreaches(readings, effectiveLimits(this.#profile.limits, session.alarmLimits)),
      ...technicalBreaches(
        { silentS: (now - watch.lastHeardAt) / 1000, disconnectedDevice: watch.disconnectedDevice, implausible: watch.implausible },
        this.#profile.staleS,
      ),
    ];
    const changes = reconcile(watch.alarms, watch.pending, breaches, now, this.#profile.delayS);
    watch.pending = changes.pending;
    const at = new Date(now).toISOString();
    for (const breach of changes.raise) {
      const alarm = raised(chairId, session.id, breach, at);
      watch.alarms.set(alarm.condition, alarm);
      this.#write('alarm:raised', alarm, (prisma) => prisma.alarm.create({ data: toRow(alarm) }));
    }
    for (const { alarm, breach } of changes.escalate) {
      const { priority, rule, value, limit, message } = breach;
      const worse = { ...alarm, priority, rule, value, limit, message, escalatedAt: at, silencedUntil: null };
      watch.alarms.set(alarm.condition, worse);
      this.#write('alarm:escalated', worse, (prisma) =>
        prisma.alarm.upsert({
          where: { id: alarm.id },
          create: toRow(worse),
          update: { priority, rule, value, limit, message, escalatedAt: new Date(now), silencedUntil: null },
        }),
      );
    }
    for (const alarm of changes.clear) {
      watch.alarms.delete(alarm.condition);
      this.#clear(alarm, at);
    }
  }

  /** Silences an active alarm for the profile's silence time; it stays on every screen. */
  async acknowledge(alarmId: string, actor: Actor): Promise<Result<Alarm>> {
    const alarm = this.#find(alarmId);
    if (!alarm) {
      const archived = await this.deps.prisma.alarm.findUnique({ where: { id: alarmId } });
      return archived
        ? fail(409, 'alarm-cleared', `the alarm cleared at ${archived.clearedAt?.toISOString()}`, 'id')
        : fail(404, 'unknown-alarm', `id: there is no alarm ${alarmId}`, 'id');
    }
    const now = this.deps.now();
    const acknowledged: Alarm = {
      ...alarm,
      acknowledgedAt: new Date(now).toISOString(),
      acknowledgedBy: actor.name,
      silencedUntil: new Date(now + this.#profile.silenceS * 1000).toISOString(),
    };
    const alarms = this.#watches.get(alarm.chairId)!.alarms;
    alarms.set(alarm.condition, acknowledged);
    try {
      await this.#write(
        'alarm:acknowledged',
        acknowledged,
        (prisma) =>
          prisma.$transaction(async (tx) => {
            const row = toRow(acknowledged, actor.userId);
            const { acknowledgedAt, acknowledgedById, acknowledgedBy, silencedUntil } = row;
            await tx.alarm.upsert({
              where: { id: alarmId },
              create: row,
              update: { acknowledgedAt, acknowledgedById, acknowledgedBy, silencedUntil },
            });
            await recordAudit(tx, actor, {
              action: 'alarm.acknowledge',
              entity: 'alarm',
              entityId: alarmId,
              after: { chairId: alarm.chairId, sessionId: alarm.sessionId, message: alarm.message, silencedUntil },
            });
          }),
        { mustStore: true },
      );
    } catch (error) {
      // Not on record, so not silenced: no screen was told, and the nurse is answered (503) to retry.
      if (alarms.get(alarm.condition) === acknowledged) alarms.set(alarm.condition, alarm);
      throw error;
    }
    return ok(acknowledged);
  }

  /** Waits for the archive writes queued so far (tests, shutdown). */
  settled(): Promise<void> {
    return this.#writes;
  }

  async close() {
    clearInterval(this.#timer);
    await this.#writes;
  }

  #find(alarmId: string): Alarm | undefined {
    for (const watch of this.#watches.values()) for (const alarm of watch.alarms.values()) if (alarm.id === alarmId) return alarm;
    return undefined;
  }

  /** The chair's watch for its active session, created when the session is first seen; the alarms
   * of a session that ended (or gave way to another) end with it. */
  #current(chairId: number): ChairWatch | undefined {
    const session = this.deps.live.chair(chairId)?.activeSession;
    const watch = this.#watches.get(chairId);
    if (watch && watch.sessionId === session?.id) return watch;
    if (watch) {
      this.#watches.delete(chairId);
      const clearedAt = new Date(this.deps.now()).toISOString();
      for (const alarm of watch.alarms.values()) this.#clear(alarm, clearedAt);
    }
    return session ? this.#watch(chairId, session.id, Math.max(Date.parse(session.startedAt), this.#startedAt)) : undefined;
  }

  #watch(chairId: number, sessionId: string, heardAt: number): ChairWatch {
    const watch: ChairWatch = {
      sessionId,
      alarms: new Map(),
      pending: new Map(),
      lastHeardAt: heardAt,
      lastEtco2At: null,
      lastBreathAt: null,
      disconnectedDevice: null,
      implausible: null,
    };
    this.#watches.set(chairId, watch);
    return watch;
  }

  #clear(alarm: Alarm, clearedAt: string) {
    const cleared = { ...alarm, clearedAt };
    this.#write('alarm:cleared', cleared, (prisma) =>
      prisma.alarm.upsert({ where: { id: alarm.id }, create: toRow(cleared), update: { clearedAt: new Date(clearedAt) } }),
    );
  }

  /**
   * Archives, then broadcasts — even when the archive fails: a screen must never miss an alarm.
   * An alarm the archive could not take (a full disk) is kept to be written whole: by its next
   * change, or by `#archiveMissed`. A nurse's acknowledgement (`mustStore`) is broadcast only once
   * archived; else the write rejects.
   */
  #write(event: AlarmEvent, alarm: Alarm, store: (prisma: PrismaClient) => Promise<unknown>, { mustStore = false } = {}): Promise<void> {
    const written = this.#writes.then(async () => {
      try {
        const missed = this.#unarchived.has(alarm.id);
        await (missed && !mustStore ? storeWhole(this.deps.prisma, alarm) : store(this.deps.prisma));
        // An acknowledgement writes only its own fields: the rest of a missed state follows by the tick.
        if (missed && mustStore) this.#unarchived.set(alarm.id, alarm);
        else this.#unarchived.delete(alarm.id);
      } catch (error) {
        if (mustStore) throw error;
        this.#unarchived.set(alarm.id, alarm);
        this.deps.log.error({ err: error, alarmId: alarm.id, event }, 'alarm archive write failed; kept to be written again');
      }
      this.deps.broadcaster.alarm(event, alarm);
    });
    this.#writes = written.catch(() => {});
    return written;
  }

  /** Writes again the alarms a storage fault kept from the archive, unchanged since (queued, so a
   * newer state written meanwhile is never overwritten by an older one). */
  #archiveMissed() {
    if (this.#unarchived.size === 0 || this.#retryQueued) return;
    this.#retryQueued = true;
    this.#writes = this.#writes.then(async () => {
      this.#retryQueued = false;
      const missed = [...this.#unarchived.values()];
      try {
        await this.deps.prisma.$transaction(missed.map((alarm) => storeWhole(this.deps.prisma, alarm)));
      } catch {
        return; // still failing: the next tick tries again
      }
      for (const alarm of missed) if (this.#unarchived.get(alarm.id) === alarm) this.#unarchived.delete(alarm.id);
      this.deps.log.info({ alarms: missed.length }, 'alarms kept through a storage fault are archived');
    });
  }
}

/** The alarm's whole state (who acknowledged it is only ever set by the acknowledgement's own write). */
function storeWhole(prisma: PrismaClient, alarm: Alarm) {
  const { acknowledgedById: _kept, ...row } = toRow(alarm);
  return prisma.alarm.upsert({ where: { id: alarm.id }, create: row, update: row });
}

function raised(chairId: number, sessionId: string, breach: Breach, at: string): Alarm {
  return {
    id: randomUUID(),
    chairId,
    sessionId,
    ...breach,
    raisedAt: at,
    escalatedAt: null,
    acknowledgedAt: null,
    acknowledgedBy: null,
    silencedUntil: null,
    clearedAt: null,
  };
}

/** Apnoea is judged from the capnograph's own readings: the latest shows no breath, and the last
 * breath is that long before it. A chair gone quiet altogether is a technical alarm instead. */
function secondsWithoutBreath(watch: ChairWatch, latestEtco2: number | undefined): number | null {
  if (latestEtco2 === undefined || watch.lastEtco2At === null || watch.lastBreathAt === null) return null;
  if (latestEtco2 >= BREATH_MIN_ETCO2_MMHG) return 0;
  return (watch.lastEtco2At - watch.lastBreathAt) / 1000;
}

/** `SpO₂ 30 implausible (accepts 50–100)` when a vital is out of range, else the refusal itself. */
export function describeRefusal(refusal: Failure, body: unknown): { message: string; value: number | null } {
  const match = refusal.field ? /^(?:samples\[(\d+)\]\.)?(\w+)$/.exec(refusal.field) : null;
  const key = match?.[2] as VitalKey | undefined;
  if (key && key in VITALS) {
    const index = match?.[1];
    const sample = (index === undefined ? body : (body as { samples?: unknown[] }).samples?.[Number(index)]) as
      Record<string, unknown> | undefined;
    const value = sample?.[key];
    const { label, min, max } = VITALS[key];
    if (typeof value === 'number' && (value < min || value > max))
      return { message: `${label} ${value} implausible (accepts ${min}–${max})`, value };
  }
  return { message: `Device sent an invalid sample: ${refusal.message}`, value: null };
}
