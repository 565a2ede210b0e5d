// Data for the staff password check (src/lib/passwords.ts). Kept here, apart from the code, so the
// lists can be reviewed and extended. No breached-password service is reachable from a council's
// closed network, so the check is offline: a published list of common passwords, these word lists
// and the patterns in passwords.ts.
import { dictionary } from "@zxcvbn-ts/language-common";

/**
 * Common passwords: the list published with zxcvbn-ts (`@zxcvbn-ts/language-common`, MIT, about
 * 49,000 passwords ranked by how often they appear in breach corpora), lower-cased. Matched as
 * they are and with only digits or symbols after them (`dragon12345!`). It replaces a list kept by
 * hand here: a published list is larger and reviewed by more people.
 */
export const COMMON_PASSWORDS: ReadonlySet<string> = new Set(
  dictionary["passwords-common"].map((word) => word.toLowerCase()),
);

/**
 * Words that make a weak password with digits or symbols around them (`Password2026!`,
 * `Portage12345`, `Lancashire2026`, `Football1234`), after undoing common letter swaps
 * (`P@ssw0rd`). Includes the service's own words and the councils' names.
 */
export const WEAK_WORDS: readonly string[] = [
  // the password itself and sign-in words
  "password",
  "passwords",
  "passphrase",
  "letmein",
  "welcome",
  "changeme",
  "default",
  "secret",
  "login",
  "admin",
  "administrator",
  "master",
  "trustno",
  "qwerty",
  "iloveyou",
  // the service
  "portage",
  "openportage",
  "homevisitor",
  "coordinator",
  "council",
  "countycouncil",
  "earlyyears",
  "send",
  "sendiass",
  // English councils (the presets' and their neighbours'), without spaces
  "lancashire",
  "lancs",
  "cheshire",
  "cheshireeast",
  "cheshirewest",
  "preston",
  "blackburn",
  "blackpool",
  "lancaster",
  "crewe",
  "macclesfield",
  "manchester",
  "liverpool",
  "cumbria",
  "yorkshire",
  "merseyside",
  "england",
  "london",
  // common words in breach corpora
  "monkey",
  "dragon",
  "shadow",
  "sunshine",
  "princess",
  "football",
  "baseball",
  "superman",
  "batman",
  "starwars",
  "whatever",
  "computer",
  "internet",
  "summer",
  "winter",
  "spring",
  "autumn",
  "chelsea",
  "arsenal",
  "everton",
  "united",
  "charlie",
  "freedom",
  "michael",
  "jennifer",
  "hello",
  "access",
  "flower",
  "cookie",
  "pokemon",
];

/** Keyboard rows and columns, and the alphabet and digits: a password made only of runs along them is weak. */
export const KEYBOARD_SEQUENCES: readonly string[] = [
  "`1234567890-=",
  "abcdefghijklmnopqrstuvwxyz",
  "qwertyuiop[]",
  "asdfghjkl;'#",
  "zxcvbnm,./",
  "qwertyuiopasdfghjklzxcvbnm",
  "qwertyuiop",
  "asdfghjkl",
  "zxcvbnm",
  "qwertzuiop",
  "azertyuiop",
  "1qaz2wsx3edc4rfv5tgb6yhn7ujm8ik9ol0p",
  "zaq1xsw2cde3vfr4bgt5nhy6mju7",
  "1q2w3e4r5t6y7u8i9o0p",
  "q1w2e3r4t5y6u7i8o9p0",
  "a1s2d3f4g5h6j7k8l9",
  "!@#$%^&*()",
];

/** Month and season names, for passwords made of a date (`September2026`, `Summer2026!!`). */
export const DATE_WORDS: readonly string[] = [
  "january",
  "february",
  "march",
  "april",
  "may",
  "june",
  "july",
  "august",
  "september",
  "october",
  "november",
  "december",
  "jan",
  "feb",
  "mar",
  "apr",
  "jun",
  "jul",
  "aug",
  "sep",
  "sept",
  "oct",
  "nov",
  "dec",
  "spring",
  "summer",
  "autumn",
  "winter",
  "christmas",
];
