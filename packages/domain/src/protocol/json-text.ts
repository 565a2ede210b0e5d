// Where a JSON text goes wrong, in words a council can act on. `JSON.parse`'s own messages
// differ between engines and some quote the text back (the whole file, for a small one), so
// this scanner finds the first mistake itself and says what was expected at that line and
// column, without repeating the file.

/** The first mistake in a JSON text: 1-based line and column, and what was expected there. */
export interface JsonTextError {
  readonly line: number;
  readonly column: number;
  readonly message: string;
}

class Stop extends Error {
  constructor(
    readonly at: number,
    readonly expected: string,
  ) {
    super(expected);
  }
}

function describeFound(text: string, at: number): string {
  if (at >= text.length) return "the end of the file";
  const ch = text[at] as string;
  if (ch === "\n" || ch === "\r") return "the end of the line";
  if (/[\p{L}\p{N}_]/u.test(ch)) {
    // A word (an unquoted name, true misspelt): name it, up to 20 characters.
    const word = /^[\p{L}\p{N}_.+-]{1,20}/u.exec(text.slice(at))?.[0] ?? ch;
    return `"${word}"`;
  }
  return `"${ch}"`;
}

function scan(text: string): void {
  let i = 0;
  const ws = () => {
    while (i < text.length && " \t\n\r".includes(text[i] as string)) i++;
  };
  const fail = (expected: string): never => {
    throw new Stop(i, expected);
  };
  const literal = (word: string) => {
    if (text.startsWith(word, i)) i += word.length;
    else fail("a value (text in double quotes, a number, true, false, null, a list or an object)");
  };
  const string = () => {
    i++; // opening quote
    while (i < text.length) {
      const ch = text[i] as string;
      if (ch === '"') {
        i++;
        return;
      }
      if (ch === "\n" || ch === "\r") fail('a closing double quote (") before the end of the line');
      if (ch === "\\") {
        const next = text[i + 1];
        if (next === "u" && /^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) i += 6;
        else if (next !== undefined && '"\\/bfnrt'.includes(next)) i += 2;
        else fail('a valid escape after the backslash, such as \\" or \\n');
      } else i++;
    }
    fail('a closing double quote (")');
  };
  const number = () => {
    const match = /^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?/.exec(text.slice(i));
    if (match === null || match[0] === "-") fail("a number");
    i += (match as RegExpExecArray)[0].length;
  };
  const value = (): void => {
    ws();
    const ch = text[i];
    if (ch === "{") object();
    else if (ch === "[") array();
    else if (ch === '"') string();
    else if (ch === "t") literal("true");
    else if (ch === "f") literal("false");
    else if (ch === "n") literal("null");
    else if (ch === "-" || (ch !== undefined && ch >= "0" && ch <= "9")) number();
    else fail("a value (text in double quotes, a number, true, false, null, a list or an object)");
  };
  const object = () => {
    i++;
    ws();
    if (text[i] === "}") {
      i++;
      return;
    }
    for (;;) {
      ws();
      if (text[i] !== '"')
        fail(
          text[i] === "}"
            ? "another setting after the comma (a trailing comma is not allowed)"
            : "a setting name in double quotes",
        );
      string();
      ws();
      if (text[i] !== ":") fail("a colon (:) after the setting name");
      i++;
      value();
      ws();
      if (text[i] === ",") {
        i++;
        continue;
      }
      if (text[i] === "}") {
        i++;
        return;
      }
      fail("a comma (,) or a closing brace (})");
    }
  };
  const array = () => {
    i++;
    ws();
    if (text[i] === "]") {
      i++;
      return;
    }
    for (;;) {
      ws();
      if (text[i] === "]") fail("another value after the comma (a trailing comma is not allowed)");
      value();
      ws();
      if (text[i] === ",") {
        i++;
        continue;
      }
      if (text[i] === "]") {
        i++;
        return;
      }
      fail("a comma (,) or a closing bracket (])");
    }
  };
  if (text.charCodeAt(0) === 0xfeff) i = 1; // a byte-order mark some editors write
  value();
  ws();
  if (i < text.length) fail("the end of the file after the value");
}

/**
 * Parses a JSON text, or says where its first mistake is. Never quotes more of the text than
 * the word it stopped at.
 */
export function parseJsonText(
  text: string,
): { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly error: JsonTextError } {
  try {
    scan(text);
  } catch (error) {
    if (!(error instanceof Stop)) throw error;
    const before = text.slice(0, error.at);
    const line = before.split("\n").length;
    const column = error.at - (before.lastIndexOf("\n") + 1) + 1;
    return {
      ok: false,
      error: {
        line,
        column,
        message: `is not valid JSON: at line ${line}, column ${column}, expected ${error.expected} but found ${describeFound(text, error.at)}`,
      },
    };
  }
  return { ok: true, value: JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text) };
}
