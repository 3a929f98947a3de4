import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

/** Default archive location: a file under data/ in the project (git-ignored). */
export const DEFAULT_DATABASE_URL = 'file:./data/chairside.db';

/** The SQLite file named by DATABASE_URL (`file:` URL or plain path), resolved from the working
 * directory, with its folder created. */
export function databaseFile(url = process.env.DATABASE_URL || DEFAULT_DATABASE_URL): string {
  const file = resolve(url.replace(/^file:/, ''));
  mkdirSync(dirname(file), { recursive: true });
  return file;
}
