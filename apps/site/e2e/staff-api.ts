// The API as a coordinator sees it: signs in with the demo coordinator account (present only in
// the demo database the tests start) and reads referrals back.
import { inject } from "vitest";

const COORDINATOR = { email: "coordinator@demo.openportage.invalid", password: "cora demo password" };

interface ListedReferral {
  readonly id: string;
  readonly reference: string;
  readonly eligibilityOutcome: string | null;
  readonly child: { readonly firstName: string; readonly lastName: string };
}

/** Signs in as the demo coordinator; returns the session cookie to send back. */
export async function signIn(): Promise<string> {
  const origin = inject("origin");
  const response = await fetch(`${origin}/api/auth/sign-in`, {
    method: "POST",
    headers: { "Content-Type": "application/json", Origin: origin },
    body: JSON.stringify(COORDINATOR),
  });
  if (!response.ok) throw new Error(`sign-in failed: ${response.status} ${await response.text()}`);
  const cookie = response.headers.get("set-cookie")?.split(";")[0];
  if (!cookie) throw new Error("sign-in set no cookie");
  return cookie;
}

/** The referrals whose child has this last name (the tests give each child a unique one). */
export async function referralsFor(cookie: string, lastName: string): Promise<ListedReferral[]> {
  const response = await fetch(`${inject("origin")}/api/referrals?pageSize=100`, { headers: { Cookie: cookie } });
  if (!response.ok) throw new Error(`listing referrals failed: ${response.status} ${await response.text()}`);
  const body = (await response.json()) as { referrals: ListedReferral[] };
  return body.referrals.filter((r) => r.child.lastName === lastName);
}

/** A referral's full record, with its eligibility assessment. */
export async function referralRecord(cookie: string, id: string) {
  const response = await fetch(`${inject("origin")}/api/referrals/${id}`, { headers: { Cookie: cookie } });
  if (!response.ok) throw new Error(`reading the referral failed: ${response.status}`);
  return (await response.json()) as {
    reference: string;
    eligibility: { outcome: string; reasons: { clauseId: string; result: string }[] } | null;
  };
}
