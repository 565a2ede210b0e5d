// Reading the council's published protocol (`GET /api/protocol`): its referral routes, and any
// clause by id, so every reason on screen can say which rule it comes from.
import type { Clause, ReferralRoute } from "./records.ts";

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null;
}

/** Every clause in the protocol (an object with an `id` and a `description`), by id. */
export function clausesOf(protocol: unknown): ReadonlyMap<string, Clause> {
  const found = new Map<string, Clause>();
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) {
      for (const item of value) visit(item);
      return;
    }
    if (!isRecord(value)) return;
    if (typeof value.id === "string" && typeof value.description === "string" && !found.has(value.id)) {
      const reference =
        isRecord(value.reference) && typeof value.reference.title === "string" ? value.reference : undefined;
      found.set(value.id, {
        id: value.id,
        description: value.description,
        ...(reference
          ? {
              reference: {
                title: reference.title as string,
                ...(typeof reference.url === "string" ? { url: reference.url } : {}),
              },
            }
          : {}),
      });
    }
    for (const child of Object.values(value)) visit(child);
  };
  visit(protocol);
  return found;
}

/** The protocol's referral routes, in its order. */
export function routesOf(protocol: unknown): readonly ReferralRoute[] {
  if (!isRecord(protocol) || !isRecord(protocol.eligibility)) return [];
  const routes = protocol.eligibility.routes;
  if (!isRecord(routes) || !Array.isArray(routes.routes)) return [];
  return routes.routes.flatMap((route: unknown) =>
    isRecord(route) && typeof route.id === "string" && typeof route.name === "string"
      ? [
          {
            id: route.id,
            name: route.name,
            ...(typeof route.referrer === "string" ? { referrer: route.referrer } : {}),
          },
        ]
      : [],
  );
}

/**
 * The routes a coordinator enters referrals for: every route but the one families refer their
 * own child by, whatever its id (they use the public form). Where only professionals refer
 * (Cheshire East's Early Years Forum), every route; ADR 0060.
 */
export function enteredRoutes(routes: readonly ReferralRoute[]): readonly ReferralRoute[] {
  return routes.filter((route) => route.referrer !== "family");
}

/** True when families refer their own child by one of the routes: the public form is offered. */
export function takesFamilyReferrals(routes: readonly ReferralRoute[]): boolean {
  return routes.some((route) => route.referrer === "family");
}

/** A route's name, or its id when the protocol no longer lists it. */
export function routeName(routes: readonly ReferralRoute[], id: string): string {
  return routes.find((route) => route.id === id)?.name ?? id;
}

/** The protocol's developmental areas (for delays recorded at triage). */
export function areasOf(protocol: unknown): readonly { id: string; name: string }[] {
  if (!isRecord(protocol) || !isRecord(protocol.plans) || !isRecord(protocol.plans.areas)) return [];
  const areas = protocol.plans.areas.areas;
  if (!Array.isArray(areas)) return [];
  return areas.flatMap((area: unknown) =>
    isRecord(area) && typeof area.id === "string" && typeof area.name === "string"
      ? [{ id: area.id, name: area.name }]
      : [],
  );
}

/** The words the referral form fills in: the council's area and the service's name. */
export function formWordsOf(protocol: unknown): { areaName: string; serviceName: string } {
  const council = isRecord(protocol) && isRecord(protocol.council) ? protocol.council : {};
  return {
    areaName: typeof council.areaName === "string" ? council.areaName : "the council's area",
    serviceName:
      isRecord(protocol) && typeof protocol.serviceName === "string" ? protocol.serviceName : "the Portage service",
  };
}

/** True when the protocol makes monitoring visits while a family waits (`visits.monitoring.whileWaiting`). */
export function monitorsWhileWaiting(protocol: unknown): boolean {
  return (
    isRecord(protocol) &&
    isRecord(protocol.visits) &&
    isRecord(protocol.visits.monitoring) &&
    protocol.visits.monitoring.whileWaiting === true
  );
}

/**
 * The protocol as staff name it: the council's name with the protocol's own id when it is not
 * the one shown ("Lancashire County Council's protocol"), never the bare id.
 */
export function protocolName(protocol: unknown, protocolId: string): string {
  const council = isRecord(protocol) && isRecord(protocol.council) ? protocol.council : {};
  const id = isRecord(protocol) && typeof protocol.id === "string" ? protocol.id : undefined;
  const name = typeof council.name === "string" ? council.name : undefined;
  if (name && id === protocolId) return `${name}'s protocol`;
  return `the protocol “${protocolId}”, no longer in use`;
}
