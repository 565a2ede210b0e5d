// The two free-text forms: a message to the home visitor (needed, up to 2,000 characters), and
// why the family wants to stop Portage (optional, up to 2,000 characters). The API checks again.
import type { Read } from "./sign-in-form.ts";

/** The longest message or reason the API takes. */
export const MAX_MESSAGE = 2000;

/** A message as typed: trimmed, or what is wrong with it. */
export function readMessage(typed: string): Read<string> {
  const text = typed.trim();
  if (!text) return { ok: false, message: "Write your message" };
  if (text.length > MAX_MESSAGE) {
    return { ok: false, message: `Your message must be ${MAX_MESSAGE} characters or fewer. It has ${text.length}` };
  }
  return { ok: true, value: text };
}

/** Why the family wants to stop (may be left empty): trimmed, or what is wrong with it. */
export function readReason(typed: string): Read<string> {
  const text = typed.trim();
  if (text.length > MAX_MESSAGE) {
    return { ok: false, message: `What you write must be ${MAX_MESSAGE} characters or fewer. It has ${text.length}` };
  }
  return { ok: true, value: text };
}
