// Why an invitation link does not work, told plainly with what to do next. The API says which
// (`invitation` in its 404/410 problem: unknown, expired, used or voided).
import type { Problem } from "./problem.ts";

/** The reasons the API gives (apps/api/src/routes/family-auth/contract.ts, INVITATION_PROBLEMS). */
export type InvitationProblem = "unknown" | "expired" | "used" | "voided";

/** The page for an invitation that cannot be used. */
export interface InvitationRefusal {
  readonly reason: InvitationProblem;
  readonly title: string;
  readonly paragraphs: readonly string[];
  /** Offer the sign-in page: the person may already have an account. */
  readonly offerSignIn: boolean;
}

/** What the API's problem says is wrong with the link (`unknown` when it does not say). */
export function invitationProblemOf(problem: Problem & { invitation?: unknown }): InvitationProblem {
  const reason = problem.invitation;
  return reason === "expired" || reason === "used" || reason === "voided" ? reason : "unknown";
}

/** Whether a token can be an invitation's at all (32 random bytes, base64url); others are not sent to the API. */
export function looksLikeToken(token: string): boolean {
  return /^[A-Za-z0-9_-]{20,100}$/.test(token);
}

/** The words for an invitation that cannot be used. */
export function invitationRefusal(reason: InvitationProblem): InvitationRefusal {
  switch (reason) {
    case "expired":
      return {
        reason,
        title: "This invitation has run out",
        paragraphs: [
          "Invitation links work for 14 days, and this one is too old now.",
          "Ask your home visitor to send you a new one.",
        ],
        offerSignIn: false,
      };
    case "used":
      return {
        reason,
        title: "This invitation has already been used",
        paragraphs: [
          "Each invitation link works once. If you used it to set up a passkey or to sign in, sign in again now.",
          "If it was not you who used it, tell your home visitor straight away.",
        ],
        offerSignIn: true,
      };
    case "voided":
      return {
        reason,
        title: "This invitation no longer works",
        paragraphs: [
          "A newer invitation was used, or your home visitor changed who can see your child's Portage.",
          "Sign in if you have already started. Otherwise, ask your home visitor for a new invitation.",
        ],
        offerSignIn: true,
      };
    default:
      return {
        reason: "unknown",
        title: "This link does not work",
        paragraphs: [
          "Check you used the whole link from the email or letter. If you typed it, check it is right.",
          "If it still does not work, ask your home visitor to send you a new invitation.",
        ],
        offerSignIn: false,
      };
  }
}
