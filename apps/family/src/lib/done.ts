// The success banners' words, one place for each `done` note the pages set after a change.

/** A success banner's words. */
export interface DoneWords {
  readonly heading: string;
  readonly text?: string;
}

const STAY = "You stay signed in on this phone for 7 days after you last used it.";

/** After signing in from an invitation: how to sign in next time depends on whether there is a passkey. */
export function welcomeWords(passkeys: number): Readonly<Record<string, DoneWords>> {
  return {
    ...WELCOME,
    welcome: {
      heading: "You are signed in",
      text: `Next time, sign in with ${passkeys > 0 ? "your passkey" : "a code we email you"}. ${STAY}`,
    },
  };
}

/** After signing in for the first time, from an invitation. */
export const WELCOME: Readonly<Record<string, DoneWords>> = {
  welcome: {
    heading: "You are signed in",
    text: `Next time, sign in with a code we email you. ${STAY}`,
  },
  passkey: {
    heading: "Your passkey is set up",
    text: `Next time, sign in with your passkey. ${STAY}`,
  },
};

/** The done notes a child's overview knows (after the welcome, carried from the home page). */
export const OVERVIEW_DONE: Readonly<Record<string, DoneWords>> = {
  ...WELCOME,
  message: { heading: "Your message has been sent", text: "Your home visitor will read it and get back to you." },
};

/** Keeps only a known `done` note, to carry it on a redirect. */
export function knownDone(done: string | null, words: Readonly<Record<string, DoneWords>>): string | undefined {
  return done && Object.hasOwn(words, done) ? done : undefined;
}
