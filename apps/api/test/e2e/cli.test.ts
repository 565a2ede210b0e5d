// The operations CLI (dist/cli.js) on a real database file: retention and subject access.
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { createClient } from "@libsql/client";
import { afterAll, expect, it } from "vitest";

const dir = mkdtempSync(join(tmpdir(), "openportage-cli-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const CLI = fileURLToPath(new URL("../../dist/cli.js", import.meta.url));
const url = `file:${join(dir, "cli.db")}`;

function cli(...args: string[]): string {
  return execFileSync(process.execPath, [CLI, ...args], {
    cwd: dir,
    env: { ...process.env, DATABASE_URL: url, OPENPORTAGE_MODE: "demo" },
    encoding: "utf8",
  });
}

it("retention-due lists and erases; export-child writes one file; both audited", async () => {
  cli("seed-demo", "--families", "4");
  const client = createClient({ url });
  const rows = (
    await client.execute("select c.id, r.reference from children c join referrals r on r.child_id = c.id order by c.id")
  ).rows;
  const [old, other] = rows;
  await client.execute({
    sql: "update children set destroy_after = '2000-01-01' where id = ?",
    args: [String(old?.id)],
  });

  const listed = cli("retention-due");
  expect(listed).toContain(String(old?.id));
  expect(listed).toContain("run again with --erase");
  expect(Number((await client.execute("select count(*) as n from children")).rows[0]?.n)).toBe(4);

  expect(cli("retention-due", "--erase")).toMatch(/erased/);
  expect(Number((await client.execute("select count(*) as n from children")).rows[0]?.n)).toBe(3);
  expect(cli("retention-due")).toContain("no records are due");

  const out = cli("export-child", String(other?.reference), "--out", "sar.json");
  expect(out).toContain(String(other?.id));
  const data = JSON.parse(readFileSync(join(dir, "sar.json"), "utf8"));
  expect(data.child.id).toBe(other?.id);
  expect(existsSync(join(dir, "sar.json"))).toBe(true);
  const actions = (
    await client.execute("select action from audit_events where actor_role = 'operator' order by id")
  ).rows.map((r) => r.action);
  expect(actions).toEqual(["erase", "export"]);
  client.close();
});
