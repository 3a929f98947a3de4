import { describe, expect, it } from 'vitest';
import type { News2 } from '../../../server/src/clinical/news2.ts';
import { news2Summary } from './news2-text.ts';

const score = (total: number, band: News2['band'], missing: News2['missing'] = []): News2 => ({ total, band, points: {}, missing });

describe('news2Summary', () => {
  it.each<[News2, string]>([
    [score(0, 'none'), 'NEWS2 0 · none'],
    [score(5, 'medium'), 'NEWS2 5 · medium'],
    [score(3, 'low-medium'), 'NEWS2 3 · low-medium'],
    [score(3, 'low', ['tempC']), 'NEWS2 ≥3 (no temp)'],
    [score(0, 'none', ['consciousness', 'tempC']), 'NEWS2 ≥0 (no MOAA/S, temp)'],
    [score(6, 'medium', ['tempC']), 'NEWS2 ≥6 · medium (no temp)'],
    [score(3, 'low-medium', ['rr']), 'NEWS2 ≥3 · low-medium (no RR)'],
    [score(0, 'none', ['rr', 'spo2', 'sbp', 'hr', 'tempC']), 'NEWS2 ≥0 (5 missing)'],
  ])('%o reads %s', (news2, text) => expect(news2Summary(news2)).toBe(text));
});
