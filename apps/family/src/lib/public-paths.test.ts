import { describe, expect, it } from "vitest";
import { isPublicPath } from "./public-paths.ts";

describe("isPublicPath", () => {
  it.each([
    "/family/sign-in",
    "/family/sign-in/code",
    "/family/sign-in/passkey",
    "/family/invitation/abc",
    "/family/demo-mail",
    "/family/service-unavailable",
    "/family/404",
    "/family/_astro/x.css",
  ])("lets anyone open %s", (path) => {
    expect(isPublicPath(path)).toBe(true);
  });

  it.each([
    "/family",
    "/family/children/c1",
    "/family/sign-out",
    "/family/sign-inx",
    "/family/invitation",
    "/family/demo-mailbox",
    "/family/passkeys",
  ])("asks for a session on %s", (path) => {
    expect(isPublicPath(path)).toBe(false);
  });
});
