import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { ROUTE_ACCESS, SOCKET_ACCESS } from './access.ts';

it('docs/security.md shows the access table as the server enforces it', () => {
  const doc = readFileSync(new URL('../../../docs/security.md', import.meta.url), 'utf8');
  const rows = [
    ...Object.entries(ROUTE_ACCESS).map(([route, allow]) => `| \`${route}\` | ${allow === 'public' ? 'anyone' : allow.join(', ')} |`),
    ...Object.entries(SOCKET_ACCESS).map(([event, allow]) => `| socket \`${event}\` | ${allow.join(', ')} |`),
  ];
  for (const row of rows) expect(doc).toContain(row);
  expect(doc.split('\n').filter((line) => /^\| (socket )?`/.test(line))).toHaveLength(rows.length);
});
