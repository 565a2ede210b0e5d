// A stand-in for a libSQL server (sqld, Turso) in tests: Hrana over HTTP, the wire protocol
// @libsql/client's HTTP transport speaks (`POST /v2/pipeline` and `/v3/pipeline`, JSON; spec:
// libsql's docs/HTTP_V2_SPEC.md and HRANA_3_SPEC.md), backed by a local libSQL file. Each stream is
// one SQLite connection, as on sqld; every pipeline needs `Authorization: Bearer <token>`; a baton
// is random and changes with every answer; an idle stream is closed (its transaction rolled back).
// No libSQL server can be installed here (ADR 0054): this proves everything up to the wire, not
// replication, namespaces or the server's own durability. Its connections run with foreign keys
// on, as libsql-server's do, unless told otherwise (to test the API's refusal).
import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import Database from "libsql";

type Connection = InstanceType<typeof Database>;
type Statement = ReturnType<Connection["prepare"]>;

/** A Hrana value on the wire. */
type WireValue =
  | { type: "null" }
  | { type: "integer"; value: string }
  | { type: "float"; value: number }
  | { type: "text"; value: string }
  | { type: "blob"; base64: string };

interface WireStmt {
  sql?: string | null;
  sql_id?: number | null;
  args?: WireValue[];
  named_args?: { name: string; value: WireValue }[];
  want_rows?: boolean;
}

type WireCond =
  | { type: "ok" | "error"; step: number }
  | { type: "not"; cond: WireCond }
  | { type: "and" | "or"; conds: WireCond[] }
  | { type: "is_autocommit" };

interface WireRequest {
  type: string;
  stmt?: WireStmt;
  batch?: { steps: { condition?: WireCond | null; stmt: WireStmt }[] };
  sql?: string | null;
  sql_id?: number | null;
}

interface WireError {
  message: string;
  code: string;
}

interface StreamState {
  readonly id: string;
  readonly connection: Connection;
  readonly sqls: Map<number, string>;
  /**
   * The stream's prepared statements by text. A statement that failed with SQLITE_BUSY stays in
   * progress (and would block COMMIT) until it is run again: reusing it on the retry resets it.
   */
  readonly prepared: Map<string, Statement>;
  baton: string;
  timer?: NodeJS.Timeout;
}

/** What the stand-in was asked, for tests to look at. */
export interface StandInStats {
  pipelines: number;
  refusedTokens: number;
  streamsOpened: number;
  streamsExpired: number;
  statements: string[];
}

export interface LibsqlStandIn {
  /** `http://127.0.0.1:<port>`: the URL to give DATABASE_URL. */
  readonly url: string;
  readonly port: number;
  readonly token: string;
  readonly stats: StandInStats;
  /** Streams open now (each a connection). */
  openStreams(): number;
  /** Stops listening and drops every open connection and stream, as a server that went away. */
  stop(): Promise<void>;
  /** Listens again on the same port (after {@link stop}). */
  start(): Promise<void>;
}

export interface StandInOptions {
  /** The libSQL file the server keeps its database in. */
  readonly path: string;
  /** The token clients must present; a random one by default. */
  readonly token?: string;
  /** A port to listen on; a free one by default. */
  readonly port?: number;
  /** How long a stream may stay idle before the server closes it (sqld: 10 s). */
  readonly streamIdleMs?: number;
  /** Whether connections run with foreign keys on (libsql-server's default: on). */
  readonly foreignKeys?: boolean;
}

const BUSY_RETRY_MS = 5;
const BUSY_GIVE_UP_MS = 5000;

function fromWire(value: WireValue): unknown {
  switch (value.type) {
    case "null":
      return null;
    case "integer": {
      const big = BigInt(value.value);
      return big >= BigInt(Number.MIN_SAFE_INTEGER) && big <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(big) : big;
    }
    case "float":
      return value.value;
    case "text":
      return value.value;
    case "blob":
      return Buffer.from(value.base64, "base64");
  }
}

function toWire(value: unknown): WireValue {
  if (value === null || value === undefined) return { type: "null" };
  if (typeof value === "bigint") return { type: "integer", value: String(value) };
  if (typeof value === "number") {
    return { type: "float", value };
  }
  if (typeof value === "string") return { type: "text", value };
  if (value instanceof Uint8Array) return { type: "blob", base64: Buffer.from(value).toString("base64") };
  return { type: "text", value: String(value) };
}

/** The error as sqld puts it on the wire: the primary result code (the extended one is not sent). */
function wireError(error: unknown): WireError {
  const code = String((error as { code?: unknown }).code ?? "UNKNOWN");
  const primary = /^SQLITE_[A-Z]+/.exec(code)?.[0] ?? code;
  return { message: `SQLite error: ${(error as Error).message}`, code: primary };
}

class BusyError extends Error {}

function isBusy(error: unknown): boolean {
  return /SQLITE_BUSY|database is locked/.test(`${(error as { code?: unknown }).code} ${(error as Error).message}`);
}

const WRITES = /^\s*(insert|update|delete|replace|with[\s\S]*\b(insert|update|delete)\b)/i;

/** Statements that change data or schema (a batch that ran one is never tried again). */
const CHANGES = /^\s*(insert|update|delete|replace|create|drop|alter|with)\b/i;

/** Starts a stand-in libSQL server. */
export async function startLibsqlStandIn(options: StandInOptions): Promise<LibsqlStandIn> {
  const token = options.token ?? randomBytes(24).toString("base64url");
  const idleMs = options.streamIdleMs ?? 10_000;
  const foreignKeys = options.foreignKeys ?? true;
  const streams = new Map<string, StreamState>();
  const stats: StandInStats = { pipelines: 0, refusedTokens: 0, streamsOpened: 0, streamsExpired: 0, statements: [] };

  // The server's own settings, once: WAL and full sync live in the file; clients cannot change them.
  const setup = new Database(options.path);
  setup.exec("PRAGMA journal_mode = WAL");
  setup.close();

  const openConnection = (): Connection => {
    const connection = new Database(options.path);
    // No busy wait on the event loop: a locked database is retried asynchronously (below).
    connection.exec(
      `PRAGMA busy_timeout = 0; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ${foreignKeys ? "ON" : "OFF"}`,
    );
    return connection;
  };

  const closeStream = (stream: StreamState) => {
    clearTimeout(stream.timer);
    streams.delete(stream.id);
    try {
      if (stream.connection.inTransaction) stream.connection.exec("ROLLBACK");
    } catch {
      // closing anyway
    }
    stream.connection.close();
  };

  const newBaton = (stream: StreamState) => {
    stream.baton = `${stream.id}.${randomBytes(16).toString("base64url")}`;
    clearTimeout(stream.timer);
    stream.timer = setTimeout(() => {
      stats.streamsExpired++;
      closeStream(stream);
    }, idleMs);
    stream.timer.unref();
    return stream.baton;
  };

  const sqlOf = (stream: StreamState, stmt: { sql?: string | null; sql_id?: number | null }): string => {
    if (typeof stmt.sql === "string") return stmt.sql;
    if (typeof stmt.sql_id === "number") {
      const text = stream.sqls.get(stmt.sql_id);
      if (text === undefined)
        throw Object.assign(new Error(`SQL text ${stmt.sql_id} is not stored`), { code: "SQL_NOT_FOUND" });
      return text;
    }
    throw Object.assign(new Error("a statement needs sql or sql_id"), { code: "SQL_NO_STATEMENT" });
  };

  /** Runs one statement on the stream's connection; a locked database is a BusyError when nothing was done. */
  const runStmt = (stream: StreamState, stmt: WireStmt) => {
    const text = sqlOf(stream, stmt);
    stats.statements.push(text);
    const { connection } = stream;
    const wasAutocommit = !connection.inTransaction;
    let prepared: Statement;
    try {
      prepared = stream.prepared.get(text) ?? connection.prepare(text);
      stream.prepared.set(text, prepared);
      const positional = (stmt.args ?? []).map(fromWire);
      const named = Object.fromEntries(
        (stmt.named_args ?? []).map((a) => [a.name.replace(/^[:@$]/, ""), fromWire(a.value)]),
      );
      // One object for named parameters, else the positional values as one array (better-sqlite3's way).
      const params = stmt.named_args?.length ? named : positional;
      if (prepared.reader) {
        const cols = (prepared.columns() as { name: string; type?: string | null }[]).map((c) => ({
          name: c.name,
          decltype: c.type ?? null,
        }));
        const rows = (prepared.raw(true).safeIntegers(true).all(params) as unknown[][]).map((row) => row.map(toWire));
        const writes = WRITES.test(text);
        // all(), not get(): a statement stepped once stays in progress and would block COMMIT.
        const [info] = connection
          .prepare("SELECT changes(), last_insert_rowid()")
          .raw(true)
          .safeIntegers(true)
          .all() as [[bigint, bigint]];
        return {
          cols,
          rows: stmt.want_rows === false ? [] : rows,
          affected_row_count: writes ? Number(info[0]) : 0,
          last_insert_rowid: String(info[1]),
        };
      }
      const info = prepared.run(params) as { changes: number; lastInsertRowid: number | bigint };
      return { cols: [], rows: [], affected_row_count: info.changes, last_insert_rowid: String(info.lastInsertRowid) };
    } catch (error) {
      if (isBusy(error) && wasAutocommit && !connection.inTransaction) throw new BusyError();
      throw error;
    }
  };

  const evalCond = (cond: WireCond, outcome: ("ok" | "error" | undefined)[], connection: Connection): boolean => {
    switch (cond.type) {
      case "ok":
        return outcome[cond.step] === "ok";
      case "error":
        return outcome[cond.step] === "error";
      case "not":
        return !evalCond(cond.cond, outcome, connection);
      case "and":
        return cond.conds.every((c) => evalCond(c, outcome, connection));
      case "or":
        return cond.conds.some((c) => evalCond(c, outcome, connection));
      case "is_autocommit":
        return !connection.inTransaction;
    }
  };

  const runBatch = (stream: StreamState, steps: NonNullable<WireRequest["batch"]>["steps"], version: number) => {
    const outcome: ("ok" | "error" | undefined)[] = [];
    const results: unknown[] = [];
    const errors: (WireError | null)[] = [];
    let changed = false;
    steps.forEach((step, i) => {
      results.push(null);
      errors.push(null);
      if (step.condition) {
        if (step.condition.type === "is_autocommit" && version < 3) throw new Error("is_autocommit needs Hrana 3");
        if (!evalCond(step.condition, outcome, stream.connection)) return;
      }
      try {
        results[i] = runStmt(stream, step.stmt);
        outcome[i] = "ok";
        if (CHANGES.test(sqlOf(stream, step.stmt))) changed = true;
      } catch (error) {
        // A locked database before anything in the batch changed data: the whole batch is tried again.
        if (error instanceof BusyError && !changed) throw error;
        outcome[i] = "error";
        errors[i] = wireError(
          error instanceof BusyError ? Object.assign(new Error("database is locked"), { code: "SQLITE_BUSY" }) : error,
        );
      }
    });
    return { step_results: results, step_errors: errors };
  };

  const handleRequest = (stream: StreamState, request: WireRequest, version: number): unknown => {
    switch (request.type) {
      case "close":
        closeStream(stream);
        return { type: "close" };
      case "execute":
        return { type: "execute", result: runStmt(stream, request.stmt ?? {}) };
      case "batch":
        return { type: "batch", result: runBatch(stream, request.batch?.steps ?? [], version) };
      case "sequence": {
        const text = sqlOf(stream, request);
        stats.statements.push(text);
        const wasAutocommit = !stream.connection.inTransaction;
        try {
          stream.connection.exec(text);
        } catch (error) {
          if (isBusy(error) && wasAutocommit && !stream.connection.inTransaction) throw new BusyError();
          throw error;
        }
        return { type: "sequence" };
      }
      case "describe": {
        const prepared = stream.connection.prepare(sqlOf(stream, request));
        const cols = (prepared.columns() as { name: string; type?: string | null }[]).map((c) => ({
          name: c.name,
          decltype: c.type ?? null,
        }));
        const text = sqlOf(stream, request);
        return {
          type: "describe",
          result: {
            params: [],
            cols,
            is_explain: /^\s*explain\b/i.test(text),
            is_readonly: prepared.reader && !WRITES.test(text),
          },
        };
      }
      case "store_sql":
        stream.sqls.set(Number(request.sql_id), String(request.sql));
        return { type: "store_sql" };
      case "close_sql":
        stream.sqls.delete(Number(request.sql_id));
        return { type: "close_sql" };
      case "get_autocommit":
        if (version < 3) throw Object.assign(new Error("get_autocommit needs Hrana 3"), { code: "PROTOCOL" });
        return { type: "get_autocommit", is_autocommit: !stream.connection.inTransaction };
      default:
        throw Object.assign(new Error(`unknown request ${request.type}`), { code: "PROTOCOL" });
    }
  };

  /** Runs one request, trying again (without blocking the event loop) while the database is locked. */
  const runWithRetry = async (stream: StreamState, request: WireRequest, version: number) => {
    const started = Date.now();
    for (;;) {
      try {
        return { type: "ok", response: handleRequest(stream, request, version) };
      } catch (error) {
        if (error instanceof BusyError && Date.now() - started < BUSY_GIVE_UP_MS) {
          await new Promise((resolve) => setTimeout(resolve, BUSY_RETRY_MS));
          continue;
        }
        return {
          type: "error",
          error: wireError(
            error instanceof BusyError
              ? Object.assign(new Error("database is locked"), { code: "SQLITE_BUSY" })
              : error,
          ),
        };
      }
    }
  };

  const send = (res: ServerResponse, status: number, body: unknown, type = "application/json") => {
    const text = typeof body === "string" ? body : JSON.stringify(body);
    res.writeHead(status, { "Content-Type": type, "Content-Length": Buffer.byteLength(text) });
    res.end(text);
  };

  const pipeline = async (req: IncomingMessage, res: ServerResponse, version: number) => {
    if (req.headers.authorization !== `Bearer ${token}`) {
      stats.refusedTokens++;
      send(res, 401, "Unauthorized: the authorization header is missing or not valid", "text/plain");
      return;
    }
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    let body: { baton?: string | null; requests?: WireRequest[] };
    try {
      body = JSON.parse(Buffer.concat(chunks).toString("utf8"));
    } catch {
      send(res, 400, { message: "The request body is not JSON", code: "PROTOCOL" });
      return;
    }
    stats.pipelines++;
    let stream: StreamState | undefined;
    if (body.baton) {
      const id = body.baton.split(".")[0] ?? "";
      stream = streams.get(id);
      if (!stream || stream.baton !== body.baton) {
        send(res, 400, { message: "The stream has expired due to inactivity", code: "STREAM_EXPIRED" });
        return;
      }
    } else {
      const id = randomBytes(12).toString("base64url");
      stream = { id, connection: openConnection(), sqls: new Map(), prepared: new Map(), baton: "" };
      streams.set(id, stream);
      stats.streamsOpened++;
    }
    clearTimeout(stream.timer);
    const results: unknown[] = [];
    for (const request of body.requests ?? []) {
      if (!streams.has(stream.id)) {
        results.push({ type: "error", error: { message: "The stream is closed", code: "STREAM_CLOSED" } });
        continue;
      }
      results.push(await runWithRetry(stream, request, version));
    }
    const baton = streams.has(stream.id) ? newBaton(stream) : null;
    send(res, 200, { baton, base_url: null, results });
  };

  const handler = (req: IncomingMessage, res: ServerResponse) => {
    const path = (req.url ?? "/").split("?")[0];
    if (req.method === "GET" && (path === "/health" || path === "/v2" || path === "/v3")) {
      send(res, 200, "", "text/plain");
      return;
    }
    if (req.method === "POST" && (path === "/v2/pipeline" || path === "/v3/pipeline")) {
      pipeline(req, res, path === "/v3/pipeline" ? 3 : 2).catch((error: unknown) => {
        if (!res.headersSent) send(res, 500, { message: String((error as Error)?.message), code: "INTERNAL" });
      });
      return;
    }
    send(res, 404, "Not found", "text/plain");
  };

  let server: Server | undefined;
  const sockets = new Set<Socket>();
  let port = options.port ?? 0;
  const start = () =>
    new Promise<void>((resolve, reject) => {
      const s = createServer(handler);
      s.on("connection", (socket) => {
        sockets.add(socket);
        socket.on("close", () => sockets.delete(socket));
      });
      s.once("error", reject);
      s.listen(port, "127.0.0.1", () => {
        port = (s.address() as AddressInfo).port;
        server = s;
        resolve();
      });
    });
  await start();

  return {
    get url() {
      return `http://127.0.0.1:${port}`;
    },
    get port() {
      return port;
    },
    token,
    stats,
    openStreams: () => streams.size,
    start,
    stop: () =>
      new Promise<void>((resolve) => {
        for (const stream of [...streams.values()]) closeStream(stream);
        for (const socket of sockets) socket.destroy();
        if (!server) return resolve();
        server.close(() => resolve());
        server = undefined;
      }),
  };
}

/** A server that accepts connections and never answers: what a hung database looks like. */
export async function startSilentServer(): Promise<{ url: string; port: number; stop(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server = createServer(() => {
    // never answers
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    stop: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** A port nothing listens on (taken, then given back). */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
