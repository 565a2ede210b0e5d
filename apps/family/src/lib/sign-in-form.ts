// The sign-in forms: an email address to send a code to, and the 6-digit code from that email.
// Checked here first so a mistake is named at once; the API checks them again.

/** What a check found: the value to send, or the message for the field. */
export type Read<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly message: string };

// One @, something before it, a dot after it, no spaces: enough to catch a typing mistake.
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** An email address as typed: trimmed, or what is wrong with it. */
export function readEmail(typed: string): Read<string> {
  const email = typed.trim();
  if (!email) return { ok: false, message: "Enter your email address" };
  if (email.length > 254 || !EMAIL.test(email)) {
    return { ok: false, message: "Enter an email address in the correct format, like name@example.com" };
  }
  return { ok: true, value: email };
}

/**
 * A sign-in code as typed: 6 numbers, with any spaces or dashes taken out (`123 456` and
 * `123-456` are `123456`), or what is wrong with it.
 */
export function readCode(typed: string): Read<string> {
  const code = typed.replace(/[\s-]/g, "");
  if (!code) return { ok: false, message: "Enter the 6-digit code from the email" };
  if (!/^\d+$/.test(code)) return { ok: false, message: "The code must be numbers only, like 123456" };
  if (code.length !== 6) return { ok: false, message: "The code must be 6 numbers, like 123456" };
  return { ok: true, value: code };
}
