import type Database from 'better-sqlite3';
import { VITAL_KEYS, type LatestVitals } from '../contract/vitals.ts';

/** The newest value of each vital a chair has, with the time of the newest sample among them. */
export type ReadLatestVitals = (
  chairId: number,
  sessionId: string | null,
  since: number | undefined,
) => { latest: LatestVitals; lastSampleAt: string | null };

/**
 * For the board at start-up: per vital, the newest sample carrying it, of the chair's session (or,
 * for an idle chair, of its unassigned samples since `since`, Unix ms). Prepared statements on the
 * archive's connection: a restart reads this for every chair before it listens (through Prisma,
 * ~10 ms a chair). A session's reads keep to its own rows (by its index): a vital it never had
 * must not scan the chair's whole history.
 */
export function latestVitalsReader(db: Database.Database): ReadLatestVitals {
  const newest = (where: string) =>
    VITAL_KEYS.map(
      (key) =>
        [
          key,
          db
            .prepare(
              `SELECT ${key} AS value, recordedAt FROM VitalSample WHERE ${where} AND ${key} IS NOT NULL ORDER BY recordedAt DESC LIMIT 1`,
            )
            .safeIntegers(false),
        ] as const,
    );
  const ofSession = newest('sessionId = ?');
  const unassigned = newest('chairId = ? AND sessionId IS NULL AND recordedAt > ?');
  return (chairId, sessionId, since = -1) => {
    const latest: LatestVitals = {};
    let lastSampleAt: number | null = null;
    for (const [key, statement] of sessionId === null ? unassigned : ofSession) {
      const row = (sessionId === null ? statement.get(chairId, since) : statement.get(sessionId)) as
        { value: number; recordedAt: number } | undefined;
      if (!row) continue;
      latest[key] = { value: row.value, recordedAt: new Date(row.recordedAt).toISOString() };
      if (lastSampleAt === null || row.recordedAt > lastSampleAt) lastSampleAt = row.recordedAt;
    }
    return { latest, lastSampleAt: lastSampleAt === null ? null : new Date(lastSampleAt).toISOString() };
  };
}
