import { describe, expect, it } from "vitest";
import { fieldValue, isPasswordField, readForm } from "./form.ts";

function post(fields: [string, string][]): Request {
  const body = new URLSearchParams(fields);
  return new Request("http://localhost/admin/x", {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body,
  });
}

describe("readForm", () => {
  it("trims text fields, so stray spaces never reach the API", async () => {
    const form = await readForm(
      post([
        ["name", "  Nia New "],
        ["email", " nia@council.example  "],
        ["concernAreas", " movement "],
        ["concernAreas", "social"],
      ]),
    );
    expect(form.get("name")).toBe("Nia New");
    expect(form.get("email")).toBe("nia@council.example");
    expect(form.all("concernAreas")).toEqual(["movement", "social"]);
    expect(form.values).toMatchObject({ name: "Nia New", email: "nia@council.example" });
  });

  it("never trims a password: spaces at either end are part of it", async () => {
    const form = await readForm(
      post([
        ["change", "password"],
        ["password", "  a long passphrase with spaces  "],
        ["newPassword", " second "],
      ]),
    );
    expect(form.get("password")).toBe("  a long passphrase with spaces  ");
    expect(form.get("newPassword")).toBe(" second ");
    expect(form.all("password")).toEqual(["  a long passphrase with spaces  "]);
  });

  it("reads a body that is not a form as empty", async () => {
    const form = await readForm(new Request("http://localhost/admin/x", { method: "POST", body: "{}" }));
    expect(form.get("anything")).toBe("");
    expect(form.values).toEqual({});
  });
});

describe("fieldValue", () => {
  it("knows a password field by its name", () => {
    expect(isPasswordField("password")).toBe(true);
    expect(isPasswordField("newPassword")).toBe(true);
    expect(isPasswordField("email")).toBe(false);
    expect(fieldValue("password", " x ")).toBe(" x ");
    expect(fieldValue("email", " x ")).toBe("x");
  });
});
