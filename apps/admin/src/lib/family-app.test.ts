import type { FamilyAccessView } from "@openportage/api";
import { describe, expect, it } from "vitest";
import {
  accessInWords,
  canInviteAgain,
  inviteForm,
  permissionsForm,
  permissionsFrom,
  SOMEONE_ELSE,
  senderInWords,
  tickedPermissions,
  unreadCount,
  whatTheySee,
} from "./family-app.ts";
import { formErrors } from "./problem.ts";

const CARER = "3f1e2d3c-4b5a-4968-8776-65a4b3c2d1e0";
const carers = [{ carerId: CARER }];

const access: FamilyAccessView = {
  id: "a1",
  accountId: "f1",
  name: "Nana Example",
  email: "nana@example.com",
  relationship: "grandparent",
  kind: "helper",
  carerId: null,
  permissions: { practice: true, visits: false, reports: true, sharing: false },
  status: "invited",
  invitedBy: { id: "u1", name: "Harriet Visitor" },
  invitedAt: "2026-11-30T10:00:00.000Z",
  acceptedAt: null,
  lastSignInAt: null,
  pendingInvitationExpiresAt: "2026-12-14T10:00:00.000Z",
  endsAt: null,
  endReason: null,
  version: 1,
  updatedAt: "2026-11-30T10:00:00.000Z",
};

describe("the invite form", () => {
  it("invites a carer from the referral by their id, with no name or relationship sent", () => {
    const { body, errors } = inviteForm(
      { who: CARER, name: "typed by mistake", relationship: "", email: "", kind: "carer" },
      ["practice"],
      carers,
    );
    expect(errors).toBeUndefined();
    // A carer sees everything: no permissions are sent, even with boxes ticked.
    expect(body).toEqual({ carerId: CARER, kind: "carer" });
  });

  it("sends another address for the carer when one is typed", () => {
    expect(inviteForm({ who: CARER, email: "grace@work.example", kind: "carer" }, [], carers).body).toEqual({
      carerId: CARER,
      email: "grace@work.example",
      kind: "carer",
    });
  });

  it("invites someone else as a helper with every permission named", () => {
    const { body } = inviteForm(
      {
        who: SOMEONE_ELSE,
        name: "Nana Example",
        relationship: "grandparent",
        email: "nana@example.com",
        kind: "helper",
      },
      ["practice", "visits"],
      carers,
    );
    expect(body).toEqual({
      name: "Nana Example",
      relationship: "grandparent",
      email: "nana@example.com",
      kind: "helper",
      permissions: { practice: true, visits: true, reports: false, sharing: false },
    });
  });

  it("leaves blank boxes out, for the API to name", () => {
    const { body } = inviteForm({ who: SOMEONE_ELSE, name: "", relationship: "", email: "", kind: "helper" }, [], []);
    expect(body).toEqual({
      kind: "helper",
      permissions: { practice: false, visits: false, reports: false, sharing: false },
    });
  });

  it("refuses a choice not made, on its own field, in the order of the page", () => {
    const { body, errors } = inviteForm({ who: "", kind: "" }, [], carers);
    expect(body).toBeUndefined();
    expect(errors?.summary.map((e) => e.href)).toEqual(["#who", "#kind"]);
    // A carer id that is not one of the case's carers is not a choice on the page.
    expect(inviteForm({ who: "someone", kind: "carer" }, [], carers).errors?.fields.who).toContain("Choose who");
  });

  it("links the API's reasons to the boxes", () => {
    const { fieldIds } = inviteForm({ who: SOMEONE_ELSE, kind: "carer" }, [], []);
    const shown = formErrors(
      {
        title: "Your request has problems",
        status: 422,
        errors: [
          { path: "email", message: "must be an email address, like name@example.com" },
          { path: "name", message: "Enter their name" },
          { path: "permissions", message: "Choose what they may see" },
        ],
      },
      fieldIds,
    );
    expect(shown.summary).toEqual([
      { text: "Their email address must be an email address, like name@example.com", href: "#email" },
      { text: "Enter their name", href: "#name" },
      { text: "Choose what they may see", href: "#permissions" },
    ]);
  });
});

describe("a helper's permissions", () => {
  it("are sent with the version, every one named", () => {
    expect(permissionsForm(["reports"], 3).body).toEqual({
      version: 3,
      permissions: { practice: false, visits: false, reports: true, sharing: false },
    });
  });

  it("come back as the boxes ticked", () => {
    expect(tickedPermissions(permissionsFrom(["sharing", "practice", "nonsense"]))).toEqual(["practice", "sharing"]);
  });

  it("are said in words, a line each", () => {
    expect(whatTheySee(access)).toEqual(["This week's targets and the practice chart", "Reviews and reports"]);
    expect(whatTheySee({ ...access, permissions: permissionsFrom([]) })[0]).toContain("Nothing but");
    expect(whatTheySee({ ...access, kind: "carer" })).toHaveLength(1);
    expect(whatTheySee({ ...access, kind: "carer" })[0]).toMatch(/^Everything/);
  });
});

describe("where a person's access stands", () => {
  it("says when the invitation expires, or that it has", () => {
    const invited = accessInWords(access);
    expect(invited.text).toBe("Invited");
    expect(invited.detail).toBe(
      "Invited by Harriet Visitor on 30 November 2026. The invitation expires on 14 December 2026 at 10:00am.",
    );
    const expired = accessInWords({ ...access, pendingInvitationExpiresAt: null });
    expect(expired.text).toBe("Invitation expired");
    expect(expired.detail).toContain("send a new one");
  });

  it("says when they last signed in, and when access was removed or ended", () => {
    const using = accessInWords({ ...access, status: "active", lastSignInAt: "2026-12-01T17:40:00.000Z" });
    expect(using).toMatchObject({ text: "Using the app", detail: "Last signed in on 1 December 2026 at 5:40pm." });
    const removed = accessInWords({ ...access, status: "revoked", endsAt: "2026-12-02T09:00:00.000Z" });
    expect(removed).toMatchObject({ text: "Removed", tag: "govuk-tag--grey" });
    expect(removed.detail).toContain("Access removed on 2 December 2026");
    expect(accessInWords({ ...access, status: "ended", endsAt: "2026-12-30T00:00:00.000Z" }).detail).toContain(
      "until 30 December 2026",
    );
    expect(canInviteAgain({ status: "active" })).toBe(true);
    expect(canInviteAgain({ status: "revoked" })).toBe(false);
  });
});

describe("messages from the family", () => {
  it("name the sender and count the unread", () => {
    expect(senderInWords({ accountId: "f1", name: "Grace Example", relationship: "Mum", kind: "carer" })).toBe(
      "Grace Example (Mum, parent or carer)",
    );
    expect(unreadCount([{ readAt: null }, { readAt: "2026-12-01T10:00:00.000Z" }, { readAt: null }])).toBe(2);
  });
});
