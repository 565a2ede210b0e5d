// The API's own response types (from its exported `AppType`, as the typed Hono client sees them)
// must fit the shapes the admin app reads in records.ts. `tsc` checks this file (typecheck):
// a change to a route's answer that the admin app would misread fails the build here.
import type { AppType } from "@openportage/api";
import type { hc, InferResponseType } from "hono/client";
import type {
  AuditPage,
  CaseloadEntry,
  HomeVisitor,
  PositionExplanation,
  ReferralList,
  ReferralRecord,
  StaffAccount,
  WaitingList,
  WaitingListSummary,
} from "./records.ts";
import type { StaffUser } from "./session.ts";

type Client = ReturnType<typeof hc<AppType>>;
type Ok<Endpoint> = Endpoint extends (...args: never[]) => unknown ? InferResponseType<Endpoint, 200> : never;

/** Compiles only when `Api` can be used where the admin app expects `Admin`. */
type Fits<Api extends Admin, Admin> = Api;

export type Contract = [
  Fits<Ok<Client["auth"]["session"]["$get"]>, { user: StaffUser }>,
  Fits<Ok<Client["referrals"]["$get"]>, ReferralList>,
  Fits<Ok<Client["referrals"][":id"]["$get"]>, ReferralRecord>,
  Fits<Ok<Client["waiting-list"]["$get"]>, WaitingList>,
  Fits<Ok<Client["home-visitors"]["$get"]>, { homeVisitors: HomeVisitor[] }>,
  Fits<Ok<Client["caseload"]["$get"]>, { caseload: CaseloadEntry[] }>,
  Fits<Ok<Client["users"]["$get"]>, { users: StaffAccount[] }>,
  Fits<Ok<Client["waiting-list"]["summary"]["$get"]>, WaitingListSummary>,
  Fits<Ok<Client["waiting-list"]["explain"]["$get"]>, PositionExplanation>,
  Fits<Ok<Client["audit"]["$get"]>, AuditPage>,
  // Answers 204: the route must exist, with its path.
  Client["users"][":id"]["password"]["$post"],
];
