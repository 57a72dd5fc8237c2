// Seeded randomness for the heuristic engine. Same seed and key, same numbers: every run is
// reproducible, and each persona (and each decision about it) draws from its own stream, so
// adding a persona or reacting in different batches never shifts anyone else's numbers.

/** 32-bit FNV-1a over a string: stable across isolates, fast enough for per-persona keys. */
export function hashString(text: string, basis = 0x811c9dc5): number {
  let hash = basis >>> 0;
  for (let i = 0; i < text.length; i += 1) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Integer in [0, n). */
  int(n: number): number;
  /** One element of a non-empty list. */
  pick<T>(items: readonly T[]): T;
  /** Roughly normal noise with mean 0 and the given spread (sum of uniforms). */
  jitter(spread: number): number;
  chance(probability: number): boolean;
}

/**
 * A small 32-bit generator in the mulberry family: one add, two multiplies and a few
 * xor-shifts per draw. Not for secrets; good enough spread for simulated people.
 */
function generator(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let mixed = Math.imul(state ^ (state >>> 15), state | 1);
    mixed ^= mixed + Math.imul(mixed ^ (mixed >>> 7), mixed | 61);
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 4294967296;
  };
}

export function createRng(seed: number): Rng {
  const draw = generator(seed);
  const rng: Rng = {
    next: draw,
    int: (n) => Math.min(n - 1, Math.floor(draw() * n)),
    pick: (items) => {
      if (items.length === 0) throw new Error('pick from an empty list');
      return items[rng.int(items.length)]!;
    },
    // Irwin–Hall with three draws: bell-shaped, standard deviation = spread, bounded at ±3×.
    jitter: (spread) => (draw() + draw() + draw() - 1.5) * spread * 2,
    chance: (probability) => draw() < probability,
  };
  return rng;
}

/** A stream of its own for one purpose: the run's seed plus keys such as a persona id. */
export function streamFor(seed: number, ...keys: (string | number)[]): Rng {
  return createRng(hashString(keys.join('\u0001'), hashString(String(seed >>> 0))));
}

export function clamp(value: number, low = 0, high = 1): number {
  if (Number.isNaN(value)) return low;
  return Math.min(high, Math.max(low, value));
}

export function round(value: number, places = 2): number {
  const factor = 10 ** places;
  return Math.round(value * factor) / factor;
}
