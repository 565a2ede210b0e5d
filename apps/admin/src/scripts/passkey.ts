// The admin app's passkey button (WebAuthn needs JavaScript; every page that has it also has a
// way without it). Shown only where the browser can make or use passkeys. It asks the admin app
// (never the API directly) for the options, runs the browser's passkey prompt, sends the answer
// back, and goes where the answer says; a failure is said in words beside the button.
import { browserSupportsWebAuthn, startAuthentication, startRegistration } from "@simplewebauthn/browser";

type Ceremony = "register" | "sign-in";

/** What the button says when a passkey step did not work, always with the other way forward. */
function failure(ceremony: Ceremony, reason: string): string {
  const other =
    ceremony === "register"
      ? "Try again, or set up an authenticator app instead."
      : "Try again, or use a code instead.";
  switch (reason) {
    case "NotAllowedError":
    case "AbortError":
    case "ERROR_CEREMONY_ABORTED":
      return ceremony === "register"
        ? `The passkey was not set up. ${other}`
        : `You did not finish using your passkey. ${other}`;
    case "InvalidStateError":
    case "ERROR_AUTHENTICATOR_PREVIOUSLY_REGISTERED":
      return "This device already has a passkey for your account.";
    case "expired":
      return "That took too long and your sign-in has ended. Sign in again.";
    case "throttled":
      return "Too many tries. Wait 15 minutes and try again.";
    case "unreachable":
      return `The service is not working at the moment. ${other}`;
    case "refused":
      return ceremony === "register"
        ? `The passkey could not be saved. ${other}`
        : `That passkey did not work. ${other}`;
    default:
      return `Something went wrong with the passkey. ${other}`;
  }
}

async function post(url: string, body: unknown): Promise<{ status: number; data: Record<string, unknown> }> {
  const response = await fetch(url, {
    method: "POST",
    headers: { "Content-Type": "application/json", Accept: "application/json" },
    credentials: "same-origin",
    body: JSON.stringify(body),
  });
  let data: Record<string, unknown> = {};
  try {
    data = (await response.json()) as Record<string, unknown>;
  } catch {
    // no body
  }
  return { status: response.status, data };
}

function reasonOf(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as Error & { code?: string }).code;
    if (code && code !== "ERROR_PASSTHROUGH_SEE_CAUSE_PROPERTY") return code;
    return error.name;
  }
  return "unknown";
}

function answerReason(status: number, data: Record<string, unknown>): string {
  if (typeof data.reason === "string") return data.reason;
  if (status === 0 || status >= 500) return "unreachable";
  return "refused";
}

async function run(box: HTMLElement, button: HTMLButtonElement, message: HTMLElement): Promise<void> {
  const ceremony: Ceremony = box.dataset.passkey === "register" ? "register" : "sign-in";
  const fail = (reason: string) => {
    message.textContent = failure(ceremony, reason);
    message.hidden = false;
    button.removeAttribute("aria-disabled");
    delete button.dataset.busy;
    message.focus();
  };
  message.hidden = true;
  button.dataset.busy = "true";
  button.setAttribute("aria-disabled", "true");
  let options: { status: number; data: Record<string, unknown> };
  try {
    options = await post(box.dataset.optionsUrl ?? "", {});
  } catch {
    fail("unreachable");
    return;
  }
  const { challengeId } = options.data;
  if (options.status !== 200 || typeof options.data.options !== "object" || typeof challengeId !== "string") {
    fail(answerReason(options.status, options.data));
    return;
  }
  let response: unknown;
  try {
    const optionsJSON = options.data.options as never;
    response =
      ceremony === "register" ? await startRegistration({ optionsJSON }) : await startAuthentication({ optionsJSON });
  } catch (error) {
    fail(reasonOf(error));
    return;
  }
  let answer: { status: number; data: Record<string, unknown> };
  try {
    answer = await post(box.dataset.verifyUrl ?? "", { challengeId, response });
  } catch {
    fail("unreachable");
    return;
  }
  if (answer.status === 200 && typeof answer.data.location === "string") {
    window.location.assign(answer.data.location);
    return;
  }
  fail(answerReason(answer.status, answer.data));
}

if (browserSupportsWebAuthn()) {
  for (const box of document.querySelectorAll<HTMLElement>("[data-passkey]")) {
    const button = box.querySelector<HTMLButtonElement>("button");
    const message = box.querySelector<HTMLElement>("[data-passkey-message]");
    if (!button || !message) continue;
    box.hidden = false;
    for (const other of document.querySelectorAll<HTMLElement>("[data-without-passkey]")) other.hidden = true;
    button.addEventListener("click", () => {
      if (button.dataset.busy) return;
      void run(box, button, message);
    });
  }
}
