import { randomBytes, scryptSync } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { hashPassword, verifyPassword } from './passwords.ts';

// Staff passwords are stored as scrypt hashes (OWASP's minimum cost), never as text.

const PASSWORD = 'infusion-bay-7';
let stored: string;
let again: string;
beforeAll(async () => {
  // scrypt runs off the main thread: hashing (and verifying) in parallel saves test time.
  [stored, again] = await Promise.all([hashPassword(PASSWORD), hashPassword(PASSWORD)]);
});
const verifyAll = (password: string, hashes: string[]) => Promise.all(hashes.map((hash) => verifyPassword(password, hash)));

/** Replaces one character of a base64url field with another valid one. */
const flipChar = (text: string, at: number) => text.slice(0, at) + (text[at] === 'A' ? 'B' : 'A') + text.slice(at + 1);

describe('password hashes', () => {
  it('are scrypt$N$r$p$salt$hash with N = 2^17, r = 8, p = 1, a 16-byte salt and a 32-byte key, and hold no trace of the password', () => {
    const [scheme, n, r, p, salt, key, ...rest] = stored.split('$');
    expect([scheme, n, r, p]).toEqual(['scrypt', '131072', '8', '1']);
    expect(Buffer.from(salt, 'base64url')).toHaveLength(16);
    expect(Buffer.from(key, 'base64url')).toHaveLength(32);
    expect(rest).toEqual([]);
    expect(stored).toMatch(/^scrypt\$131072\$8\$1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
    expect(stored).not.toContain(PASSWORD);
  });

  it('the right password verifies; a wrong one, a one-letter slip or an empty one does not', async () => {
    const results = await Promise.all(
      [PASSWORD, 'infusion-bay-8', 'Infusion-bay-7', ''].map((password) => verifyPassword(password, stored)),
    );
    expect(results).toEqual([true, false, false, false]);
  });

  it('the same password hashed twice gives two different hashes (a random salt each time), both of which verify', async () => {
    expect(again).not.toBe(stored);
    expect(again.split('$')[4]).not.toBe(stored.split('$')[4]);
    expect(await verifyPassword(PASSWORD, again)).toBe(true);
  });

  it('a tampered hash or salt no longer verifies, nor does a malformed or foreign hash', async () => {
    const parts = stored.split('$');
    const tamperedKey = [...parts.slice(0, 5), flipChar(parts[5], 10)].join('$');
    const tamperedSalt = [...parts.slice(0, 4), flipChar(parts[4], 3), parts[5]].join('$');
    const truncatedKey = [...parts.slice(0, 5), parts[5].slice(0, 20)].join('$');
    expect(await verifyAll(PASSWORD, [tamperedKey, tamperedSalt, truncatedKey])).toEqual([false, false, false]);
    const malformed = ['', PASSWORD, 'scrypt$131072$8$1', `bcrypt$${parts.slice(1).join('$')}`, '$2b$12$abcdefghijklmnopqrstuu'];
    expect(await verifyAll(PASSWORD, malformed)).toEqual(malformed.map(() => false));
  });

  it('the cost travels with the hash: one made at another cost still verifies (so the cost can be raised later)', async () => {
    const salt = randomBytes(16);
    const cheap = [
      'scrypt',
      1024,
      8,
      1,
      salt.toString('base64url'),
      scryptSync(PASSWORD, salt, 32, { N: 1024, r: 8, p: 1 }).toString('base64url'),
    ].join('$');
    expect(await verifyPassword(PASSWORD, cheap)).toBe(true);
    expect(await verifyPassword('not-it', cheap)).toBe(false);
  });

  it('a password typed with a composed or a decomposed accent (é vs e + ◌́) is the same password', async () => {
    const composed = 'caf\u00e9-au-lait-1';
    const decomposed = 'cafe\u0301-au-lait-1';
    const hash = await hashPassword(composed);
    expect(await verifyPassword(decomposed, hash)).toBe(true);
  });
});
