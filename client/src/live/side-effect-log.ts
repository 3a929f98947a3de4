import type { Observation } from '../../../server/src/contract/observations.ts';

/** Every version of every side-effect entry of one chair's current session, held while its chair
 * page is open. A version never changes, except that a correction marks the one it replaces. */
export interface SideEffectLog {
  /** The session these entries belong to; null when the chair has no active session. */
  readonly sessionId: string | null;
  readonly versions: ReadonlyMap<string, Observation>;
}

export function emptyLog(sessionId: string | null): SideEffectLog {
  return { sessionId, versions: new Map() };
}

/** A session change starts a new, empty log; the same session keeps the log as it is. */
export function logForSession(log: SideEffectLog | undefined, sessionId: string | null): SideEffectLog {
  return log && log.sessionId === sessionId ? log : emptyLog(sessionId);
}

/**
 * Adds versions to the log, from a read, a broadcast or the server's reply, in any order and any
 * number of times: versions of another session are ignored, and a version known as replaced stays
 * replaced (a correction marks the version it amends, whichever of the two arrives first). Returns the same log when nothing
 * changed.
 */
export function mergeObservations(log: SideEffectLog, incoming: readonly Observation[]): SideEffectLog {
  let versions: Map<string, Observation> | undefined;
  const held = (id: string) => (versions ?? log.versions).get(id);
  const put = (observation: Observation) => {
    versions ??= new Map(log.versions);
    versions.set(observation.id, observation);
  };
  const amenderOf = (id: string) => [...(versions ?? log.versions).values()].find((version) => version.amendsId === id)?.id;
  for (const observation of incoming) {
    if (observation.sessionId !== log.sessionId) continue;
    const known = held(observation.id);
    const supersededById = observation.supersededById ?? known?.supersededById ?? amenderOf(observation.id) ?? null;
    if (!known || known.supersededById !== supersededById) put({ ...observation, supersededById });
    const amended = observation.amendsId === null ? undefined : held(observation.amendsId);
    if (amended && amended.supersededById === null) put({ ...amended, supersededById: observation.id });
  }
  return versions ? { sessionId: log.sessionId, versions } : log;
}
