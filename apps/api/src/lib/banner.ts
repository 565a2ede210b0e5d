// What the server prints when it is ready: what is served where, how to sign in with the demo
// accounts, how to stop. Kept apart from server.ts so a test can read it.

/** What the banner needs to know. */
export interface BannerFacts {
  /** The address to open in a browser (a loopback address shown as localhost). */
  readonly url: string;
  readonly mode: "demo" | "production";
  readonly councilName: string;
  readonly site: boolean;
  readonly admin: boolean;
  readonly family: boolean;
  /** The demo staff accounts, when the database holds them. */
  readonly demoAccounts: readonly {
    readonly role: string;
    readonly email: string;
    readonly password: string;
    readonly totpSecret?: string;
  }[];
}

/** The banner's lines. */
export function startupBanner(facts: BannerFacts): string[] {
  const { url } = facts;
  const row = (what: string, path: string, built: boolean, app: string) =>
    `  ${what.padEnd(15)} ${built ? `${url}${path}` : `not built (run pnpm --filter @openportage/${app} build)`}`;
  const lines = [
    "",
    `Open Portage is running for ${facts.councilName}, in ${facts.mode} mode.`,
    "",
    row("Public site", "/", facts.site, "site"),
    row("Staff app", "/admin/", facts.admin, "admin"),
    row("Family app", "/family/", facts.family, "family"),
    `  ${"API reference".padEnd(15)} ${url}/api/docs`,
  ];
  if (facts.mode === "demo" && facts.family) {
    lines.push(
      `  ${"Demo mail".padEnd(15)} ${url}/family/demo-mail (the family app's emails, which the demo never sends)`,
    );
  }
  if (facts.demoAccounts.length > 0) {
    lines.push("", "Sign in to the staff app with a demo account (they exist only in the demo database):");
    const width = Math.max(...facts.demoAccounts.map((a) => a.email.length));
    for (const account of facts.demoAccounts) {
      lines.push(
        `  ${account.role.padEnd(13)} ${account.email.padEnd(width)}  password: "${account.password}"${account.totpSecret ? `  authenticator key: ${account.totpSecret}` : ""}`,
      );
    }
  }
  lines.push("", "Press Ctrl+C to stop.", "");
  return lines;
}
