import { createHash, randomBytes } from 'node:crypto';

/** A random secret for a cookie or token (256 bits) and the SHA-256 under which it is stored. */
export function newSecret(): { secret: string; hash: string } {
  const secret = randomBytes(32).toString('base64url');
  return { secret, hash: hashSecret(secret) };
}

export const hashSecret = (secret: string) => createHash('sha256').update(secret).digest('base64url');
