// Several API processes serving one port (API_PROCESSES > 1, docs/adr/0053): the primary of a
// node:cluster forks the workers, which share the listening socket and the database; everything
// they share (sessions, throttles, rate limits, idempotency keys, the outbox's claims) is in the
// database. The primary serves nothing itself: it restarts a worker that dies (waiting longer
// after each quick death), says once that the service is up, replaces the workers one at a time
// on SIGHUP (a new release, without a moment unanswered), and stops every worker on
// SIGTERM/SIGINT, saying once that it has stopped.
import cluster, { type Worker } from "node:cluster";
import type { Logger } from "./lib/logger.js";

/** Where a worker listens, as the cluster reports it. */
export interface ListeningAddress {
  readonly address: string;
  readonly port: number;
}

/** How long the primary waits before starting a worker again after one dies. */
export interface RestartBackoff {
  /** After a first quick death. */
  readonly firstMs: number;
  /** Never longer than this. */
  readonly maxMs: number;
  /** A worker that ran this long was healthy: the next restart waits `firstMs` again. */
  readonly healthyAfterMs: number;
}

export const DEFAULT_BACKOFF: RestartBackoff = { firstMs: 500, maxMs: 30_000, healthyAfterMs: 60_000 };

/** How long the workers have to finish before the primary ends them. */
const STOP_GRACE_MS = 15_000;

/** What the primary needs. */
export interface ClusterOptions {
  readonly processes: number;
  readonly logger: Logger;
  /** Called once, when every worker first listens: prints the first line and the banner. */
  readonly onReady: (address: ListeningAddress) => void;
  /** Writes to the terminal (standard output). */
  readonly write: (text: string) => void;
  readonly backoff?: RestartBackoff;
}

/** The environment variable that tells a worker which slot it fills (1 to N), for its logs. */
export const WORKER_SLOT = "OPENPORTAGE_WORKER_SLOT";

/** The message that asks a worker to stop gracefully (server.ts listens for it). */
export const STOP_MESSAGE = { openportage: "stop" } as const;

/**
 * Stops a worker gracefully: first takes it out of the cluster's round of new connections
 * (`disconnect()` does that at once, in the primary), so none is handed to it while it stops and
 * lost with it, then asks it to finish what it has and exit. A worker no longer connected is
 * sent SIGTERM.
 */
function retire(worker: Worker): void {
  if (!worker.isConnected()) {
    worker.process.kill("SIGTERM");
    return;
  }
  worker.send(STOP_MESSAGE);
  worker.disconnect();
}

/**
 * Runs the cluster's primary: forks `processes` workers of this same script (each one the whole
 * API server, without the first run's seed and checks, which the primary has done; each applies
 * any migration a new release brings) and keeps that many running until told to stop. Resolves with the exit status once all have stopped.
 */
export function runPrimary(options: ClusterOptions): Promise<number> {
  const { processes, logger, write } = options;
  const backoff = options.backoff ?? DEFAULT_BACKOFF;
  let stopping = false;
  let failed = false;
  let ready = false;
  let stoppedBy: NodeJS.Signals | undefined;
  const listening = new Set<number>();
  /** Each slot's worker (undefined while it waits to be started again), and its back-off. */
  const slots = new Map<
    number,
    { worker: Worker | undefined; startedAt: number; delayMs: number; timer?: NodeJS.Timeout | undefined }
  >();
  /** Workers outside the slots while one is replaced: the new one starting, the old one stopping. */
  const changing = new Set<Worker>();
  let replacing = false;
  let finish: (status: number) => void = () => undefined;
  const done = new Promise<number>((resolve) => {
    finish = resolve;
  });
  const finishIfAllStopped = () => {
    if (![...slots.values()].some((s) => s.worker !== undefined) && changing.size === 0) finish(failed ? 1 : 0);
  };

  /** Starts a worker for `slot`; it takes the slot now, or (a replacement) once it listens. */
  const fork = (slot: number, delayMs: number, replacement?: (worker: Worker) => void) => {
    const worker = cluster.fork({ [WORKER_SLOT]: String(slot) });
    if (replacement) {
      changing.add(worker);
      worker.once("exit", () => {
        changing.delete(worker);
        if (stopping) finishIfAllStopped();
      });
    } else slots.set(slot, { worker, startedAt: Date.now(), delayMs });
    worker.on("listening", (address: ListeningAddress) => {
      listening.add(slot);
      if (!ready && listening.size === processes) {
        ready = true;
        options.onReady(address);
      }
      replacement?.(worker);
    });
    worker.on("exit", (code, signal) => {
      const held = slots.get(slot);
      if (held?.worker !== worker) return;
      listening.delete(slot);
      held.worker = undefined;
      if (stopping) {
        finishIfAllStopped();
        return;
      }
      // Before the service has ever answered, a death is a broken start (the port is taken, say):
      // starting it again would only repeat it.
      if (!ready) {
        logger.error("an API process failed to start; stopping the others", { slot, code, signal });
        failed = true;
        stop("SIGTERM");
        return;
      }
      const ranMs = Date.now() - held.startedAt;
      const wait = ranMs >= backoff.healthyAfterMs ? backoff.firstMs : Math.min(backoff.maxMs, held.delayMs * 2);
      logger.warn("an API process stopped; starting another", {
        slot,
        pid: worker.process.pid,
        code,
        signal,
        ranMs,
        restartInMs: wait,
      });
      held.delayMs = wait;
      held.timer = setTimeout(() => {
        held.timer = undefined;
        if (!stopping) fork(slot, wait);
      }, wait);
    });
    return worker;
  };

  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    stoppedBy = signal;
    logger.info("shutting down", { signal });
    // A person pressed Ctrl+C: say so once, here (the workers stop quietly).
    if (signal === "SIGINT") write("\nStopping Open Portage...\n");
    for (const held of slots.values()) {
      if (held.timer) clearTimeout(held.timer);
      if (held.worker) retire(held.worker);
    }
    for (const worker of changing) retire(worker);
    const force = setTimeout(() => {
      for (const held of slots.values()) held.worker?.process.kill("SIGKILL");
      for (const worker of changing) worker.process.kill("SIGKILL");
      failed = true;
      finish(1);
    }, STOP_GRACE_MS);
    force.unref();
    finishIfAllStopped();
  };

  /**
   * Replaces every worker, one slot at a time, with a new one running the code on disk now (after
   * a build): the old one is stopped (gracefully) only once its successor listens, so the port
   * never goes unanswered. A successor that fails to start ends the round; the old ones carry on.
   */
  const replaceAll = async () => {
    if (stopping || replacing || !ready) return;
    replacing = true;
    logger.info("replacing the API processes one at a time", { processes });
    try {
      for (const [slot, held] of [...slots]) {
        if (stopping) return;
        const old = held.worker;
        // A slot waiting to start again after a crash is filled by this new worker instead.
        if (held.timer) clearTimeout(held.timer);
        held.timer = undefined;
        const fresh = await new Promise<Worker | undefined>((resolve) => {
          const starting = fork(slot, backoff.firstMs / 2, (worker) => resolve(worker));
          starting.once("exit", () => resolve(undefined));
        });
        if (!fresh) {
          if (stopping) return;
          logger.error("a new API process failed to start; the running ones carry on", { slot });
          // A slot that was waiting to start again gets its worker the usual way, with its back-off.
          if (!old) fork(slot, Math.min(backoff.maxMs, held.delayMs * 2));
          return;
        }
        changing.delete(fresh);
        slots.set(slot, { worker: fresh, startedAt: Date.now(), delayMs: backoff.firstMs / 2 });
        if (stopping) retire(fresh);
        if (old && !old.isDead()) {
          changing.add(old);
          const gone = new Promise((resolve) => old.once("exit", resolve));
          retire(old);
          await gone;
          changing.delete(old);
          if (stopping) finishIfAllStopped();
        }
      }
      logger.info("every API process replaced", { processes });
    } finally {
      replacing = false;
    }
  };

  process.on("SIGTERM", () => stop("SIGTERM"));
  process.on("SIGINT", () => stop("SIGINT"));
  process.on("SIGHUP", () => void replaceAll());

  for (let slot = 1; slot <= processes; slot++) fork(slot, backoff.firstMs / 2);
  return done.then((status) => {
    if (stoppedBy === "SIGINT" && status === 0) write("Open Portage has stopped.\n");
    return status;
  });
}
