// Notifications not sent, in staff's words: what each kind of email is, what its last error means
// and what to do about it, where it links to, and the words of the two decisions (docs/adr/0055).
import type { NotificationView } from "@openportage/api";
import { BASE } from "./return-path.ts";

/** What each kind of email is, as a heading. */
export const KIND_NAMES: Readonly<Record<NotificationView["kind"], string>> = {
  "parent-confirmation": "Confirmation of a referral to the parent or carer",
  "team-alert": "Alert to the team about a new referral",
  report: "Report sent to a professional",
  "routine-notice": "Routine notice to another service",
  "family-invitation": "Invitation to the family app",
  "family-code": "Sign-in code for the family app",
  "family-access-ended": "Family app access ended",
  "staff-password-reset": "Link to reset a staff password",
};

/** The state as a GOV.UK tag. */
export const STATE_TAGS: Readonly<Record<NotificationView["state"], { text: string; tag: string }>> = {
  failed: { text: "Not sent", tag: "govuk-tag--red" },
  stuck: { text: "Not known if sent", tag: "govuk-tag--orange" },
  "set-aside": { text: "Set aside", tag: "govuk-tag--grey" },
  queued: { text: "Queued to send again", tag: "govuk-tag--blue" },
  sending: { text: "Sending", tag: "govuk-tag--blue" },
  sent: { text: "Sent", tag: "govuk-tag--green" },
  cancelled: { text: "Cancelled", tag: "govuk-tag--grey" },
};

/**
 * The last error in words, with what usually fixes it. The API keeps only a status code or a
 * short message (never an address), so this is all there is to go on.
 */
export function errorInWords(lastError: string | null): string {
  if (!lastError) return "No error was recorded.";
  const status = /^HTTP (\d{3})$/.exec(lastError)?.[1];
  if (status === "400")
    return "GOV.UK Notify refused it (400). Usually the email address is not a valid one: check it for a typing mistake.";
  if (status === "403")
    return "GOV.UK Notify did not accept the service's key (403). Ask whoever runs the service to check the Notify settings.";
  if (status === "429") return "GOV.UK Notify asked the service to send less at once (429).";
  if (status?.startsWith("5")) return `GOV.UK Notify had a problem of its own (${status}).`;
  if (status) return `GOV.UK Notify did not accept it (${status}).`;
  // Sent, then GOV.UK Notify said it will not arrive (docs/adr/0059).
  if (lastError === "not delivered: permanent-failure")
    return "GOV.UK Notify sent it, but the email address does not exist or cannot take email: check it for a typing mistake, or ask for another address.";
  if (lastError === "not delivered: temporary-failure")
    return "GOV.UK Notify sent it, but the inbox was full or its spam filter refused it: send it again later, or ask for another address.";
  if (lastError === "not delivered: technical-failure")
    return "GOV.UK Notify could not send it because of a problem of its own: send it again.";
  if (lastError === "interrupted") return "The service stopped while it was sending it.";
  if (lastError === "no answer from the email service") return "GOV.UK Notify did not answer in time.";
  return `The last error: ${lastError.replace(/\.?$/, ".")}`;
}

/** What the notification is about: the words, and a link for those who may open it. */
export function aboutLink(
  notification: Pick<NotificationView, "about" | "kind">,
): { text: string; href: string | null } | null {
  const about = notification.about;
  if (!about) return null;
  const text = about.childName
    ? `${about.childName}${about.reference ? ` (${about.reference})` : ""}`
    : (about.reference ?? "A child's record");
  // Only coordinators are given the child's name, and only they may open the record.
  if (!about.childName) return { text, href: null };
  if (about.referralId && ["parent-confirmation", "team-alert"].includes(notification.kind))
    return { text, href: `${BASE}/referrals/${about.referralId}` };
  if (about.childId)
    return {
      text,
      href: ["report", "routine-notice"].includes(notification.kind)
        ? `${BASE}/cases/${about.childId}/sharing`
        : `${BASE}/cases/${about.childId}`,
    };
  return { text, href: about.referralId ? `${BASE}/referrals/${about.referralId}` : null };
}

/** The two decisions, as the path segment, the button and the banner after it. */
export const DECISIONS = {
  "send-again": {
    heading: "Send this email again?",
    button: "Send it again",
    done: "The email will be sent again within a minute.",
  },
  "set-aside": {
    heading: "Set this email aside?",
    button: "Set it aside",
    done: "The email has been set aside. It will not be sent.",
  },
} as const;

export type Decision = keyof typeof DECISIONS;

/** Whether a path segment names a decision. */
export function isDecision(value: string | undefined): value is Decision {
  return value === "send-again" || value === "set-aside";
}

/** What sending again will do, for the confirmation page. */
export function sendAgainInWords(notification: Pick<NotificationView, "kind" | "addressChanged">): string {
  if (notification.kind === "parent-confirmation")
    return notification.addressChanged
      ? "It will go to the email address on the referral now, which has been changed since it failed."
      : "It will go to the email address on the referral. If that address is wrong, correct it on the referral first.";
  if (notification.kind === "team-alert") return "It will go to the team's email address as it is set now.";
  if (notification.kind === "report" || notification.kind === "routine-notice")
    return "It will go to the same address. The family's consent is checked again just before it leaves.";
  return "It will go to the same address.";
}
