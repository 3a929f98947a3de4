import { randomBytes } from 'node:crypto';
import { DEFAULT_DATABASE_URL } from './db/database-url.ts';

export interface Config {
  port: number;
  host: string;
  databaseUrl: string;
  /** Demo mode: seed demo data and drive the chairs with the built-in simulator. */
  demo: boolean;
  ingestToken: string;
  /** Whether the token was generated at start (demo) and so must be printed. */
  ingestTokenGenerated: boolean;
  chairCount: number;
}

const flag = (value: string | undefined) => value !== undefined && ['1', 'true', 'yes', 'on'].includes(value.toLowerCase());

function integer(name: string, value: string | undefined, fallback: number, min: number, max: number): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) throw new Error(`${name} must be an integer from ${min} to ${max}, got "${value}"`);
  return n;
}

/** Reads the configuration from the environment (documented in the README). */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const demo = flag(env.CHAIRSIDE_DEMO);
  let ingestToken = env.CHAIRSIDE_INGEST_TOKEN ?? '';
  let ingestTokenGenerated = false;
  if (!ingestToken) {
    if (!demo) throw new Error('CHAIRSIDE_INGEST_TOKEN must be set outside demo mode (devices authenticate with it)');
    ingestToken = randomBytes(24).toString('base64url');
    ingestTokenGenerated = true;
  }
  return {
    port: integer('PORT', env.PORT, 3000, 0, 65535),
    host: env.HOST || '127.0.0.1',
    databaseUrl: env.DATABASE_URL || DEFAULT_DATABASE_URL,
    demo,
    ingestToken,
    ingestTokenGenerated,
    chairCount: integer('CHAIRSIDE_CHAIRS', env.CHAIRSIDE_CHAIRS, 8, 1, 5000),
  };
}
