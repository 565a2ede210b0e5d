// Inserts in plain SQL from the schema's own tables: the statement's text is made once for each
// table and set of columns, and each value goes through its column's own mapping (JSON columns
// as JSON text, boolean columns as 0 or 1), exactly as the query builder would store it, without
// building the query again on every call. For the hottest writes (a referral's unit of work,
// db/group-commit.ts), where building statements cost more than running them (docs/adr/0056).
import type { InValue } from "@libsql/client";
import { getTableColumns, getTableName } from "drizzle-orm";
import type { SQLiteColumn, SQLiteTable } from "drizzle-orm/sqlite-core";

type Columns = Record<string, SQLiteColumn>;

const columnsOf = new WeakMap<SQLiteTable, Columns>();
const texts = new Map<string, string>();

function columns(table: SQLiteTable): Columns {
  let found = columnsOf.get(table);
  if (!found) {
    found = getTableColumns(table) as Columns;
    columnsOf.set(table, found);
  }
  return found;
}

/**
 * One insert of `rows` into `table`, naming the columns of the first row's keys (every row gives
 * the same keys; a key left undefined is stored as null). Unknown keys are refused.
 */
export function plainInsert<T extends SQLiteTable>(
  table: T,
  rows: readonly T["$inferInsert"][],
): { sql: string; args: InValue[] } {
  const first = rows[0];
  if (!first) throw new Error(`plainInsert into ${getTableName(table)} with no rows`);
  const all = columns(table);
  const keys = Object.keys(first);
  const picked = keys.map((key) => {
    const column = all[key];
    if (!column) throw new Error(`${getTableName(table)} has no column ${key}`);
    return column;
  });
  const id = `${getTableName(table)}|${keys.join(",")}|${rows.length}`;
  let sql = texts.get(id);
  if (sql === undefined) {
    const row = `(${picked.map(() => "?").join(", ")})`;
    sql = `insert into "${getTableName(table)}" (${picked.map((c) => `"${c.name}"`).join(", ")}) values ${Array.from({ length: rows.length }, () => row).join(", ")}`;
    if (texts.size < 1000) texts.set(id, sql);
  }
  const args: InValue[] = [];
  for (const row of rows) {
    const values = row as Record<string, unknown>;
    for (let i = 0; i < keys.length; i++) {
      const value = values[keys[i] as string];
      args.push(
        value === undefined || value === null ? null : ((picked[i] as SQLiteColumn).mapToDriverValue(value) as InValue),
      );
    }
  }
  return { sql, args };
}
