import { randomBytes } from 'node:crypto';
import proxyAddr from '@fastify/proxy-addr';
import { PASSWORD_RULES, TOKEN_KINDS, type TokenKind } from './contract/auth.ts';
import { DEFAULT_DATABASE_URL } from './db/database-url.ts';

export interface Config {
  port: number;
  host: string;
  databaseUrl: string;
  /** Demo mode: demo accounts, and the built-in simulator drives the chairs. */
  demo: boolean;
  /** A machine token from the environment (more are made by an admin); null when unset. */
  ingestToken: { secret: string; kind: TokenKind; generated: boolean } | null;
  chairCount: number;
  idleTimeoutMin: number;
  /** First start outside demo mode: the password of the `admin` account created then. */
  adminPassword: string | null;
  /** Demo mode: the password of the demo accounts (printed at start when generated). */
  demoPassword: { value: string; generated: boolean };
  /** The reverse proxies (addresses, CIDR ranges or `loopback`) whose X-Forwarded-For and
   * X-Forwarded-Proto are believed; none by default. */
  trustProxy: string[];
}

const flag = (value: string | undefined) => value !== undefined && ['1', 'true', 'yes', 'on'].includes(value.toLowerCase());
const secret = () => randomBytes(24).toString('base64url');

function integer(name: string, value: string | undefined, fallback: number, min: number, max: number): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) throw new Error(`${name} must be an integer from ${min} to ${max}, got "${value}"`);
  return n;
}

/** `10.0.0.5, 10.1.0.0/16` → the list, each checked (an address Chairside would silently never
 * match leaves the proxy's own address on every record). */
export function trustedProxies(value: string | undefined): string[] {
  const list = (value ?? '').split(',').map((entry) => entry.trim()).filter(Boolean);
  for (const entry of list) {
    try {
      proxyAddr.compile(entry);
    } catch {
      throw new Error(`CHAIRSIDE_TRUST_PROXY: "${entry}" is not an IP address, a CIDR range or loopback/linklocal/uniquelocal`);
    }
  }
  return list;
}

/** Reads the configuration from the environment (documented in the README). */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const demo = flag(env.CHAIRSIDE_DEMO);
  const kind = (env.CHAIRSIDE_INGEST_TOKEN_KIND || (demo ? 'simulator' : 'monitor')) as TokenKind;
  if (!TOKEN_KINDS.includes(kind)) throw new Error(`CHAIRSIDE_INGEST_TOKEN_KIND must be ${TOKEN_KINDS.join(' or ')}, got "${kind}"`);
  // The demo drives its chairs with the simulator, which needs a token; elsewhere an admin makes tokens.
  const ingestToken = env.CHAIRSIDE_INGEST_TOKEN
    ? { secret: env.CHAIRSIDE_INGEST_TOKEN, kind, generated: false }
    : demo
      ? { secret: secret(), kind, generated: true }
      : null;
  const adminPassword = env.CHAIRSIDE_ADMIN_PASSWORD || null;
  if (adminPassword && adminPassword.length < PASSWORD_RULES.minLength) {
    throw new Error(`CHAIRSIDE_ADMIN_PASSWORD must have at least ${PASSWORD_RULES.minLength} characters`);
  }
  return {
    port: integer('PORT', env.PORT, 3000, 0, 65535),
    host: env.HOST || '127.0.0.1',
    databaseUrl: env.DATABASE_URL || DEFAULT_DATABASE_URL,
    demo,
    ingestToken,
    // The demo simulates every chair but the last, which is left free for running an infusion by hand.
    chairCount: integer('CHAIRSIDE_CHAIRS', env.CHAIRSIDE_CHAIRS, demo ? 9 : 8, demo ? 2 : 1, 5000),
    idleTimeoutMin: integer('CHAIRSIDE_IDLE_TIMEOUT_MIN', env.CHAIRSIDE_IDLE_TIMEOUT_MIN, 15, 1, 24 * 60),
    adminPassword,
    trustProxy: trustedProxies(env.CHAIRSIDE_TRUST_PROXY),
    demoPassword: env.CHAIRSIDE_DEMO_PASSWORD ? { value: env.CHAIRSIDE_DEMO_PASSWORD, generated: false } : { value: secret().slice(0, 12), generated: true },
  };
}
