// Fixed-window rate limits kept in memory. One process serves the API, so memory is enough; a
// restart forgets the counts, which errs on the side of letting families through.

/** Counts hits per key in fixed windows. */
export interface RateLimiter {
  /** Records a hit; returns how many seconds to wait when over the limit, or 0 when allowed. */
  hit(key: string, now: number): number;
  /** How many hits the key has in the current window. */
  count(key: string, now: number): number;
  reset(key: string): void;
}

/** A limiter allowing `limit` hits per `windowMs` for each key. */
export function fixedWindow(limit: number, windowMs: number): RateLimiter {
  const windows = new Map<string, { start: number; count: number }>();
  let lastSweep = 0;
  const current = (key: string, now: number) => {
    const window = windows.get(key);
    return window && now - window.start < windowMs ? window : undefined;
  };
  return {
    hit(key, now) {
      if (now - lastSweep > windowMs) {
        for (const [k, w] of windows) if (now - w.start >= windowMs) windows.delete(k);
        lastSweep = now;
      }
      const window = current(key, now) ?? { start: now, count: 0 };
      window.count += 1;
      windows.set(key, window);
      return window.count > limit ? Math.ceil((window.start + windowMs - now) / 1000) : 0;
    },
    count(key, now) {
      return current(key, now)?.count ?? 0;
    },
    reset(key) {
      windows.delete(key);
    },
  };
}
