// What the passkey button says when setting up or using a passkey did not work, in plain words,
// always with the other way forward (the emailed code, or carrying on without a passkey). The
// browser script (src/scripts/passkey.ts) and its tests share these.

/** Setting up a passkey from an invitation, or signing in with one. */
export type PasskeyCeremony = "register" | "sign-in";

/** The other way forward when a passkey does not work. */
const OTHER_WAY: Readonly<Record<PasskeyCeremony, string>> = {
  register: "Try again, or continue without a passkey.",
  "sign-in": "Try again, or get a code by email instead.",
};

/**
 * The message for a failed passkey step. `reason` is the WebAuthn error's name or SimpleWebAuthn
 * code (`NotAllowedError`, `ERROR_CEREMONY_ABORTED`, ...), or what the service answered
 * (`expired`, `refused`, `unreachable`).
 */
export function passkeyFailure(ceremony: PasskeyCeremony, reason: string): string {
  const other = OTHER_WAY[ceremony];
  switch (reason) {
    case "NotAllowedError":
    case "AbortError":
    case "ERROR_CEREMONY_ABORTED":
      return ceremony === "register"
        ? `The passkey was not set up. ${other}`
        : `You did not finish signing in with your passkey. ${other}`;
    case "InvalidStateError":
    case "ERROR_AUTHENTICATOR_PREVIOUSLY_REGISTERED":
      return "This phone already has a passkey for Portage. Sign in with it, or continue without a passkey.";
    case "expired":
      return ceremony === "register"
        ? "This invitation link has expired or has already been used. Ask your home visitor for a new one."
        : `That took too long. ${other}`;
    case "unreachable":
      return `The service is not working at the moment. ${other}`;
    case "refused":
      return ceremony === "register"
        ? `The passkey could not be saved. ${other}`
        : `That passkey did not work here. ${other}`;
    default:
      return `Something went wrong with the passkey. ${other}`;
  }
}
