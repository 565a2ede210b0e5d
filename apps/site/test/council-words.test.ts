import { describe, expect, it } from "vitest";
import { councilFor, councils } from "../src/config/council.ts";
import { councilWordsPlugin, ordinal, replaceCouncilWords } from "../src/lib/council-words.ts";

const lancashire = councilFor("lancashire");

describe("council words", () => {
  it("replaces each token with the council's words and leaves unknown ones", () => {
    expect(replaceCouncilWords("{council} runs the {service} in {area}; ask {team}. {other}", lancashire)).toBe(
      "Lancashire County Council runs the Lancashire Portage Service in Lancashire; ask your Inclusion Service area team. {other}",
    );
  });

  it("writes the retention birthday as an ordinal from the protocol", () => {
    expect(replaceCouncilWords("{retention}", lancashire)).toBe("25th");
    expect([1, 2, 3, 4, 11, 12, 13, 21, 22, 23, 101, 111].map(ordinal)).toEqual([
      "1st",
      "2nd",
      "3rd",
      "4th",
      "11th",
      "12th",
      "13th",
      "21st",
      "22nd",
      "23rd",
      "101st",
      "111th",
    ]);
  });

  it("changes a Markdown text node only when it holds a token", () => {
    const plugin = councilWordsPlugin(lancashire);
    const calls: unknown[] = [];
    const ctx = { setProperty: (_node: never, key: string, value: unknown) => calls.push([key, value]) };
    plugin.text({ value: "No tokens here" }, ctx);
    plugin.text({ value: "Portage in {area}" }, ctx);
    expect(calls).toEqual([["value", "Portage in Lancashire"]]);
  });
});

describe("councils", () => {
  it("knows every council by its protocol's id", () => {
    for (const [id, council] of Object.entries(councils)) expect(council.protocol.id).toBe(id);
  });

  it("defaults to Lancashire and names the known councils when asked for another", () => {
    expect(councilFor(undefined).name).toBe("Lancashire County Council");
    expect(councilFor("").name).toBe("Lancashire County Council");
    expect(councilFor("cheshire-east").name).toBe("Cheshire East Council");
    expect(() => councilFor("atlantis")).toThrow(/lancashire, cheshire-east/);
  });

  it("uses brand colours with at least 4.5:1 contrast against white", () => {
    const luminance = (hex: string) => {
      const [r, g, b] = [1, 3, 5].map((i) => {
        const c = Number.parseInt(hex.slice(i, i + 2), 16) / 255;
        return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
      }) as [number, number, number];
      return 0.2126 * r + 0.7152 * g + 0.0722 * b;
    };
    for (const council of Object.values(councils)) {
      for (const colour of [council.colours.brand, council.colours.link, council.colours.linkVisited]) {
        expect(1.05 / (luminance(colour) + 0.05), `${council.name} ${colour}`).toBeGreaterThanOrEqual(4.5);
      }
    }
  });
});
