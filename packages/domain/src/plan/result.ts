// What the plan's functions give back: the new value, or a refusal that says why.

/** One problem found in a play plan: where it is (a dotted path such as `blocks.0.targets.1.areaId`), what is wrong, and the protocol clause it breaks, if any. */
export interface PlanProblem {
  readonly path: string;
  readonly message: string;
  /** The id of the protocol clause the problem is measured against. */
  readonly clause?: string;
}

/** Why a change was refused, in a form a program can branch on. */
export type RefusalCode =
  | "not-next-step"
  | "already-ended"
  | "agreement-missing"
  | "no-targets"
  | "targets-open"
  | "blocks-not-ready"
  | "blocks-unfinished"
  | "before-block-start"
  | "reason-required"
  | "unknown-area"
  | "invalid-plan"
  | "invalid-input"
  | "frequency-not-allowed"
  | "weekday-not-allowed"
  | "no-block";

/** A change the rules do not allow, with the reason in words for staff and, where one applies, the protocol clause. */
export interface Refusal {
  readonly ok: false;
  readonly code: RefusalCode;
  readonly reason: string;
  readonly clause?: string;
  /** Every problem found, when the refusal comes from checking a whole plan or block. */
  readonly problems?: readonly PlanProblem[];
}

/** A change the rules allow: the new value. The input is never changed. */
export interface Accepted<T> {
  readonly ok: true;
  readonly value: T;
}

/** The new value, or a refusal saying why not. */
export type Verdict<T> = Accepted<T> | Refusal;

/** Builds a refusal; optional parts are left out rather than set to `undefined`. */
export function refuse(
  code: RefusalCode,
  reason: string,
  extra: { clause?: string | undefined; problems?: readonly PlanProblem[] | undefined } = {},
): Refusal {
  return {
    ok: false,
    code,
    reason,
    ...(extra.clause === undefined ? {} : { clause: extra.clause }),
    ...(extra.problems === undefined ? {} : { problems: extra.problems }),
  };
}

/** Wraps an accepted value. */
export function accept<T>(value: T): Accepted<T> {
  return { ok: true, value };
}
