// The reports of issue 13: each turns the rows the store reads into one table, using the domain's
// figures (visitsHeld, targetsAchieved, exitsByReason, compareProfiles, spreadOfDays, percentOf).
import {
  compareProfiles,
  type DevelopmentalProfile,
  daysBetween,
  exitsByReason,
  type IsoDate,
  monthOf,
  monthsOfPeriod,
  type OutcomeBlock,
  type OutcomeVisitStatus,
  type Protocol,
  percentOf,
  spreadOfDays,
  targetsAchieved,
  visitsHeld,
  type WaitingListAllocation,
  type WaitingListHistory,
  waitingListSize,
} from "@openportage/domain";
import type { Database } from "../../db/client.js";
import { englandDateOf } from "../../lib/clock.js";
import type { ReportBreakdown, ReportColumn, ReportName, ReportRow, ReportView } from "./contract.js";
import * as store from "./store.js";
import { type Cells, markRow, totalsRow } from "./table.js";

/** What a report is asked for. */
export interface ReportRequest {
  readonly db: Database;
  readonly protocol: Protocol;
  readonly from: IsoDate;
  readonly to: IsoDate;
  /** Today in England: figures that need a day to have passed stop here. */
  readonly today: IsoDate;
  readonly by: ReportBreakdown | null;
  readonly threshold: number;
  /** A home visitor's id: only children ever allocated to them are counted. */
  readonly visitorId: string | null;
}

type Table = Pick<ReportView, "columns" | "rows" | "totals" | "notes">;

/** What each report is: its title, what it counts, the breakdowns it offers, and how it is built. */
export interface ReportDefinition {
  readonly title: string;
  readonly description: string;
  readonly byOptions: readonly ReportBreakdown[];
  build(r: ReportRequest): Promise<Table>;
}

const col = (key: string, label: string, kind: ReportColumn["kind"], basis?: string): ReportColumn =>
  basis ? { key, label, kind, basis } : { key, label, kind };

const BREAKDOWN_LABELS: Record<ReportBreakdown, string> = {
  visitor: "Home visitor",
  route: "Referral route",
  area: "Developmental area",
};

const minDay = (a: IsoDate, b: IsoDate) => (a < b ? a : b);

/**
 * Who holds each child on a day, each child's referral route, and the names the breakdowns show.
 * The referrals (the slowest read: their rows carry the answers) are read only when asked for or
 * when the breakdown is by route.
 */
async function caseIndex(r: ReportRequest, needs: { referrals?: boolean; routes?: boolean } = {}) {
  const withRoute = needs.routes === true || r.by === "route";
  const [referralRows, allocationRows, people] = await Promise.all([
    needs.referrals || withRoute ? store.loadReferrals(r.db, withRoute) : Promise.resolve([]),
    store.loadAllocations(r.db),
    store.loadVisitors(r.db),
  ]);
  const names = new Map(people.map((p) => [p.id, p.name]));
  // Each child's allocations in order, with their days in England worked out once.
  const allocationsOf = new Map<string, (AllocationRow & { fromDay: IsoDate; toDay: IsoDate | null })[]>();
  for (const a of allocationRows) {
    const list = allocationsOf.get(a.childId) ?? [];
    list.push({
      ...a,
      fromDay: englandDateOf(a.allocatedAt),
      toDay: a.endedAt === null ? null : englandDateOf(a.endedAt),
    });
    allocationsOf.set(a.childId, list);
  }
  // A child's referral for the breakdown by route: the latest one.
  const routeOfChild = new Map<string, string>();
  for (const ref of [...referralRows].sort((a, b) => a.receivedAt.localeCompare(b.receivedAt))) {
    routeOfChild.set(ref.childId, ref.route);
  }
  const inScope = (childId: string) =>
    r.visitorId === null || (allocationsOf.get(childId) ?? []).some((a) => a.homeVisitorId === r.visitorId);
  /** The home visitor holding the child on `day`, if any. */
  const visitorOn = (childId: string, day: IsoDate): string | undefined => {
    const list = allocationsOf.get(childId);
    if (list === undefined) return undefined;
    for (let i = list.length - 1; i >= 0; i--) {
      const a = list[i] as (typeof list)[number];
      if (a.fromDay <= day && (a.toDay === null || a.toDay >= day)) return a.homeVisitorId;
    }
    return undefined;
  };
  const routeName = (id: string) => r.protocol.eligibility.routes.routes.find((x) => x.id === id)?.name ?? id;
  const visitorName = (id: string | undefined) => (id === undefined ? "Not allocated" : (names.get(id) ?? "Unknown"));
  return { referralRows, allocationRows, allocationsOf, routeOfChild, inScope, visitorOn, routeName, visitorName };
}
type CaseIndex = Awaited<ReturnType<typeof caseIndex>>;
type AllocationRow = Awaited<ReturnType<typeof store.loadAllocations>>[number];

/** Rows for each group of `items` (in label order), or one row for them all when there is no breakdown. */
function groupRows<T>(
  r: ReportRequest,
  items: readonly T[],
  labelOf: (item: T) => string,
  build: (items: readonly T[]) => Cells,
): Cells[] {
  if (r.by === null) return [build(items)];
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const label = labelOf(item);
    const group = groups.get(label);
    if (group) group.push(item);
    else groups.set(label, [item]);
  }
  return [...groups.keys()]
    .sort((a, b) => a.localeCompare(b, "en-GB"))
    .map((label) => ({ group: label, ...build(groups.get(label) as T[]) }));
}

const groupColumn = (r: ReportRequest): ReportColumn[] =>
  r.by === null ? [] : [col("group", BREAKDOWN_LABELS[r.by], "text")];

function finish(r: ReportRequest, columns: ReportColumn[], cells: Cells[], notes: string[], derived?: Cells): Table {
  const rows: ReportRow[] = cells.map((c) => markRow(columns, c, r.threshold));
  return { columns, rows, totals: totalsRow(columns, rows, r.threshold, derived), notes };
}

const inPeriod = (r: ReportRequest, day: string) => day >= r.from && day <= r.to;

const SERVICE_NOTE = (r: ReportRequest) =>
  r.visitorId === null ? [] : ["Only children allocated to you at some time are counted."];

async function referralsReport(r: ReportRequest): Promise<Table> {
  const idx = await caseIndex(r, { referrals: true, routes: true });
  const months = monthsOfPeriod(r.from, r.to);
  const received = idx.referralRows
    .map((ref) => ({ route: ref.route, day: englandDateOf(ref.receivedAt) }))
    .filter((ref) => inPeriod(r, ref.day));
  const routeIds = [
    ...r.protocol.eligibility.routes.routes.map((x) => x.id),
    ...new Set(
      received.map((x) => x.route).filter((id) => !r.protocol.eligibility.routes.routes.some((x) => x.id === id)),
    ),
  ];
  const columns = [
    col("route", "Referral route", "text"),
    ...months.map((m) => col(m.month, m.month, "count")),
    col("total", "Total", "count"),
  ];
  const cells = routeIds.map((id) => {
    const mine = received.filter((x) => x.route === id);
    const row: Cells = { route: idx.routeName(id) };
    for (const m of months) row[m.month] = mine.filter((x) => monthOf(x.day as IsoDate) === m.month).length;
    row.total = mine.length;
    return row;
  });
  return finish(r, columns, cells, ["Referrals counted by the day they were received (England time)."]);
}

const DECISION_LABELS: Record<string, string> = {
  accepted: "Accepted onto the waiting list",
  "not-eligible": "Not eligible",
  "more-information": "More information asked for",
};

async function eligibilityReport(r: ReportRequest): Promise<Table> {
  const idx = await caseIndex(r, { referrals: true });
  const decisionRows = await store.loadDecisions(r.db);
  // Each referral's last decision in the period.
  const last = new Map<string, string>();
  for (const d of decisionRows) if (inPeriod(r, englandDateOf(d.decidedAt))) last.set(d.referralId, d.outcome);
  const routeOf = new Map(idx.referralRows.map((ref) => [ref.id, ref.route]));
  const decided = [...last].map(([referralId, outcome]) => ({ outcome, route: routeOf.get(referralId) ?? "" }));
  const columns = [
    ...groupColumn(r),
    ...Object.keys(DECISION_LABELS).map((k) => col(k, DECISION_LABELS[k] as string, "count")),
    col("decided", "Referrals decided", "count"),
    col("percentAccepted", "% accepted", "percent", "decided"),
  ];
  const build = (items: readonly { outcome: string }[]): Cells => {
    const row: Cells = {};
    for (const k of Object.keys(DECISION_LABELS)) row[k] = items.filter((d) => d.outcome === k).length;
    row.decided = items.length;
    row.percentAccepted = percentOf(items.filter((d) => d.outcome === "accepted").length, items.length);
    return row;
  };
  const cells = groupRows(r, decided, (d) => idx.routeName(d.route), build);
  return finish(r, columns, cells, ["Each referral counts once, by its last decision in the period."], {
    percentAccepted: build(decided).percentAccepted ?? null,
  });
}

async function waitingTimesReport(r: ReportRequest): Promise<Table> {
  const idx = await caseIndex(r, { referrals: true });
  const [decisionRows, heldRows] = await Promise.all([store.loadDecisions(r.db), store.loadFirstHeldVisits(r.db)]);
  const firstDecision = new Map<string, string>();
  for (const d of decisionRows) if (!firstDecision.has(d.referralId)) firstDecision.set(d.referralId, d.decidedAt);
  const firstAllocation = new Map<string, { day: IsoDate; visitorId: string }>();
  for (const a of idx.allocationRows) {
    if (!firstAllocation.has(a.referralId)) {
      firstAllocation.set(a.referralId, { day: englandDateOf(a.allocatedAt), visitorId: a.homeVisitorId });
    }
  }
  const firstVisit = new Map(heldRows.map((v) => [v.childId, v.date]));
  type Wait = { interval: string; days: number; route: string; visitorId: string | undefined };
  const waits: Wait[] = [];
  for (const ref of idx.referralRows) {
    if (!idx.inScope(ref.childId)) continue;
    const referred = englandDateOf(ref.receivedAt);
    const allocation = firstAllocation.get(ref.id);
    const base = { route: ref.route, visitorId: allocation?.visitorId };
    const decidedAt = firstDecision.get(ref.id);
    if (decidedAt !== undefined) {
      const day = englandDateOf(decidedAt);
      if (inPeriod(r, day)) waits.push({ ...base, interval: "referral-to-decision", days: daysBetween(referred, day) });
    }
    if (allocation && ref.acceptedOn && inPeriod(r, allocation.day) && allocation.day >= ref.acceptedOn) {
      waits.push({
        ...base,
        interval: "acceptance-to-allocation",
        days: daysBetween(ref.acceptedOn as IsoDate, allocation.day),
      });
    }
    const visited = firstVisit.get(ref.childId);
    if (visited !== undefined && inPeriod(r, visited) && visited >= referred) {
      waits.push({ ...base, interval: "referral-to-first-visit", days: daysBetween(referred, visited as IsoDate) });
    }
  }
  const INTERVALS: Record<string, string> = {
    "referral-to-decision": "Referral to decision",
    "acceptance-to-allocation": "Acceptance to allocation",
    "referral-to-first-visit": "Referral to first visit",
  };
  const columns = [
    ...groupColumn(r),
    col("interval", "Wait", "text"),
    col("count", "Children", "count"),
    col("medianDays", "Median (days)", "days", "count"),
    col("p90Days", "90th percentile (days)", "days", "count"),
  ];
  // Each wait's group worked out once, then each group's waits of each kind in one pass.
  const labelOf = (w: Wait) =>
    r.by === null ? "" : r.by === "route" ? idx.routeName(w.route) : idx.visitorName(w.visitorId);
  const daysOf = new Map<string, Map<string, number[]>>();
  for (const w of waits) {
    const label = labelOf(w);
    const group = daysOf.get(label) ?? new Map<string, number[]>();
    const days = group.get(w.interval) ?? [];
    days.push(w.days);
    group.set(w.interval, days);
    daysOf.set(label, group);
  }
  const cells = groupRows(r, waits, labelOf, () => ({}) as Cells).flatMap((groupCells) =>
    Object.keys(INTERVALS).map((interval) => {
      const s = spreadOfDays(daysOf.get(r.by === null ? "" : String(groupCells.group))?.get(interval) ?? []);
      return {
        ...groupCells,
        interval: INTERVALS[interval] as string,
        count: s.count,
        medianDays: s.medianDays,
        p90Days: s.p90Days,
      };
    }),
  );
  const rows = cells.map((c) => markRow(columns, c, r.threshold));
  return {
    columns,
    rows,
    totals: null,
    notes: [
      "A wait is counted in the period its end falls in: the first decision, the first allocation, the first visit held.",
      "Median and 90th percentile by the nearest-rank method: each is a wait a family actually had.",
      ...SERVICE_NOTE(r),
    ],
  };
}

async function waitingListReport(r: ReportRequest): Promise<Table> {
  const idx = await caseIndex(r, { referrals: true });
  const allocationsOfReferral = new Map<string, WaitingListAllocation[]>();
  for (const a of idx.allocationRows) {
    const list = allocationsOfReferral.get(a.referralId) ?? [];
    list.push({
      allocatedOn: englandDateOf(a.allocatedAt),
      endedOn: a.endedAt === null ? undefined : englandDateOf(a.endedAt),
      returnedToWaitingList: a.endReason === "returned-to-waiting-list",
    });
    allocationsOfReferral.set(a.referralId, list);
  }
  const histories = idx.referralRows.flatMap((ref) =>
    ref.acceptedOn === null
      ? []
      : [
          {
            route: ref.route,
            history: {
              acceptedOn: ref.acceptedOn as IsoDate,
              allocations: allocationsOfReferral.get(ref.id) ?? [],
              // Closed while waiting (or found not eligible after all): the day it last changed.
              leftOn: ref.status === "waiting" ? undefined : englandDateOf(ref.updatedAt),
            } satisfies WaitingListHistory,
          },
        ],
  );
  const columns = [...groupColumn(r), col("month", "Month end", "text"), col("waiting", "Children waiting", "count")];
  const months = monthsOfPeriod(r.from, r.to);
  const monthEnds = months.map((m) => m.end);
  const cells = groupRows(
    r,
    histories,
    (h) => idx.routeName(h.route),
    () => ({}) as Cells,
  ).flatMap((g) => {
    const sizes = waitingListSize(
      histories.filter((h) => r.by === null || idx.routeName(h.route) === g.group).map((h) => h.history),
      monthEnds,
    );
    return months.map((m, i) => ({ ...g, month: m.end, waiting: sizes[i] as number }));
  });
  return {
    columns,
    rows: cells.map((c) => markRow(columns, c, r.threshold)),
    totals: null,
    notes: [
      "Children on the waiting list at the end of each month (the period's last day for its last month): accepted, not yet allocated a home visitor.",
      "A child returned to the waiting list after a block review counts as waiting again until the next allocation; each child counts once a month.",
      "A referral closed while waiting is taken to have left the list on the day it last changed.",
    ],
  };
}

async function visitsInScope(r: ReportRequest, idx: CaseIndex) {
  const asOf = minDay(r.to, r.today);
  const rows = (await store.loadVisits(r.db, r.from, asOf)).filter((v) => idx.inScope(v.childId));
  return rows.map((v) => ({
    ...v,
    date: v.date as IsoDate,
    status: v.status as OutcomeVisitStatus,
    visitorId: idx.visitorOn(v.childId, v.date as IsoDate),
  }));
}

async function caseloadsReport(r: ReportRequest): Promise<Table> {
  const idx = await caseIndex(r);
  const visitRows = await visitsInScope(r, idx);
  const end = minDay(r.to, r.today);
  const visitorIds = [...new Set(idx.allocationRows.map((a) => a.homeVisitorId))].filter(
    (id) => r.visitorId === null || id === r.visitorId,
  );
  const columns = [
    col("visitor", "Home visitor", "text"),
    col("childrenInPeriod", "Children allocated in the period", "count"),
    col("childrenAtEnd", "Children allocated at the end", "count"),
    col("visitsPlanned", "Visits planned", "count"),
    col("visitsHeld", "Visits held", "count"),
    col("percentHeld", "% held", "percent", "visitsPlanned"),
  ];
  const cells = visitorIds
    .map((id) => {
      const mine = idx.allocationRows.filter((a) => a.homeVisitorId === id);
      const overlaps = mine.filter(
        (a) => englandDateOf(a.allocatedAt) <= r.to && (a.endedAt === null || englandDateOf(a.endedAt) >= r.from),
      );
      const atEnd = mine.filter(
        (a) => englandDateOf(a.allocatedAt) <= end && (a.endedAt === null || englandDateOf(a.endedAt) > end),
      );
      const figures = visitsHeld(
        visitRows.filter((v) => v.visitorId === id),
        end,
      ).service;
      return {
        visitor: idx.visitorName(id),
        childrenInPeriod: new Set(overlaps.map((a) => a.childId)).size,
        childrenAtEnd: new Set(atEnd.map((a) => a.childId)).size,
        visitsPlanned: figures.planned,
        visitsHeld: figures.held,
        percentHeld: figures.percent,
      } as Cells;
    })
    .sort((a, b) => String(a.visitor).localeCompare(String(b.visitor), "en-GB"));
  const all = visitsHeld(
    visitRows.filter((v) => v.visitorId !== undefined && visitorIds.includes(v.visitorId)),
    end,
  ).service;
  return finish(
    r,
    columns,
    cells,
    [
      "Visits are those dated in the period up to today, counted for the home visitor holding the child on the day.",
      "A child counts for every home visitor who held them in the period, so the total of children can count a child twice.",
    ],
    { percentHeld: all.percent },
  );
}

async function visitsReport(r: ReportRequest): Promise<Table> {
  const idx = await caseIndex(r);
  const visitRows = await visitsInScope(r, idx);
  const end = minDay(r.to, r.today);
  const columns = [
    ...groupColumn(r),
    col("planned", "Planned", "count"),
    col("held", "Held", "count"),
    col("missed", "Missed", "count"),
    col("cancelledByFamily", "Cancelled by the family", "count"),
    col("cancelledByService", "Cancelled by the service", "count"),
    col("notRecorded", "Not yet recorded", "count"),
    col("percentHeld", "% held", "percent", "planned"),
  ];
  const build = (vs: readonly (typeof visitRows)[number][]): Cells => {
    const f = visitsHeld(vs, end).service;
    return {
      planned: f.planned,
      held: f.held,
      missed: f.missed,
      cancelledByFamily: f.cancelledByFamily,
      cancelledByService: f.cancelledByService,
      notRecorded: f.notRecorded,
      percentHeld: f.percent,
    };
  };
  const cells = groupRows(
    r,
    visitRows,
    (v) => (r.by === "route" ? idx.routeName(idx.routeOfChild.get(v.childId) ?? "") : idx.visitorName(v.visitorId)),
    build,
  );
  return finish(
    r,
    columns,
    cells,
    ["Visits dated in the period up to today, whatever became of them.", ...SERVICE_NOTE(r)],
    {
      percentHeld: build(visitRows).percentHeld ?? null,
    },
  );
}

type PlanDocument = {
  blocks?: {
    id: string;
    start: string;
    end: string;
    status?: string;
    targets?: { areaId: string; outcome?: { result: string; on: string } }[];
  }[];
};

async function targetsReport(r: ReportRequest): Promise<Table> {
  const idx = await caseIndex(r);
  const plans = (await store.loadPlans(r.db)).filter((p) => idx.inScope(p.childId));
  const asOf = minDay(r.to, r.today);
  // Blocks that started in the period, for the visitor holding the child when the block started.
  const blocks: (OutcomeBlock & { visitorId: string | undefined; route: string })[] = [];
  for (const plan of plans) {
    for (const b of (plan.document as PlanDocument).blocks ?? []) {
      if (!inPeriod(r, b.start)) continue;
      blocks.push({
        id: b.id,
        childId: plan.childId,
        start: b.start as IsoDate,
        end: b.end as IsoDate,
        status: b.status,
        targets: (b.targets ?? []).map((t) => ({
          areaId: t.areaId,
          outcome: t.outcome ? { result: t.outcome.result, on: t.outcome.on as IsoDate } : undefined,
        })),
        visitorId: idx.visitorOn(plan.childId, b.start as IsoDate),
        route: idx.routeOfChild.get(plan.childId) ?? "",
      });
    }
  }
  const columns = [
    ...groupColumn(r),
    col("set", "Targets set", "count"),
    col("achieved", "Achieved", "count"),
    col("percentAchieved", "% achieved", "percent", "set"),
    col("carriedForward", "Carried forward", "count"),
    col("stopped", "Stopped", "count"),
    col("open", "Still open", "count"),
  ];
  type F = ReturnType<typeof targetsAchieved>["service"];
  const cellsOf = (f: F): Cells => ({
    set: f.set,
    achieved: f.achieved,
    percentAchieved: f.percent,
    carriedForward: f.carriedForward,
    stopped: f.stopped,
    open: f.open,
  });
  const whole = targetsAchieved(blocks, asOf);
  let cells: Cells[];
  if (r.by === "area") {
    const areaName = (id: string) => r.protocol.plans.areas.areas.find((a) => a.id === id)?.name ?? id;
    cells = whole.byArea
      .map((a) => ({ group: areaName(a.areaId), ...cellsOf(a) }))
      .sort((a, b) => a.group.localeCompare(b.group, "en-GB"));
  } else {
    cells = groupRows(
      r,
      blocks,
      (b) => (r.by === "route" ? idx.routeName(b.route) : idx.visitorName(b.visitorId)),
      (bs) => cellsOf(targetsAchieved(bs, asOf).service),
    );
  }
  return finish(
    r,
    columns,
    cells,
    [
      "Targets of blocks that started in the period (agreed blocks only), as they stood at the period's end or today.",
      "% achieved is the figure National Portage Association teams report: targets achieved out of targets set.",
      ...(whole.excluded.length > 0
        ? [`${whole.excluded.length} targets or blocks left out: their dates or outcome cannot be right.`]
        : []),
      ...SERVICE_NOTE(r),
    ],
    { percentAchieved: whole.service.percent },
  );
}

async function profilesReport(r: ReportRequest): Promise<Table> {
  const idx = await caseIndex(r);
  const rows = (await store.loadProfiles(r.db)).filter((p) => idx.inScope(p.childId));
  const byChild = new Map<string, DevelopmentalProfile[]>();
  for (const p of rows) {
    if (p.recordedOn > r.to) continue;
    const list = byChild.get(p.childId) ?? [];
    list.push({ recordedOn: p.recordedOn as IsoDate, entries: p.entries as DevelopmentalProfile["entries"] });
    byChild.set(p.childId, list);
  }
  // First profile against the latest, for children whose latest was recorded in the period.
  const changes = new Map<string, { movedOn: number; same: number; movedBack: number }>();
  let children = 0;
  for (const list of byChild.values()) {
    const first = list[0];
    const latest = list[list.length - 1];
    if (!first || !latest || list.length < 2 || !inPeriod(r, latest.recordedOn)) continue;
    children += 1;
    for (const area of compareProfiles(first, latest, r.protocol).areas) {
      const c = changes.get(area.areaId) ?? { movedOn: 0, same: 0, movedBack: 0 };
      if (area.change === "moved-on") c.movedOn += 1;
      else if (area.change === "same") c.same += 1;
      else if (area.change === "moved-back") c.movedBack += 1;
      changes.set(area.areaId, c);
    }
  }
  const columns = [
    col("area", "Developmental area", "text"),
    col("compared", "Children compared", "count"),
    col("movedOn", "Moved on", "count"),
    col("same", "Same", "count"),
    col("movedBack", "Moved back", "count"),
    col("percentMovedOn", "% moved on", "percent", "compared"),
  ];
  const cells = r.protocol.plans.areas.areas.map((a) => {
    const c = changes.get(a.id) ?? { movedOn: 0, same: 0, movedBack: 0 };
    const compared = c.movedOn + c.same + c.movedBack;
    return { area: a.name, compared, ...c, percentMovedOn: percentOf(c.movedOn, compared) } as Cells;
  });
  const table = finish(r, columns, cells, [
    `${children} children had a first profile and a later one recorded in the period; each area counts the children marked in it both times.`,
    ...SERVICE_NOTE(r),
  ]);
  return { ...table, totals: null };
}

const SETTING_LABELS: Record<string, string> = {
  nursery: "Nursery",
  "pre-school": "Pre-school",
  childminder: "Childminder",
  school: "School",
  "special-school": "Special school",
  other: "Other setting",
};

async function exitsReport(r: ReportRequest): Promise<Table> {
  const idx = await caseIndex(r);
  const rows = (await store.loadExits(r.db, r.from, r.to)).filter(
    (e) => e.reopenedAt === null && idx.inScope(e.childId),
  );
  const destinations = [...Object.keys(SETTING_LABELS), "none"];
  const columns = [
    ...groupColumn(r),
    col("reason", "Reason", "text"),
    ...destinations.map((d) => col(d, SETTING_LABELS[d] ?? "No setting recorded", "count")),
    col("children", "Children", "count"),
  ];
  type Exit = (typeof rows)[number];
  const labelOf = (e: Exit) =>
    r.by === "route"
      ? idx.routeName(idx.routeOfChild.get(e.childId) ?? "")
      : idx.visitorName(idx.visitorOn(e.childId, e.exitedOn as IsoDate) ?? lastVisitor(idx, e.childId));
  const cells = groupRows(r, rows, labelOf, () => ({}) as Cells).flatMap((g) => {
    const mine = rows.filter((e) => r.by === null || labelOf(e) === g.group);
    const counts = exitsByReason(
      mine.map((e) => ({ childId: e.childId, reasonId: e.reasonId, exitedOn: e.exitedOn as IsoDate })),
      r.to,
      r.protocol,
      { since: r.from },
    );
    return counts.byReason.map((reason) => {
      const row: Cells = { ...g, reason: reason.name ?? reason.reasonId };
      const ofReason = mine.filter((e) => e.reasonId === reason.reasonId);
      for (const d of destinations) {
        row[d] = new Set(ofReason.filter((e) => (e.settingType ?? "none") === d).map((e) => e.childId)).size;
      }
      row.children = reason.children;
      return row;
    });
  });
  return finish(r, columns, cells, [
    "Children who left in the period, by the protocol's exit reason and the kind of setting they moved on to (from the transition plan). Reopened cases are not counted.",
    ...SERVICE_NOTE(r),
  ]);
}

/** The last home visitor who held a child (an exit ends the allocation the day it is recorded). */
function lastVisitor(idx: CaseIndex, childId: string): string | undefined {
  const list = idx.allocationsOf.get(childId) ?? [];
  return list[list.length - 1]?.homeVisitorId;
}

async function timeInServiceReport(r: ReportRequest): Promise<Table> {
  const idx = await caseIndex(r);
  const rows = (await store.loadExits(r.db, r.from, r.to)).filter(
    (e) => e.reopenedAt === null && idx.inScope(e.childId),
  );
  const stays = rows.flatMap((e) => {
    const first = (idx.allocationsOf.get(e.childId) ?? []).find((a) => a.referralId === e.referralId);
    if (!first) return [];
    const start = englandDateOf(first.allocatedAt);
    if (start > e.exitedOn) return [];
    return [
      {
        days: daysBetween(start, e.exitedOn as IsoDate),
        route: idx.routeOfChild.get(e.childId) ?? "",
        visitorId: lastVisitor(idx, e.childId),
      },
    ];
  });
  const columns = [
    ...groupColumn(r),
    col("children", "Children who left", "count"),
    col("medianDays", "Median (days)", "days", "children"),
    col("p90Days", "90th percentile (days)", "days", "children"),
  ];
  const build = (ss: readonly (typeof stays)[number][]): Cells => {
    const s = spreadOfDays(ss.map((x) => x.days));
    return { children: s.count, medianDays: s.medianDays, p90Days: s.p90Days };
  };
  const cells = groupRows(
    r,
    stays,
    (s) => (r.by === "route" ? idx.routeName(s.route) : idx.visitorName(s.visitorId)),
    build,
  );
  const whole = build(stays);
  return finish(
    r,
    columns,
    cells,
    [
      "Days from the first allocation to a home visitor to the day the child left, for children who left in the period.",
      "Median and 90th percentile by the nearest-rank method.",
      ...(stays.length < rows.length
        ? [`${rows.length - stays.length} exits left out: no allocation on record before them.`]
        : []),
      ...SERVICE_NOTE(r),
    ],
    { medianDays: whole.medianDays ?? null, p90Days: whole.p90Days ?? null },
  );
}

/** Every report, by name. */
export const REPORTS: Record<ReportName, ReportDefinition> = {
  referrals: {
    title: "Referrals received",
    description: "Referrals received, by referral route and month.",
    byOptions: [],
    build: referralsReport,
  },
  eligibility: {
    title: "Eligibility decisions",
    description: "Triage decisions made in the period, by outcome.",
    byOptions: ["route"],
    build: eligibilityReport,
  },
  "waiting-times": {
    title: "Waiting times",
    description:
      "Referral to decision, acceptance to allocation and referral to first visit: median and 90th percentile in days.",
    byOptions: ["route", "visitor"],
    build: waitingTimesReport,
  },
  "waiting-list": {
    title: "Waiting list over time",
    description: "Children on the waiting list at the end of each month.",
    byOptions: ["route"],
    build: waitingListReport,
  },
  caseloads: {
    title: "Caseloads",
    description: "Children allocated to each home visitor and their visits planned and held.",
    byOptions: [],
    build: caseloadsReport,
  },
  visits: {
    title: "Visits",
    description: "Visits planned, held, missed and cancelled.",
    byOptions: ["visitor", "route"],
    build: visitsReport,
  },
  targets: {
    title: "Targets set and achieved",
    description: "Targets set in blocks that started in the period, and how many were achieved.",
    byOptions: ["area", "visitor", "route"],
    build: targetsReport,
  },
  profiles: {
    title: "Developmental profiles before and after",
    description: "Each child's first developmental profile against their latest, area by area.",
    byOptions: [],
    build: profilesReport,
  },
  exits: {
    title: "Exits",
    description: "Children who left the service, by reason and the setting they moved on to.",
    byOptions: ["visitor", "route"],
    build: exitsReport,
  },
  "time-in-service": {
    title: "Time in the service",
    description: "Days from allocation to leaving: median and 90th percentile.",
    byOptions: ["visitor", "route"],
    build: timeInServiceReport,
  },
};
