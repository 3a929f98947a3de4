import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { ALARM_RULES, DEFAULT_ALARM_PROFILE, PARAMETER_LABEL, PRIORITY_MARKER, RULE_IDS, type RuleId } from '../contract/alarms.ts';

/** How docs/alarms.md states a rule's condition with its default limit. */
function condition(id: RuleId): string {
  const { comparison, limit } = ALARM_RULES[id];
  switch (comparison) {
    case 'at-or-above':
      return `≥ ${limit}`;
    case 'above':
      return `> ${limit}`;
    case 'at-or-below':
      return `≤ ${limit}`;
    case 'below':
      return `< ${limit}`;
    case 'rise':
      return `≥ baseline + ${limit}`;
    case 'drop':
      return `≤ pre-dose − ${limit}`;
    case 'no-breath-for':
      return `no CO₂ breath for ${limit} s`;
  }
}

it('docs/alarms.md shows the rule table as the server evaluates it', () => {
  const doc = readFileSync(new URL('../../../docs/alarms.md', import.meta.url), 'utf8');
  const rows = RULE_IDS.map((id) => {
    const { parameter, priority, range } = ALARM_RULES[id];
    return `| \`${id}\` | ${PARAMETER_LABEL[parameter]} | ${PRIORITY_MARKER[priority]} ${priority} | ${condition(id)} | ${range[0]}–${range[1]} |`;
  });
  for (const row of rows) expect(doc).toContain(row);
  // Rule ids have a hyphen; the technical conditions' table below does not.
  expect(doc.split('\n').filter((line) => /^\| `[a-z0-9]+-[a-z0-9-]+` \|/.test(line))).toHaveLength(rows.length);
  expect(doc).toContain(`no data for ${DEFAULT_ALARM_PROFILE.staleS} s`);
  expect(doc).toContain(`silence of ${DEFAULT_ALARM_PROFILE.silenceS} s`);
});
