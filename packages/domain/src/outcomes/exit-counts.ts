// How many children left the service, and why: the reasons as the protocol lists them.
import type { IsoDate } from "../dates/date-only.js";
import type { Protocol } from "../protocol/schema.js";

/** A child's exit as the figures need it. */
export interface ExitRecord {
  readonly childId: string;
  readonly reasonId: string;
  readonly exitedOn: IsoDate;
}

/** Options for {@link exitsByReason}. */
export interface ExitsByReasonOptions {
  /** Only count exits on or after this day (the start of a reporting year, say). */
  readonly since?: IsoDate;
}

/** Children who left for one reason. */
export interface ExitReasonCount {
  readonly reasonId: string;
  /** The reason's name from the protocol; absent for a reason it does not list. */
  readonly name?: string;
  /** False for a reason the protocol does not list (an old reason, or a typing mistake to correct). */
  readonly listed: boolean;
  /** Children who left for this reason (a child counts once per reason). */
  readonly children: number;
}

/** Children by exit reason on `asOf`. */
export interface ExitsByReason {
  readonly asOf: IsoDate;
  /** Exit records counted. */
  readonly exits: number;
  /** Different children among them. */
  readonly children: number;
  /** Every reason the protocol lists, in its order (with 0 where none left for it), then any others. */
  readonly byReason: readonly ExitReasonCount[];
}

/** Children who left the service by `asOf` (and on or after `options.since`), by exit reason. */
export function exitsByReason(
  exits: readonly ExitRecord[],
  asOf: IsoDate,
  protocol: Pick<Protocol, "exits">,
  options: ExitsByReasonOptions = {},
): ExitsByReason {
  const since = options.since;
  const counted = exits.filter((e) => e.exitedOn <= asOf && (since === undefined || e.exitedOn >= since));
  const childrenFor = (reasonId: string) =>
    new Set(counted.filter((e) => e.reasonId === reasonId).map((e) => e.childId)).size;
  const listedIds = protocol.exits.reasons.map((r) => r.id);
  const others = [...new Set(counted.map((e) => e.reasonId))].filter((id) => !listedIds.includes(id));
  return {
    asOf,
    exits: counted.length,
    children: new Set(counted.map((e) => e.childId)).size,
    byReason: [
      ...protocol.exits.reasons.map((r) => ({
        reasonId: r.id,
        name: r.name,
        listed: true,
        children: childrenFor(r.id),
      })),
      ...others.map((reasonId) => ({ reasonId, listed: false, children: childrenFor(reasonId) })),
    ],
  };
}
