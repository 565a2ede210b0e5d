// Content pages are written once for every council. Words that differ between councils are
// written as tokens, such as `{council}` and `{area}`, and replaced at build time.
import type { Council } from "../config/council.ts";

/** What the tokens are filled from. */
export type CouncilWordsSource = Pick<Council, "name" | "area" | "serviceName" | "contact" | "protocol">;

/** An English ordinal: 1st, 2nd, 3rd, 11th, 25th. */
export function ordinal(n: number): string {
  const tens = n % 100;
  if (tens >= 11 && tens <= 13) return `${n}th`;
  const suffix = { 1: "st", 2: "nd", 3: "rd" }[n % 10] ?? "th";
  return `${n}${suffix}`;
}

/**
 * The sentence about the services the protocol tells of every family who starts (its
 * `informedRoutinely` recipients), or nothing when it tells no one.
 */
export function routineNoticeSentence(council: CouncilWordsSource): string {
  const names = council.protocol.sharing.recipients
    .filter((r) => r.informedRoutinely)
    .map((r) => `your local ${r.name}`);
  if (names.length === 0) return "";
  const list = names.length === 1 ? names[0] : `${names.slice(0, -1).join(", ")} and ${names[names.length - 1]}`;
  return `When your child starts Portage, and only if you agree, we let ${list} know that your family is receiving Portage.`;
}

/** The tokens content pages may use, and the council's words for each. */
export function councilWords(council: CouncilWordsSource): Readonly<Record<string, string>> {
  return {
    "{council}": council.name,
    "{area}": council.area,
    "{service}": council.serviceName,
    "{team}": council.contact.team,
    "{retention}": ordinal(council.protocol.retention.yearsAfterBirth),
    "{routine-notice}": routineNoticeSentence(council),
  };
}

const TOKEN = /\{(council|area|service|team|retention|routine-notice)\}/g;

/** Replaces every token in `text`; an unknown `{word}` is left alone. */
export function replaceCouncilWords(text: string, council: CouncilWordsSource): string {
  const words = councilWords(council);
  return text.replace(TOKEN, (token) => words[token] ?? token);
}

/**
 * A Markdown plugin (for Astro's Sätteri processor) that replaces council tokens in a content
 * page's text.
 */
export function councilWordsPlugin(council: CouncilWordsSource) {
  return {
    name: "council-words",
    text(node: Readonly<{ value: string }>, ctx: { setProperty(node: never, key: "value", value: string): void }) {
      const replaced = replaceCouncilWords(node.value, council);
      if (replaced !== node.value) ctx.setProperty(node as never, "value", replaced);
    },
  };
}
