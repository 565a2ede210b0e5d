// Staff sign-in's steps as the admin app walks them (the API's state machine, docs/adr/0046): after
// the password, the second factor (a code, a recovery code or a passkey), a new password when an
// administrator set the last one, or setting up a second factor when production mode requires it.
// Each step's answer names the next; this maps it to the page that asks for it.
import { BASE, safeReturnPath } from "./return-path.ts";

/** Where a sign-in stands after a step. */
export type Stage = "signed-in" | "second-factor" | "new-password" | "enrol";

/** The ways an account can give its second factor. */
export type Method = "authenticator-app" | "passkey" | "recovery-code";

const STAGES: readonly Stage[] = ["signed-in", "second-factor", "new-password", "enrol"];

/** The stage an API answer names (`signed-in` when it names none: an older API signed in at once). */
export function stageOf(data: unknown): Stage {
  const stage = typeof data === "object" && data !== null ? (data as { stage?: unknown }).stage : undefined;
  return STAGES.includes(stage as Stage) ? (stage as Stage) : "signed-in";
}

/** The page that asks for a stage's step, carrying where to go once signed in. */
export function stagePath(stage: Stage, returnTo: string): string {
  const back = safeReturnPath(returnTo);
  if (stage === "signed-in") return back;
  const page = { "second-factor": "second-factor", "new-password": "new-password", enrol: "set-up" }[stage];
  return `${BASE}/sign-in/${page}?${new URLSearchParams({ returnTo: back })}`;
}

/** A 303 to `location` that sets the API's cookies in the browser. */
export function seeOtherWithCookies(location: string, setCookie: readonly string[]): Response {
  const headers = new Headers({ Location: location });
  for (const cookie of setCookie) headers.append("Set-Cookie", cookie);
  return new Response(null, { status: 303, headers });
}

/** The methods an API answer lists. */
export function methodsOf(data: unknown): Method[] {
  const methods = typeof data === "object" && data !== null ? (data as { methods?: unknown }).methods : undefined;
  if (!Array.isArray(methods)) return [];
  return methods.filter((m): m is Method => m === "authenticator-app" || m === "passkey" || m === "recovery-code");
}
