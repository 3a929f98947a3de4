import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRandom, hashNormal, hashSeed, hashUniform } from './random.ts';

const draws = (seed: number, count = 50) => {
  const random = createRandom(seed);
  return Array.from({ length: count }, () => random.next());
};
const mean = (values: number[]) => values.reduce((sum, v) => sum + v, 0) / values.length;

describe('createRandom', () => {
  it('gives the same stream for the same seed and another for another seed', () => {
    fc.assert(
      fc.property(fc.nat(), fc.nat(), (a, b) => {
        expect(draws(a)).toEqual(draws(a));
        if (a !== b) expect(draws(a)).not.toEqual(draws(b));
      }),
    );
  });

  it('keeps every helper inside its bounds', () => {
    fc.assert(
      fc.property(fc.nat(), (seed) => {
        const random = createRandom(seed);
        for (let i = 0; i < 100; i++) {
          const u = random.uniform(-3, 7);
          expect(u).toBeGreaterThanOrEqual(-3);
          expect(u).toBeLessThan(7);
          const n = random.integer(1, 6);
          expect(Number.isInteger(n) && n >= 1 && n <= 6).toBe(true);
          expect(['a', 'b', 'c']).toContain(random.pick(['a', 'b', 'c']));
          expect(Number.isFinite(random.normal(0, 1))).toBe(true);
        }
      }),
    );
  });

  it('draws normal values with the asked mean and spread', () => {
    const random = createRandom(42);
    const values = Array.from({ length: 20_000 }, () => random.normal(120, 10));
    const m = mean(values);
    const sd = Math.sqrt(mean(values.map((v) => (v - m) ** 2)));
    expect(m).toBeCloseTo(120, 0);
    expect(sd).toBeGreaterThan(9.7);
    expect(sd).toBeLessThan(10.3);
  });

  it('draws chances and weighted keys in proportion', () => {
    const random = createRandom(3);
    const n = 20_000;
    const hits = Array.from({ length: n }, () => random.chance(0.2)).filter(Boolean).length;
    expect(hits / n).toBeGreaterThan(0.18);
    expect(hits / n).toBeLessThan(0.22);
    const counts = { common: 0, rare: 0, never: 0 };
    for (let i = 0; i < n; i++) counts[random.weighted({ common: 0.9, rare: 0.1, never: 0 })]++;
    expect(counts.rare / n).toBeGreaterThan(0.08);
    expect(counts.rare / n).toBeLessThan(0.12);
    expect(counts.never).toBe(0);
  });
});

describe('hashing', () => {
  it('is a pure function of its parts, sensitive to each part and to their order', () => {
    expect(hashSeed(7, 3, 1)).toBe(hashSeed(7, 3, 1));
    expect(hashSeed(7, 3, 1)).not.toBe(hashSeed(7, 3, 2));
    expect(hashSeed(7, 3, 1)).not.toBe(hashSeed(3, 7, 1));
    expect(hashNormal(1, 2)).toBe(hashNormal(1, 2));
  });

  it('spreads uniformly over [0, 1)', () => {
    const values = Array.from({ length: 20_000 }, (_, i) => hashUniform(9, i));
    expect(Math.min(...values)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...values)).toBeLessThan(1);
    expect(mean(values)).toBeCloseTo(0.5, 1);
    expect(values.filter((v) => v < 0.1).length / values.length).toBeCloseTo(0.1, 1);
  });
});
