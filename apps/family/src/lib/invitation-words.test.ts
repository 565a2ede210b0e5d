import { describe, expect, it } from "vitest";
import { invitationProblemOf, invitationRefusal, looksLikeToken } from "./invitation-words.ts";
import { parseProblem } from "./problem.ts";

describe("invitation links that do not work", () => {
  it("reads the API's reason, and treats anything else as an unknown link", () => {
    expect(invitationProblemOf(parseProblem({ title: "Gone", status: 410, invitation: "expired" }, 410))).toBe(
      "expired",
    );
    expect(invitationProblemOf(parseProblem({ title: "Gone", status: 410, invitation: "used" }, 410))).toBe("used");
    expect(invitationProblemOf(parseProblem({ title: "?", status: 404, invitation: "other" }, 404))).toBe("unknown");
    expect(invitationProblemOf(parseProblem(null, 404))).toBe("unknown");
  });

  it("says what to do for each", () => {
    expect(invitationRefusal("expired").paragraphs.join(" ")).toContain("Ask your home visitor to send you a new one");
    expect(invitationRefusal("used")).toMatchObject({
      offerSignIn: true,
      title: "This invitation has already been used",
    });
    expect(invitationRefusal("voided").offerSignIn).toBe(true);
    expect(invitationRefusal("unknown").offerSignIn).toBe(false);
  });

  it("sends only token-shaped links to the API", () => {
    expect(looksLikeToken("abcDEF012_-abcDEF012_-abcDEF012_-abcDEF0123")).toBe(true);
    expect(looksLikeToken("short")).toBe(false);
    expect(looksLikeToken("../../api/family/children")).toBe(false);
  });
});
