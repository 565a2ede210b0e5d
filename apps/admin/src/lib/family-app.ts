// The case's Family app tab: the invitation and permission forms as the API's bodies (with the
// API's field paths mapped to the boxes on the page), and what each person's access and each
// message from the family says, in staff words (docs/family.md, ADR 0044).
import type {
  CarerToInvite,
  FamilyAccessChangeInput,
  FamilyAccessInput,
  FamilyAccessView,
  FamilyMessageView,
  FamilyPermissionsInput,
} from "@openportage/api";
import { type Checked, checked, errorList, given } from "./form-checks.ts";
import type { FieldRef } from "./problem.ts";
import { formatDate, formatDateTime, type Word } from "./words.ts";

type Values = Readonly<Record<string, string>>;
type Permission = keyof FamilyPermissionsInput;

/** The invite form's choice for a person who is not a carer on the referral. */
export const SOMEONE_ELSE = "someone-else";

/** What a helper may be allowed to see, in the order the form offers it, as families would read it. */
export const PERMISSION_CHOICES: readonly { value: Permission; text: string; hint: string }[] = [
  {
    value: "practice",
    text: "This week's targets and the practice chart",
    hint: "What to practise and how, and noting how practice went each day.",
  },
  { value: "visits", text: "The visits", hint: "The dates and times of the coming visits." },
  {
    value: "reports",
    text: "Reviews and reports",
    hint: "Each block's review report, and the transition report when the child leaves.",
  },
  {
    value: "sharing",
    text: "The sharing choices",
    hint: "Who the family has agreed information may be shared with. A helper cannot change them.",
  },
];

/** A carer or a helper, as staff say it. */
export const ACCESS_KIND: Readonly<Record<FamilyAccessView["kind"], { text: string; hint: string }>> = {
  carer: {
    text: "Parent or carer",
    hint: "Sees everything in the app, and is the only one who can change the sharing choices or ask to stop Portage.",
  },
  helper: {
    text: "Helper",
    hint: "Someone else the family wants involved, such as a grandparent or a childminder. Sees only what you tick below.",
  },
};

/** Where the invite form's API field paths are shown. */
export const INVITE_FIELDS: Readonly<Record<string, FieldRef>> = {
  carerId: { id: "who", label: "Who to invite" },
  name: { id: "name", label: "Their name" },
  relationship: { id: "relationship", label: "Their relationship to the child" },
  email: { id: "email", label: "Their email address" },
  kind: { id: "kind", label: "Parent or carer, or helper" },
  permissions: { id: "permissions", label: "What they may see" },
  ...Object.fromEntries(
    PERMISSION_CHOICES.map((p) => [`permissions.${p.value}`, { id: "permissions", label: p.text }]),
  ),
};

/** Where the permissions form's API field paths are shown. */
export const PERMISSIONS_FIELDS: Readonly<Record<string, FieldRef>> = {
  permissions: INVITE_FIELDS.permissions ?? "permissions",
  version: { id: "permissions", label: "The version" },
};

/** The permissions ticked, as the API takes them: every one named, true or false. */
export function permissionsFrom(ticked: readonly string[]): FamilyPermissionsInput {
  const chosen = new Set(ticked);
  return {
    practice: chosen.has("practice"),
    visits: chosen.has("visits"),
    reports: chosen.has("reports"),
    sharing: chosen.has("sharing"),
  };
}

/** The permissions that are on, as the form's ticked values. */
export function tickedPermissions(permissions: FamilyPermissionsInput): string[] {
  return PERMISSION_CHOICES.filter((p) => permissions[p.value]).map((p) => p.value);
}

/**
 * `POST /cases/:id/family-access`: a carer on the referral (`who` is their carer id; their name
 * and relationship come from the referral, the email too unless one is typed) or someone else
 * (name, relationship, email); a carer or a helper, and a helper's permissions from the boxes
 * ticked. Only a choice not made at all is refused here: what must be filled in is the API's.
 */
export function inviteForm(
  values: Values,
  ticked: readonly string[],
  carers: readonly Pick<CarerToInvite, "carerId">[],
): Checked<FamilyAccessInput> {
  const errors = errorList();
  const who = values.who ?? "";
  const kind = values.kind ?? "";
  if (who !== SOMEONE_ELSE && !carers.some((c) => c.carerId === who)) {
    errors.add("who", "Choose who to invite: a parent or carer from the referral, or someone else");
  }
  if (kind !== "carer" && kind !== "helper") {
    errors.add("kind", "Choose whether they are a parent or carer, or a helper");
  }
  const person =
    who === SOMEONE_ELSE
      ? {
          ...given("name", values.name),
          ...given("relationship", values.relationship),
          ...given("email", values.email),
        }
      : { carerId: who, ...given("email", values.email) };
  const body: FamilyAccessInput = {
    ...person,
    kind: kind as FamilyAccessInput["kind"],
    ...(kind === "helper" ? { permissions: permissionsFrom(ticked) } : {}),
  };
  return checked(body, errors.result(), INVITE_FIELDS);
}

/** `PATCH .../family-access/:accessId`: a helper's permissions from the boxes ticked, with the version read. */
export function permissionsForm(ticked: readonly string[], version: number): Checked<FamilyAccessChangeInput> {
  return checked({ version, permissions: permissionsFrom(ticked) }, undefined, PERMISSIONS_FIELDS);
}

/** What a person may see in the app, a line each: a carer everything; a helper what was ticked. */
export function whatTheySee(access: Pick<FamilyAccessView, "kind" | "permissions">): readonly string[] {
  if (access.kind === "carer") return ["Everything, and they can change the sharing choices and ask to stop Portage"];
  const seen = PERMISSION_CHOICES.filter((p) => access.permissions[p.value]).map((p) => p.text);
  return seen.length > 0 ? seen : ["Nothing but their own messages to the home visitor"];
}

/** A person's access as staff read it: a tag, and a sentence on where it stands. */
export interface AccessWords extends Word {
  readonly detail: string;
}

/** Invited (until when), using the app (last signed in), access ended or removed. */
export function accessInWords(access: FamilyAccessView): AccessWords {
  const invited = `Invited${access.invitedBy ? ` by ${access.invitedBy.name}` : ""} on ${formatDate(access.invitedAt)}.`;
  switch (access.status) {
    case "invited":
      return access.pendingInvitationExpiresAt
        ? {
            text: "Invited",
            tag: "govuk-tag--blue",
            detail: `${invited} The invitation expires on ${formatDateTime(access.pendingInvitationExpiresAt)}.`,
          }
        : {
            text: "Invitation expired",
            tag: "govuk-tag--yellow",
            detail: `${invited} The invitation was not used in time: send a new one.`,
          };
    case "active":
      return {
        text: "Using the app",
        tag: "govuk-tag--green",
        detail: access.lastSignInAt
          ? `Last signed in on ${formatDateTime(access.lastSignInAt)}.`
          : `Took up the invitation on ${formatDate(access.acceptedAt)}.`,
      };
    case "revoked":
      return {
        text: "Removed",
        tag: "govuk-tag--grey",
        detail: `Access removed on ${formatDate(access.endsAt ?? access.updatedAt)}. Invite them again to give it back.`,
      };
    case "ended":
      return {
        text: "Access ended",
        tag: "govuk-tag--grey",
        detail: `Access ended when the child left Portage.${
          access.endsAt ? ` The reports stay in the app for them until ${formatDate(access.endsAt)}.` : ""
        } Invite them again to give access back.`,
      };
  }
}

/** Whether a person can be sent a fresh invitation (by email or on a letter). */
export function canInviteAgain(access: Pick<FamilyAccessView, "status">): boolean {
  return access.status === "invited" || access.status === "active";
}

/** What a message from the family is, in staff words. */
export const MESSAGE_KIND: Readonly<Record<FamilyMessageView["kind"], Word>> = {
  message: { text: "Question or note", tag: "govuk-tag--blue" },
  "leave-request": { text: "Asked to stop Portage", tag: "govuk-tag--red" },
  "consent-withdrawn": { text: "Stopped sharing", tag: "govuk-tag--orange" },
};

/** Who sent a message: `Grace Example (Mum, parent or carer)`. */
export function senderInWords(from: FamilyMessageView["from"]): string {
  return `${from.name} (${from.relationship}, ${ACCESS_KIND[from.kind].text.toLowerCase()})`;
}

/** How many of the messages nobody has read yet. */
export function unreadCount(messages: readonly Pick<FamilyMessageView, "readAt">[]): number {
  return messages.filter((m) => m.readAt === null).length;
}

/** The success banners of the tab, by the `done` code of the change made. */
export const FAMILY_DONE: Readonly<Record<string, (name: string) => string>> = {
  invited: (name) => `${name || "The person"} has been invited. The invitation email is on its way.`,
  "invitation-sent": (name) => `A new invitation has been emailed to ${name || "them"}.`,
  "permissions-changed": (name) => `What ${name || "the helper"} can see has been changed.`,
  "access-removed": (name) =>
    `${name ? `${name}'s` : "Their"} access has been removed. They have been signed out of the app.`,
  "message-read": () => "The message has been marked as read.",
};
