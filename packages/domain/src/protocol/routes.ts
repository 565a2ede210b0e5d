// Which of a protocol's referral routes a family uses to refer their own child. Some councils take
// referrals only from professionals (Cheshire East: the multi-agency Early Years Forum), and an app
// must then neither offer a family's form nor record a route the protocol does not have (ADR 0060).
import type { Protocol, ReferralRoute } from "./schema.js";

/**
 * The protocol's route for families referring their own child: the first route whose referrer
 * is `family`, or `undefined` when families cannot refer themselves and every route is a
 * professional's.
 */
export function familyRoute(protocol: Pick<Protocol, "eligibility">): ReferralRoute | undefined {
  return protocol.eligibility.routes.routes.find((route) => route.referrer === "family");
}

/** The protocol's routes that a professional completes with the family, in the protocol's order. */
export function professionalRoutes(protocol: Pick<Protocol, "eligibility">): readonly ReferralRoute[] {
  return protocol.eligibility.routes.routes.filter((route) => route.referrer === "professional");
}
