import { describe, expect, it } from "vitest";
import { formErrors, parseProblem, pathKey, sentence } from "./problem.ts";

describe("parseProblem", () => {
  it("reads a problem document with field errors", () => {
    const problem = parseProblem(
      {
        type: "https://openportage.example/problems/validation",
        title: "Check your answers",
        status: 422,
        errors: [
          { path: ["child", "dateOfBirth"], message: "Enter the child's date of birth" },
          { pointer: "/email", reason: "Enter an email address" },
          { nonsense: true },
        ],
      },
      422,
    );
    expect(problem.title).toBe("Check your answers");
    expect(problem.errors).toEqual([
      { path: ["child", "dateOfBirth"], message: "Enter the child's date of birth" },
      { path: "/email", message: "Enter an email address" },
    ]);
  });

  it("falls back to words for the status when the body is not a problem", () => {
    expect(parseProblem("<html>Bad gateway</html>", 502).title).toMatch(/Something went wrong/);
    expect(parseProblem(null, 0).title).toMatch(/could not be reached/);
    expect(parseProblem({}, 409).title).toMatch(/Someone else changed/);
  });
});

describe("pathKey", () => {
  it("gives every path spelling the same key", () => {
    expect(pathKey(["child", "dateOfBirth"])).toBe("child.dateOfBirth");
    expect(pathKey("/child/dateOfBirth")).toBe("child.dateOfBirth");
    expect(pathKey("child.dateOfBirth")).toBe("child.dateOfBirth");
    expect(pathKey(undefined)).toBe("");
  });
});

describe("formErrors", () => {
  it("links errors to the fields on the page and keeps the rest in the summary", () => {
    const result = formErrors(
      {
        title: "Check your answers",
        status: 422,
        errors: [
          { path: "email", message: "Enter an email address" },
          { path: "email", message: "Second message for the same field" },
          { path: "unexpected", message: "Not allowed" },
        ],
      },
      { email: "email" },
    );
    expect(result.fields).toEqual({ email: "Enter an email address" });
    expect(result.summary).toEqual([
      { text: "Enter an email address", href: "#email" },
      { text: "Second message for the same field", href: "#email" },
      { text: "unexpected: Not allowed" },
    ]);
  });

  it("uses the detail, or the title, when there are no field errors", () => {
    expect(formErrors({ title: "Conflict", status: 409, detail: "Already allocated" }).summary).toEqual([
      { text: "Already allocated" },
    ]);
    expect(formErrors({ title: "Conflict", status: 409 }).summary).toEqual([{ text: "Conflict" }]);
  });
});

describe("sentence", () => {
  it("starts a terse message with the field's name", () => {
    expect(sentence("must not be empty", "Full name")).toBe("Full name must not be empty");
    expect(sentence("Enter your email address", "Email address")).toBe("Enter your email address");
    expect(sentence("must not be empty", undefined)).toBe("must not be empty");
  });
  it("is used for fields given with a label", () => {
    const result = formErrors(
      {
        title: "x",
        status: 422,
        errors: [{ path: "complexity", message: "is needed to place the child on the waiting list" }],
      },
      { complexity: { id: "complexity", label: "The complexity of needs" } },
    );
    expect(result.fields.complexity).toBe("The complexity of needs is needed to place the child on the waiting list");
  });
});
