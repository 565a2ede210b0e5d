// A stand-in for GOV.UK Notify on 127.0.0.1: real HTTP, answered as Notify's
// POST /v2/notifications/email and GET /v2/notifications?reference= answer, each request recorded
// and its bearer token checked. Like Notify, it creates a notification when the request arrives,
// whether or not the caller lives to read the answer; `hold()` keeps answers back until
// `release()`, so a test can kill the sender mid-delivery.
import { createHmac, randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface ReceivedEmail {
  method: string;
  path: string;
  body: {
    template_id: string;
    email_address: string;
    personalisation: Record<string, unknown>;
    reference: string;
  };
  tokenValid: boolean;
  /** Notify's status for a created notification (`delivered` unless a test says otherwise) and when it was made. */
  status?: string;
  createdAt?: string;
}

/** A Notify API key for the stand-in: `name-serviceId-secret`, as Notify issues them. */
export function standInKey() {
  const serviceId = randomUUID();
  const secret = randomUUID();
  return { serviceId, secret, apiKey: `openportage_test-${serviceId}-${secret}` };
}

export function notifyStandIn(key: { serviceId: string; secret: string }) {
  const received: ReceivedEmail[] = [];
  const posts: ReceivedEmail[] = [];
  const lookups: string[] = [];
  let status = 201;
  let lookupStatus = 200;
  let held: (() => void)[] | undefined;
  let arrived: (() => void)[] = [];

  /** Notify's bearer token: a JWT signed HS256 with the key's secret, `iss` the service id. */
  function validToken(req: IncomingMessage): boolean {
    const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? "")?.[1];
    const [header, payload, signature] = token?.split(".") ?? [];
    if (!header || !payload || !signature) return false;
    const expected = createHmac("sha256", key.secret).update(`${header}.${payload}`).digest("base64url");
    const claims = JSON.parse(Buffer.from(payload, "base64url").toString()) as { iss?: string; iat?: number };
    return (
      expected === signature && claims.iss === key.serviceId && Math.abs((claims.iat ?? 0) - Date.now() / 1000) < 30
    );
  }

  function answer(res: ServerResponse, code: number, body: unknown) {
    res.statusCode = code;
    res.setHeader("Content-Type", "application/json");
    res.end(JSON.stringify(body));
  }

  const server: Server = createServer((req, res) => {
    let raw = "";
    req.on("data", (chunk) => {
      raw += chunk;
    });
    req.on("end", () => {
      const url = new URL(req.url ?? "/", "http://127.0.0.1");
      if (req.method === "GET" && url.pathname === "/v2/notifications") {
        const reference = url.searchParams.get("reference") ?? "";
        lookups.push(reference);
        if (!validToken(req) || lookupStatus !== 200) {
          answer(res, validToken(req) ? lookupStatus : 403, { status_code: lookupStatus, errors: [] });
          return;
        }
        const found = received.filter((r) => r.body.reference === reference && r.tokenValid);
        answer(res, 200, {
          notifications: found.map((r) => ({
            id: randomUUID(),
            reference: r.body.reference,
            status: r.status ?? "delivered",
            created_at: r.createdAt,
          })),
          links: {},
        });
        return;
      }
      const body = JSON.parse(raw || "{}") as ReceivedEmail["body"];
      const tokenValid = validToken(req);
      posts.push({ method: req.method ?? "", path: req.url ?? "", body, tokenValid });
      const respond = () => {
        if (status !== 201) {
          answer(res, status, {
            status_code: status,
            errors: [{ error: "Exception", message: "Internal server error" }],
          });
          return;
        }
        const id = randomUUID();
        answer(res, 201, {
          id,
          reference: body.reference,
          content: { subject: "Subject", body: "Body", from_email: "portage@notifications.service.gov.uk" },
          uri: `http://127.0.0.1/v2/notifications/${id}`,
          template: { id: body.template_id, version: 1, uri: `http://127.0.0.1/v2/template/${body.template_id}` },
        });
      };
      // Notify creates the notification on arrival (a failing answer creates nothing).
      if (status === 201)
        received.push({
          method: req.method ?? "",
          path: req.url ?? "",
          body,
          tokenValid,
          createdAt: new Date().toISOString(),
        });
      for (const wake of arrived) wake();
      arrived = [];
      if (held) held.push(respond);
      else respond();
    });
  });

  return {
    server,
    /** Notifications created, in order. */
    received,
    /** Every POST, including those answered with an error. */
    posts,
    /** References asked about with GET /v2/notifications. */
    lookups,
    answer(next: number) {
      status = next;
    },
    answerLookups(next: number) {
      lookupStatus = next;
    },
    /** Says what became of the newest notification with this reference (`permanent-failure`, ...). */
    becomes(reference: string, next: string) {
      const newest = received.filter((r) => r.body.reference === reference).at(-1);
      if (!newest) throw new Error(`the stand-in has no notification with reference ${reference}`);
      newest.status = next;
    },
    /** Keeps every answer back until `release()`. */
    hold() {
      held = [];
    },
    release() {
      const waiting = held ?? [];
      held = undefined;
      for (const respond of waiting) respond();
    },
    /** Resolves when the next request arrives. */
    nextArrival(): Promise<void> {
      return new Promise((resolve) => arrived.push(resolve));
    },
    async listen() {
      await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    },
    async close() {
      this.release();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
    url: () => `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
  };
}

export type NotifyStandIn = ReturnType<typeof notifyStandIn>;
