// What the caseload import reads of the service before it checks the files.
import { and, eq, isNull } from "drizzle-orm";
import type { Database } from "../../db/client.js";
import { users } from "../../db/schema.js";

/** Active home visitors' ids by lower-case email. */
export async function activeHomeVisitors(db: Database): Promise<Map<string, string>> {
  const rows = await db
    .select({ id: users.id, email: users.email })
    .from(users)
    .where(and(eq(users.role, "home-visitor"), isNull(users.disabledAt)));
  return new Map(rows.map((r) => [r.email.toLowerCase(), r.id]));
}
