import { cheshireEast, lancashire as lancashireProtocol } from "@openportage/domain";
import { describe, expect, it } from "vitest";
import { councilFor, loadCouncil, presentations } from "../src/config/council.ts";
import { councilWordsPlugin, ordinal, replaceCouncilWords } from "../src/lib/council-words.ts";

const lancashire = councilFor(lancashireProtocol);

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

  it("says which services are told of every family only when the protocol tells one", () => {
    expect(replaceCouncilWords("{routine-notice}", lancashire)).toBe(
      "When your child starts Portage, and only if you agree, we let your local Children and Family Wellbeing Service know that your family is receiving Portage.",
    );
    expect(replaceCouncilWords("{routine-notice}", councilFor(cheshireEast))).toBe("");
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
  it("has a presentation for each preset, keyed by its protocol's id", () => {
    expect(councilFor(lancashireProtocol).name).toBe("Lancashire County Council");
    expect(councilFor(cheshireEast).name).toBe("Cheshire East Council");
    expect(Object.keys(presentations)).toEqual(["lancashire", "cheshire-east"]);
  });

  it("defaults to Lancashire and names the presets when asked for another", () => {
    expect(loadCouncil({}).name).toBe("Lancashire County Council");
    expect(loadCouncil({ OPENPORTAGE_PROTOCOL: "" }).name).toBe("Lancashire County Council");
    expect(loadCouncil({ OPENPORTAGE_PROTOCOL: "cheshire-east" }).name).toBe("Cheshire East Council");
    expect(() => loadCouncil({ OPENPORTAGE_PROTOCOL: "atlantis" })).toThrow(/lancashire and cheshire-east/);
  });
});
