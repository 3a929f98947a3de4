/**
 * Seeded randomness for the simulators: the same seed always gives the same patients and the same
 * vitals, so a demo, a test or a benchmark can be replayed exactly. Not for anything secret.
 */

export interface Random {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform in [min, max). */
  uniform(min: number, max: number): number;
  /** Integer in [min, max], both included. */
  integer(min: number, max: number): number;
  /** Normal (Gaussian) draw, Box–Muller. */
  normal(mean: number, sd: number): number;
  /** True with the given probability. */
  chance(probability: number): boolean;
  pick<T>(items: readonly T[]): T;
  /** A key drawn in proportion to its weight. */
  weighted<K extends string>(weights: Readonly<Record<K, number>>): K;
}

/** mulberry32: a 32-bit state PRNG, small and fast, with a full 2³² period. */
export function createRandom(seed: number): Random {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
  const random: Random = {
    next,
    uniform: (min, max) => min + (max - min) * next(),
    integer: (min, max) => min + Math.floor((max - min + 1) * next()),
    normal: (mean, sd) => mean + sd * boxMuller(next(), next()),
    chance: (probability) => next() < probability,
    pick: (items) => items[Math.floor(items.length * next())],
    weighted: (weights) => {
      const entries = Object.entries(weights) as [keyof typeof weights, number][];
      let remaining = next() * entries.reduce((sum, [, weight]) => sum + weight, 0);
      for (const [key, weight] of entries) {
        remaining -= weight;
        if (remaining < 0) return key;
      }
      return entries[entries.length - 1][0];
    },
  };
  return random;
}

/** A standard normal value from two uniforms in [0, 1). */
function boxMuller(u1: number, u2: number): number {
  return Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2);
}

/** murmur3's 32-bit finaliser: every input bit affects every output bit. */
function mix32(x: number): number {
  x ^= x >>> 16;
  x = Math.imul(x, 0x85ebca6b);
  x ^= x >>> 13;
  x = Math.imul(x, 0xc2b2ae35);
  x ^= x >>> 16;
  return x >>> 0;
}

/**
 * Hashes 32-bit integers into one seed. Used to give each chair and visit its own independent
 * stream, and for noise that is a pure function of (seed, channel, time) rather than of how many
 * draws came before it.
 */
export function hashSeed(...parts: number[]): number {
  let hash = 0x9e3779b9;
  for (const part of parts) hash = mix32((Math.imul(hash, 31) + mix32(part >>> 0)) >>> 0);
  return hash;
}

/** Uniform in [0, 1), a pure function of its parts. */
export function hashUniform(...parts: number[]): number {
  return hashSeed(...parts) / 2 ** 32;
}

/** Standard normal, a pure function of its parts. */
export function hashNormal(...parts: number[]): number {
  return boxMuller(hashUniform(...parts, 1), hashUniform(...parts, 2));
}
