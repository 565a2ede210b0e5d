import { describe, expect, it } from "vitest";
import { govukClassesFor, govukClassesPlugin } from "../src/lib/govuk-classes.ts";

describe("govuk classes for Markdown", () => {
  it("adds the govuk-frontend classes after the element's own, once", () => {
    expect(govukClassesFor("h2", undefined)).toEqual(["govuk-heading-l"]);
    expect(govukClassesFor("ul", ["mine"])).toEqual(["mine", "govuk-list", "govuk-list--bullet"]);
    expect(govukClassesFor("a", "govuk-link extra")).toEqual(["govuk-link", "extra"]);
    expect(govukClassesFor("div", undefined)).toEqual([]);
  });

  it("visits only the elements it styles", () => {
    expect(govukClassesPlugin.element.filter).toContain("p");
    expect(govukClassesPlugin.element.filter).not.toContain("div");
    const calls: unknown[] = [];
    govukClassesPlugin.element.visit(
      { tagName: "p", properties: {} },
      { setProperty: (_n: never, key, value) => calls.push([key, value]) },
    );
    expect(calls).toEqual([["className", ["govuk-body"]]]);
  });
});
