import type Database from 'better-sqlite3';
import { VITAL_KEYS, type SampleSource, type TrendColumns, type VitalKey, type VitalSample } from '../contract/vitals.ts';

/** A sample ready for the archive: validated, assigned to its session, times parsed. */
export interface ArchiveRow {
  clientId: string;
  chairId: number;
  sessionId: string | null;
  recordedAt: number; // Unix ms, UTC
  receivedAt: number;
  source: SampleSource;
  enteredBy: string | null;
  values: Partial<Record<(typeof VITAL_KEYS)[number], number>>;
}

/** Rows one transaction takes at most; more wait for the next flush. */
export const MAX_ROWS_PER_COMMIT = 2_000;

interface Pending {
  rows: ArchiveRow[];
  resolve: (samples: VitalSample[]) => void;
  reject: (error: Error) => void;
}

const COLUMNS = ['clientId', 'chairId', 'sessionId', 'recordedAt', 'receivedAt', 'source', 'enteredBy', ...VITAL_KEYS];

/**
 * The vitals write path: group commit. Writes that arrive while the event loop is busy are
 * committed together in one transaction at the next turn (one fsync for many samples under
 * load, no added delay when idle); each writer's promise resolves only after its rows are
 * committed (synchronous=FULL), so an acknowledged sample survives a crash or power loss.
 * A repeated (chairId, clientId) is not stored again: the original row is returned.
 *
 * It runs on Prisma's own connection, between Prisma's statements; a flush that finds a Prisma
 * transaction open waits for the next turn.
 */
export class VitalsArchive {
  #queue: Pending[] = [];
  #scheduled = false;
  #closed = false;
  readonly #insert: Database.Statement;
  /** The insert's parameters, one row at a time (COLUMNS order). */
  readonly #values: (string | number | null)[] = new Array(COLUMNS.length);
  readonly #findExisting: Database.Statement;
  readonly #sessionSamples: Database.Statement;
  readonly #sessionTrend: Database.Statement;
  readonly #db: Database.Database;
  readonly #onCommitted: (samples: VitalSample[]) => void;

  /** `onCommitted` sees the newly stored samples of each commit (not the repeats), before any
   * writer is answered: the live board and broadcast follow the archive, never lead it. */
  constructor(db: Database.Database, onCommitted: (samples: VitalSample[]) => void) {
    this.#db = db;
    this.#onCommitted = onCommitted;
    this.#insert = db
      .prepare(
        `INSERT INTO VitalSample (${COLUMNS.join(', ')}) VALUES (${COLUMNS.map(() => '?').join(', ')})
         ON CONFLICT (chairId, clientId) DO NOTHING`,
      )
      .safeIntegers(false);
    this.#findExisting = db.prepare('SELECT * FROM VitalSample WHERE chairId = ? AND clientId = ?').safeIntegers(false);
    this.#sessionSamples = db.prepare('SELECT * FROM VitalSample WHERE sessionId = ? AND seq > ? ORDER BY seq LIMIT ?').safeIntegers(false);
    this.#sessionTrend = db
      .prepare(`SELECT seq, recordedAt, ${VITAL_KEYS.join(', ')} FROM VitalSample WHERE sessionId = ? AND seq > ? ORDER BY seq LIMIT ?`)
      .raw()
      .safeIntegers(false);
  }

  /** A session's samples in archive order after `since` (a seq). Read here rather than through
   * Prisma: a whole session is thousands of rows, and a review reads it at once. */
  readSession(sessionId: string, since: number, limit: number): VitalSample[] {
    return (this.#sessionSamples.all(sessionId, since, limit) as StoredRow[]).map(fromRow);
  }

  /** The same samples as columns, for drawing: no ids, times as Unix ms. */
  readTrend(sessionId: string, since: number, limit: number): TrendColumns {
    const columns: TrendColumns = { seq: [], recordedAt: [], hr: [], sbp: [], dbp: [], map: [], spo2: [], rr: [], etco2: [], tempC: [] };
    const names = ['seq', 'recordedAt', ...VITAL_KEYS] as const;
    for (const row of this.#sessionTrend.iterate(sessionId, since, limit) as Iterable<(number | null)[]>) {
      for (let i = 0; i < names.length; i++) (columns[names[i]] as (number | null)[]).push(row[i]);
    }
    return columns;
  }

  write(rows: ArchiveRow[]): Promise<VitalSample[]> {
    if (this.#closed) return Promise.reject(new Error('archive is closed'));
    return new Promise((resolve, reject) => {
      this.#queue.push({ rows, resolve, reject });
      this.#schedule();
    });
  }

  /** Commits whatever is queued, then refuses new writes. */
  async close(): Promise<void> {
    while (this.#queue.length > 0) {
      this.#flush();
      if (this.#queue.length > 0) await new Promise((r) => setImmediate(r));
    }
    this.#closed = true;
  }

  #schedule() {
    if (this.#scheduled) return;
    this.#scheduled = true;
    setImmediate(() => {
      this.#scheduled = false;
      this.#flush();
      if (this.#queue.length > 0) this.#schedule();
    });
  }

  #flush() {
    if (this.#queue.length === 0 || this.#db.inTransaction) return;
    const batch: Pending[] = [];
    let rowCount = 0;
    while (this.#queue.length > 0 && (batch.length === 0 || rowCount + this.#queue[0].rows.length <= MAX_ROWS_PER_COMMIT)) {
      const next = this.#queue.shift()!;
      batch.push(next);
      rowCount += next.rows.length;
    }
    try {
      this.#commit(batch);
    } catch (error) {
      // One writer's bad row must not fail the others that shared its transaction.
      if (batch.length === 1) return batch[0].reject(error as Error);
      for (const pending of batch) {
        try {
          this.#commit([pending]);
        } catch (own) {
          pending.reject(own as Error);
        }
      }
    }
  }

  /** One transaction; then the live board hears of the new rows, then the writers are answered. */
  #commit(batch: Pending[]) {
    const { samples, fresh } = this.#db.transaction(() => this.#insertAll(batch))();
    if (fresh.length > 0) this.#onCommitted(fresh);
    let offset = 0;
    for (const pending of batch) {
      pending.resolve(samples.slice(offset, offset + pending.rows.length));
      offset += pending.rows.length;
    }
  }

  #insertAll(batch: Pending[]) {
    const samples: VitalSample[] = [];
    const fresh: VitalSample[] = [];
    const values = this.#values;
    for (const { rows } of batch) {
      for (const row of rows) {
        values[0] = row.clientId;
        values[1] = row.chairId;
        values[2] = row.sessionId;
        values[3] = row.recordedAt;
        values[4] = row.receivedAt;
        values[5] = row.source;
        values[6] = row.enteredBy;
        for (let i = 0; i < VITAL_KEYS.length; i++) values[7 + i] = row.values[VITAL_KEYS[i]] ?? null;
        const { changes, lastInsertRowid } = this.#insert.run(values);
        if (changes === 1) {
          const sample = toSample(lastInsertRowid as number, row, row.values);
          samples.push(sample);
          fresh.push(sample);
        } else {
          samples.push(fromRow(this.#findExisting.get(row.chairId, row.clientId) as StoredRow));
        }
      }
    }
    return { samples, fresh };
  }
}

type StoredRow = {
  seq: number;
  clientId: string;
  chairId: number;
  sessionId: string | null;
  recordedAt: number | Date; // Unix ms from SQL, Date from Prisma
  receivedAt: number | Date;
  source: string;
} & Partial<Record<(typeof VITAL_KEYS)[number], number | null>>;

/** A stored row (read by SQL or by Prisma; NULL for a vital not measured) as the contract's sample. */
export function fromRow(row: StoredRow): VitalSample {
  return toSample(row.seq, row, row);
}

/** The contract's sample, built as one literal: every sample the ingest stores is built here, and
 * copying the row by spread and by key, as before, took longer than inserting it. */
function toSample(
  seq: number,
  row: Pick<StoredRow, 'clientId' | 'chairId' | 'sessionId' | 'recordedAt' | 'receivedAt' | 'source'>,
  vitals: Partial<Record<VitalKey, number | null>>,
): VitalSample {
  return {
    seq,
    id: row.clientId,
    chairId: row.chairId,
    sessionId: row.sessionId,
    recordedAt: new Date(row.recordedAt).toISOString(),
    receivedAt: new Date(row.receivedAt).toISOString(),
    source: row.source as SampleSource,
    hr: vitals.hr ?? null,
    sbp: vitals.sbp ?? null,
    dbp: vitals.dbp ?? null,
    map: vitals.map ?? null,
    spo2: vitals.spo2 ?? null,
    rr: vitals.rr ?? null,
    etco2: vitals.etco2 ?? null,
    tempC: vitals.tempC ?? null,
  };
}
