// Answers the API tagged (an ETag), kept for one session while the API says they are unchanged:
// the next call names the tag, and the API, after checking the session and writing its read audit
// as for any read, answers 304 without the body. Nothing is kept across sessions, nothing is used
// without the API's say-so on that very request, and nothing is kept longer than a session can idle.
import { createHash } from "node:crypto";

/** One kept answer: its tag, its data, and what pages made from it (their markup, by name). */
export interface KeptAnswer {
  readonly tag: string;
  readonly data: unknown;
  /** Markup a page made from this answer, kept with it and thrown away with it (KeptMarkup.astro). */
  readonly made: Map<string, string>;
  /** When the API last said it was current (ms since the epoch). */
  confirmedAt: number;
}

/** How much is kept. */
export interface KeptLimits {
  /** Sessions with answers kept, at most (the least recently used go first). */
  readonly sessions: number;
  /** Answers kept for one session, at most (the least recently used go first). */
  readonly answersPerSession: number;
  /** An answer the API has not confirmed for this long is dropped (the staff session's idle timeout). */
  readonly idleMs: number;
}

/** The defaults: a few pages for each of the staff working at once, for at most 30 minutes. */
export const KEPT_LIMITS: KeptLimits = { sessions: 64, answersPerSession: 4, idleMs: 30 * 60_000 };

/** Answers kept by session and by path (with its query). */
export class KeptAnswers {
  readonly #limits: KeptLimits;
  readonly #now: () => number;
  readonly #sessions = new Map<string, Map<string, KeptAnswer>>();

  constructor(limits: KeptLimits = KEPT_LIMITS, now: () => number = Date.now) {
    this.#limits = limits;
    this.#now = now;
  }

  /** The answer kept for this session and path, if any and not idle too long. */
  get(session: string, path: string): KeptAnswer | undefined {
    const answers = this.#sessions.get(session);
    const kept = answers?.get(path);
    if (!answers || !kept) return undefined;
    if (this.#now() - kept.confirmedAt > this.#limits.idleMs) {
      answers.delete(path);
      return undefined;
    }
    return kept;
  }

  /** The API confirmed the kept answer: it is current again, and the most recently used. */
  confirm(session: string, path: string, kept: KeptAnswer): void {
    kept.confirmedAt = this.#now();
    this.#put(session, path, kept);
  }

  /** Keeps a new answer (replacing the one for this path). */
  keep(session: string, path: string, tag: string, data: unknown): KeptAnswer {
    const kept: KeptAnswer = { tag, data, made: new Map(), confirmedAt: this.#now() };
    this.#put(session, path, kept);
    return kept;
  }

  /** Drops what is kept for one path of a session (the API answered without a tag, or refused). */
  drop(session: string, path: string): void {
    this.#sessions.get(session)?.delete(path);
  }

  /** Drops everything kept for a session (signing out, or the API no longer lets it in). */
  forget(session: string): void {
    this.#sessions.delete(session);
  }

  /** How many answers are kept, in all. */
  get size(): number {
    let n = 0;
    for (const answers of this.#sessions.values()) n += answers.size;
    return n;
  }

  #put(session: string, path: string, kept: KeptAnswer): void {
    // Map order is use order: delete and set again to make an entry the most recent.
    let answers = this.#sessions.get(session);
    if (answers) this.#sessions.delete(session);
    else answers = new Map();
    this.#sessions.set(session, answers);
    answers.delete(path);
    answers.set(path, kept);
    while (answers.size > this.#limits.answersPerSession) answers.delete(answers.keys().next().value as string);
    while (this.#sessions.size > this.#limits.sessions)
      this.#sessions.delete(this.#sessions.keys().next().value as string);
  }
}

/** The answers kept in this process (one admin app, many sessions). */
export const keptAnswers = new KeptAnswers();

/**
 * What identifies a browser's session for kept answers: a hash of its whole Cookie header (any
 * cookie changed, signing in again, is another session), never the cookie itself. Null without one.
 */
export function keptSessionOf(cookie: string | null | undefined): string | null {
  if (!cookie) return null;
  return createHash("sha256").update(cookie).digest("base64url");
}
