import type { IngestToken, TokenKind } from '../contract/auth.ts';
import type { PrismaClient } from '../generated/prisma/client.ts';
import { hashSecret, newSecret } from './secrets.ts';

export interface Machine {
  tokenId: string | null; // null: the token from the environment
  name: string;
  kind: TokenKind;
}

type Row = Awaited<ReturnType<PrismaClient['ingestToken']['findUniqueOrThrow']>>;

export function toIngestToken(row: Row): IngestToken {
  return {
    id: row.id,
    name: row.name,
    kind: row.kind as TokenKind,
    createdAt: row.createdAt.toISOString(),
    createdBy: row.createdBy,
    revokedAt: row.revokedAt?.toISOString() ?? null,
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
  };
}

/** How often a token's last-used time is written back. */
const PERSIST_LAST_USED_MS = 60_000;

/**
 * Machine credentials. Tokens made by an admin live in the archive (hash only) and can be revoked;
 * `CHAIRSIDE_INGEST_TOKEN`, when set, is one more token that lives in the environment (change the
 * variable to revoke it). Lookups are cached: a monitor sends every few seconds.
 */
export class IngestTokens {
  readonly #prisma: PrismaClient;
  readonly #environment: { hash: string; machine: Machine } | null;
  readonly #cache = new Map<string, { machine: Machine; lastUsedPersisted: number } | null>();

  constructor(prisma: PrismaClient, environmentToken: { secret: string; kind: TokenKind } | null) {
    this.#prisma = prisma;
    this.#environment = environmentToken && {
      hash: hashSecret(environmentToken.secret),
      machine: { tokenId: null, name: 'CHAIRSIDE_INGEST_TOKEN', kind: environmentToken.kind },
    };
  }

  async resolve(secret: string, now = Date.now()): Promise<Machine | null> {
    const hash = hashSecret(secret);
    if (this.#environment && hash === this.#environment.hash) return this.#environment.machine;
    let entry = this.#cache.get(hash);
    if (entry === undefined) {
      const row = await this.#prisma.ingestToken.findUnique({ where: { secretHash: hash } });
      // An unknown secret is not cached: anyone can send one, and the cache would grow without bound.
      if (!row) return null;
      entry = row.revokedAt ? null : { machine: { tokenId: row.id, name: row.name, kind: row.kind as TokenKind }, lastUsedPersisted: 0 };
      this.#cache.set(hash, entry);
    }
    if (!entry) return null;
    if (now - entry.lastUsedPersisted > PERSIST_LAST_USED_MS) {
      entry.lastUsedPersisted = now;
      // Bookkeeping: when it cannot be stored (a full disk), the device's samples must still be taken.
      await this.#prisma.ingestToken.update({ where: { id: entry.machine.tokenId! }, data: { lastUsedAt: new Date(now) } }).catch(() => {});
    }
    return entry.machine;
  }

  async create(name: string, kind: TokenKind, by: { id: string | null; name: string }) {
    const { secret, hash } = newSecret();
    const row = await this.#prisma.ingestToken.create({
      data: { name, kind, secretHash: hash, createdAt: new Date(), createdById: by.id, createdBy: by.name },
    });
    return { token: toIngestToken(row), secret };
  }

  async revoke(id: string): Promise<IngestToken | null> {
    const row = await this.#prisma.ingestToken.findUnique({ where: { id } });
    if (!row) return null;
    const revoked = row.revokedAt ? row : await this.#prisma.ingestToken.update({ where: { id }, data: { revokedAt: new Date() } });
    this.#cache.set(row.secretHash, null);
    return toIngestToken(revoked);
  }

  async list(): Promise<IngestToken[]> {
    return (await this.#prisma.ingestToken.findMany({ orderBy: { createdAt: 'desc' } })).map(toIngestToken);
  }
}
