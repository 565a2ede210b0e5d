// Demo data: fictional families, enough to fill a waiting list, demo staff accounts, and casework
// for the children allocated to the demo home visitors (plans, visits, practice, profiles, and the
// family's consents with what was shared on them). Only for the demo database: the server refuses
// to start in production mode while a demo account exists.
import {
  type ActivityRecord,
  addDays,
  addMonths,
  ageInMonths,
  assessEligibility,
  type Block,
  type BlockReview,
  type ConsentRecord,
  checkTransitionReport,
  dateInWords,
  destroyAfterDate,
  endTarget,
  familyRoute,
  type IsoDate,
  maxDate,
  minDate,
  missedVisitFlag,
  newTarget,
  nextTermDay,
  type PlayPlan,
  type Protocol,
  planVisits,
  previousTermDay,
  professionalRoutes,
  type ReferralRoute,
  reviewBlock,
  sharingDecision,
  supportEndDate,
  type Target,
  targetProgress,
  termDay,
  transitionBlock,
  transitionPlan,
  type Verdict,
  type Visit,
  type VisitFrequency,
  type VisitStatus,
  validatePlan,
  validateProfile,
  type Weekday,
  weekdayOf,
} from "@openportage/domain";
import { exampleReferralInput, parseReferral, type Referral } from "@openportage/referral-form";
import { and, eq, isNull } from "drizzle-orm";
import { settleAuditEvents } from "../lib/audit.js";
import { englandDate } from "../lib/clock.js";
import { newId, newReference } from "../lib/ids.js";
import type { NotificationKind } from "../lib/notify.js";
import type { Role } from "../lib/types.js";
import { createUser } from "../lib/users.js";
import { draftReport, reportFrom } from "../routes/exits/store.js";
import { assess, fingerprint } from "../routes/referrals/intake.js";
import { termsWithBankHolidays } from "../routes/visits/visits.routes.js";
import type { Database } from "./client.js";
import {
  allocations,
  type auditEvents,
  auditInbox,
  blockReviews,
  carers,
  cases,
  children,
  consents,
  decisions,
  developmentalProfiles,
  disclosures,
  exits,
  outbox,
  playPlanRevisions,
  playPlans,
  practiceRecords,
  referrals,
  staffTotp,
  transitionPlans,
  users,
  visits,
} from "./schema.js";

/** The demo administrator's authenticator app key (base32): public, as the demo passwords are. */
export const DEMO_TOTP_SECRET = "OPENPORTAGEDEMOADMINKEY2";

/**
 * The demo staff accounts. The passwords are public: these accounts exist only in a demo. The
 * administrator also has an authenticator app with a published key (`totpSecret`), so that a
 * newcomer sees the second factor at sign-in: add the key to any authenticator app by hand.
 */
export const DEMO_ACCOUNTS: readonly {
  email: string;
  name: string;
  role: Role;
  password: string;
  totpSecret?: string;
}[] = [
  {
    email: "coordinator@demo.openportage.invalid",
    name: "Cora Ordinator (demo)",
    role: "coordinator",
    password: "cora demo password",
  },
  {
    email: "visitor1@demo.openportage.invalid",
    name: "Harriet Visitor (demo)",
    role: "home-visitor",
    password: "harriet demo password",
  },
  {
    email: "visitor2@demo.openportage.invalid",
    name: "Hamid Visitor (demo)",
    role: "home-visitor",
    password: "hamid demo password",
  },
  {
    email: "admin@demo.openportage.invalid",
    name: "Ada Ministrator (demo)",
    role: "administrator",
    password: "ada demo password",
    totpSecret: DEMO_TOTP_SECRET,
  },
];

const FIRST = [
  "Amara",
  "Ben",
  "Chloe",
  "Dev",
  "Ella",
  "Finn",
  "Grace",
  "Hugo",
  "Isla",
  "Jay",
  "Kai",
  "Layla",
  "Milo",
  "Nia",
  "Oscar",
  "Priya",
  "Quinn",
  "Rosa",
  "Sami",
  "Theo",
  "Uma",
  "Vince",
  "Willow",
  "Yusuf",
  "Zara",
];
const LAST = [
  "Ashworth",
  "Bibi",
  "Clegg",
  "Dewhurst",
  "Entwistle",
  "Fairclough",
  "Greenhalgh",
  "Haworth",
  "Iqbal",
  "Jolly",
  "Kenyon",
  "Lord",
  "Mistry",
  "Nuttall",
  "Ormerod",
  "Pilling",
  "Rawcliffe",
  "Singh",
  "Tattersall",
  "Whittaker",
];
const TOWNS = ["Preston", "Lancaster", "Burnley", "Chorley", "Blackburn", "Accrington", "Ormskirk", "Clitheroe"];
const CONDITIONS = [
  undefined,
  undefined,
  "Down syndrome",
  "Cerebral palsy",
  "Global developmental delay",
  undefined,
  "Autism (diagnosed)",
];

/** A small deterministic random generator (mulberry32), so demo data is the same every time. */
function random(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Casework for the allocated demo children. Each allocated child is given, in turn, one of the
// stages a case goes through, so that even the 60-family demo shows every screen with data in
// it: a plan just started, a plan running with visits and practice, a family the missed-visit
// rule has flagged, and a child waiting for their first visit. Every plan is built with the
// domain's own functions (newTarget, transitionBlock, transitionPlan, endTarget) and checked with
// validatePlan, and visits come from planVisits, exactly as the API would make them.

/** The stages of casework a demo child can be at. */
export type DemoStage = "active" | "flagged" | "draft" | "new";

/**
 * The stage each allocated child is given, in turn. The order puts an active plan and a draft
 * with the first demo visitor, and the flagged family and the new child with the second, so each
 * visitor's diary has visits in it.
 */
export const DEMO_STAGES: readonly DemoStage[] = ["active", "flagged", "draft", "new"];

/** How the past visits of a running block went, oldest first. */
const VISIT_PATTERNS: Record<"active" | "flagged", readonly VisitStatus[]> = {
  // Two visits did not go ahead, but the family is in touch: the last one was held.
  active: ["held", "held", "cancelled-by-family", "held", "missed", "held"],
  // Three in a row missed: the protocol's missed-visit rule flags the family.
  flagged: ["held", "held", "missed", "cancelled-by-family", "missed"],
};

/** How far each of a plan's three targets has come, in the plan's order. */
type TargetRole = "achieved" | "developing" | "emerging";
const TARGET_ROLES: Record<"active" | "flagged", readonly TargetRole[]> = {
  active: ["achieved", "developing", "emerging"],
  flagged: ["developing", "emerging", "emerging"],
};

interface DemoTarget {
  readonly areaId: string;
  /** Index of the plan's long-term goal the target serves. */
  readonly goal: number;
  readonly does: string;
  readonly conditions: string;
  readonly steps: readonly string[];
  readonly practice: { readonly how: string; readonly timesPerDay?: number; readonly howOften?: string };
  /** A few words for visit notes: "stacking bricks". */
  readonly short: string;
  /** The note kept when the target is achieved. */
  readonly achieved: string;
}

interface DemoPlan {
  readonly goals: readonly { readonly areaId: string; readonly text: string }[];
  readonly targets: readonly [DemoTarget, DemoTarget, DemoTarget];
}

/** Plans for a child of a year or more. */
const TODDLER_PLANS: readonly DemoPlan[] = [
  {
    goals: [
      { areaId: "physical", text: "Uses both hands together to build and make things" },
      { areaId: "communication-and-language", text: "Asks for what they want with words or signs" },
      { areaId: "play-and-thinking", text: "Plays with toys in new ways, copying what adults do" },
    ],
    targets: [
      {
        areaId: "physical",
        goal: 0,
        does: "stack three bricks",
        conditions: "when an adult shows how first, with large soft bricks",
        steps: [
          "puts one brick on top of another with an adult's hand over theirs",
          "puts one brick on another on their own",
          "stacks two bricks",
          "stacks three bricks",
        ],
        practice: {
          how: "After tea, build a tower of three bricks together, knock it down with a cheer, then let them have a go",
          timesPerDay: 4,
        },
        short: "stacking bricks",
        achieved: "Stacks three bricks on their own now, and knocks the tower down with a big grin.",
      },
      {
        areaId: "communication-and-language",
        goal: 1,
        does: "ask for 'more' with a word or a sign",
        conditions: "at snack time, when an adult holds up the snack and waits",
        steps: ["looks at the adult when the snack stops", "reaches or points to ask", "signs or says 'more'"],
        practice: {
          how: "At snack time, give one piece at a time and wait a few seconds for the sign before giving the next",
          timesPerDay: 4,
        },
        short: "asking for more",
        achieved: "Signs 'more' at every snack now, and has started saying 'muh' with it.",
      },
      {
        areaId: "play-and-thinking",
        goal: 2,
        does: "find a toy hidden under a cup",
        conditions: "when an adult hides the toy while the child watches",
        steps: [
          "looks for the toy when it is half hidden",
          "lifts the cup when the toy is half hidden",
          "lifts the cup to find the toy when it is fully hidden",
        ],
        practice: { how: "At bath time, hide the duck under a plastic cup and ask 'where's duck?'", timesPerDay: 4 },
        short: "finding the hidden duck",
        achieved: "Finds the duck under the cup straight away, and hides it for Mum to find.",
      },
    ],
  },
  {
    goals: [
      { areaId: "self-care", text: "Helps with dressing and undressing" },
      { areaId: "personal-social-emotional", text: "Plays with other people, taking turns" },
      { areaId: "communication-and-language", text: "Understands simple everyday words and questions" },
    ],
    targets: [
      {
        areaId: "self-care",
        goal: 0,
        does: "pull off a sock",
        conditions: "at bath time and bedtime, when an adult pulls the sock down to the heel first",
        steps: [
          "pulls the sock off when it is nearly off the toes",
          "pulls the sock off from the middle of the foot",
          "pulls the sock off from the heel",
        ],
        practice: {
          how: "Pull each sock down to the heel and let them pull it the rest of the way; cheer when it comes off",
          howOften: "At bath time and bedtime, both feet",
        },
        short: "pulling off socks",
        achieved: "Pulls both socks off from the heel without help, and tries with shoes too.",
      },
      {
        areaId: "personal-social-emotional",
        goal: 1,
        does: "take turns rolling a ball with an adult, three turns each",
        conditions: "sitting on the floor facing each other, with the adult saying 'my turn, your turn'",
        steps: ["rolls the ball back with help", "waits while the adult has a turn", "takes three turns each"],
        practice: {
          how: "Sit on the living room floor with the soft ball; say 'my turn', roll it, then 'your turn'",
          timesPerDay: 4,
        },
        short: "taking turns with the ball",
        achieved: "Takes three turns with the ball and waits for ours; has started playing it with big sister.",
      },
      {
        areaId: "communication-and-language",
        goal: 2,
        does: "point to their nose, tummy and feet when asked",
        conditions: "during a song at bath time, when an adult asks 'where's your nose?'",
        steps: [
          "looks at the adult pointing to their own nose",
          "lets the adult guide their hand to the right place",
          "points on their own",
        ],
        practice: {
          how: "At bath time, sing 'Heads, shoulders, knees and toes' slowly and ask 'where's your nose?'",
          timesPerDay: 4,
        },
        short: "pointing to nose, tummy and feet",
        achieved: "Points to nose, tummy and feet every time, and to Mum's nose too.",
      },
    ],
  },
];

/** Plans for a baby under a year old. */
const BABY_PLANS: readonly DemoPlan[] = [
  {
    goals: [
      { areaId: "physical", text: "Reaches out and holds toys to play with them" },
      { areaId: "sensory", text: "Looks at and listens to people and toys around them" },
      { areaId: "communication-and-language", text: "Takes turns in babble 'conversations'" },
    ],
    targets: [
      {
        areaId: "physical",
        goal: 0,
        does: "reach for and hold a rattle",
        conditions: "lying on their back, when an adult shakes the rattle above their chest",
        steps: ["looks at the rattle", "moves their arms towards it", "touches the rattle", "grasps the rattle"],
        practice: {
          how: "At nappy changes, shake the rattle above their chest and wait for them to reach",
          timesPerDay: 4,
        },
        short: "reaching for the rattle",
        achieved: "Reaches for and grabs the rattle every time now; Mum says they reach for her keys too.",
      },
      {
        areaId: "sensory",
        goal: 1,
        does: "turn their head to find a voice calling their name",
        conditions: "when an adult calls softly from one side, out of sight",
        steps: [
          "stills when their name is called",
          "moves their eyes towards the voice",
          "turns their head to find it",
        ],
        practice: { how: "At bath time, call their name softly from one side, then the other", timesPerDay: 4 },
        short: "turning to their name",
        achieved: "Turns to find Mum's voice from either side, and smiles when they find her.",
      },
      {
        areaId: "communication-and-language",
        goal: 2,
        does: "copy a sound an adult makes",
        conditions: "face to face, when the adult says 'ba-ba' slowly and waits",
        steps: ["watches the adult's face", "makes any sound back", "copies 'ba' or 'ma'"],
        practice: { how: "At feeds, face to face, say 'ba-ba' slowly and wait for a reply", timesPerDay: 4 },
        short: "copying sounds",
        achieved: "Copies 'ba' and 'ma' back, and starts the 'conversation' themselves.",
      },
    ],
  },
];

type Mark = "emerging" | "developing" | "achieved";
type ProfileNotes = readonly { readonly areaId: string; readonly mark: Mark; readonly note: string }[];

/** A first profile and the areas that have moved on by a later one. */
const PROFILES: Record<"toddler" | "baby", { first: ProfileNotes; later: ProfileNotes }> = {
  toddler: {
    first: [
      {
        areaId: "communication-and-language",
        mark: "emerging",
        note: "Uses a few sounds and gestures; understands their name and 'no'",
      },
      {
        areaId: "personal-social-emotional",
        mark: "developing",
        note: "Happy with familiar adults; likes Mum close by with new people",
      },
      {
        areaId: "physical",
        mark: "emerging",
        note: "Walks holding on to furniture; picks up small things with finger and thumb",
      },
      {
        areaId: "self-care",
        mark: "emerging",
        note: "Eats finger foods; holds out arms and legs to help with dressing",
      },
      {
        areaId: "play-and-thinking",
        mark: "emerging",
        note: "Bangs and drops toys; starting to copy simple actions",
      },
      { areaId: "sensory", mark: "developing", note: "Enjoys messy play and water; covers ears at loud noises" },
    ],
    later: [
      { areaId: "physical", mark: "developing", note: "Stacks two or three bricks; walks with one hand held" },
      { areaId: "play-and-thinking", mark: "developing", note: "Looks for hidden toys; pushes cars along and copies" },
    ],
  },
  baby: {
    first: [
      {
        areaId: "communication-and-language",
        mark: "emerging",
        note: "Coos and smiles back; quietens to a familiar voice",
      },
      { areaId: "personal-social-emotional", mark: "developing", note: "Smiles at Mum and Dad; settles with cuddles" },
      {
        areaId: "physical",
        mark: "emerging",
        note: "Holds head up for a moment on their tummy; brings hands together",
      },
      { areaId: "self-care", mark: "emerging", note: "Feeds well from a bottle; starting to try smooth purées" },
      { areaId: "play-and-thinking", mark: "emerging", note: "Watches a toy moved slowly in front of them" },
      { areaId: "sensory", mark: "emerging", note: "Turns towards bright lights; startles at sudden sounds" },
    ],
    later: [
      { areaId: "physical", mark: "developing", note: "Reaches for and grasps a rattle; rolls from tummy to back" },
      { areaId: "sensory", mark: "developing", note: "Turns to find voices and sounds from either side" },
    ],
  },
};

// The plans and notes above are written in Lancashire's developmental areas. Under a protocol with
// other areas each goes into that protocol's area of the same id; failing that, into the first of
// its areas whose id or name has one of these words (tried in order: "physical" goes into
// Wiltshire's "motor", "sensory" into its "cognition"); failing that, into its areas in turn.
const AREA_WORDS: Record<string, readonly string[]> = {
  "communication-and-language": ["communication", "language", "speech", "talk"],
  "personal-social-emotional": ["social", "emotional", "personal", "relationship"],
  physical: ["physical", "motor", "movement"],
  "self-care": ["self-care", "self-help", "independence", "care"],
  "play-and-thinking": ["thinking", "cogniti", "play", "learning"],
  sensory: ["sensory", "vision", "hearing", "senses", "cogniti", "thinking"],
};

/**
 * The protocol's developmental area for one the demo is written in: never an id the protocol
 * does not have, and always the same one for the same protocol.
 */
export function demoAreaId(areaId: string, protocol: Pick<Protocol, "plans">): string {
  const areas = protocol.plans.areas.areas;
  if (areas.some((a) => a.id === areaId)) return areaId;
  for (const word of AREA_WORDS[areaId] ?? []) {
    const found = areas.find((a) => a.id.toLowerCase().includes(word) || a.name.toLowerCase().includes(word));
    if (found) return found.id;
  }
  const index = Math.max(0, Object.keys(AREA_WORDS).indexOf(areaId));
  return (areas[index % areas.length] as (typeof areas)[number]).id;
}

/** The protocol's mark for one of the demo's: the same id, or the first, middle or last of its scale. */
function demoMark(mark: Mark, protocol: Pick<Protocol, "plans">): string {
  const marks = protocol.plans.markingScale.marks;
  if (marks.some((m) => m.id === mark)) return mark;
  const at = mark === "emerging" ? 0 : mark === "achieved" ? marks.length - 1 : Math.floor((marks.length - 1) / 2);
  return (marks[at] as (typeof marks)[number]).id;
}

/**
 * A profile's entries in the protocol's areas and marks. Notes whose areas go into the same one
 * of the protocol's are kept together in one entry, with the first one's mark: a profile marks
 * each area once.
 */
function profileEntries(notes: ProfileNotes, protocol: Pick<Protocol, "plans">) {
  const entries: { areaId: string; mark: string; note: string }[] = [];
  for (const e of notes) {
    const areaId = demoAreaId(e.areaId, protocol);
    const same = entries.find((x) => x.areaId === areaId);
    if (same) same.note = `${same.note}. ${e.note}`;
    else entries.push({ areaId, mark: demoMark(e.mark, protocol), note: e.note });
  }
  return entries;
}

/** Home-visit safety notes, as home visitors write them after the first visit. */
const HOME_VISIT_NOTES = [
  "Friendly dog (Bruno): Dad puts him in the garden before visits. Park on the road; the drive is shared with next door.",
  "Ring the bell and wait: Mum may be upstairs with the baby. Shoes off at the door. Nobody smokes indoors.",
  "Second-floor flat and the lift is often out of order. Older brother (16) is sometimes at home. Cat in the flat.",
  "Grandad lives with the family and has a heart condition: rearrange if you have a cough or a cold. Park at the church; the lane is narrow.",
];

const NOT_PRACTISED = [
  "Poorly with a cold",
  "Away at Grandma's for the day",
  "Hospital appointment, too tired afterwards",
  "Busy day: family party",
];
const FAMILY_FOCUS = [
  "Caught up with Mum over a cup of tea: sleep is better this week, and the activity chart is on the fridge.",
  "Mum finds practice easiest at bath time; we talked about fitting the targets into the day rather than setting time aside.",
  "Talked about next week's hospital appointment and what to ask. Mum feels more confident about practising now.",
  "Looked at the activity chart together. We talked about stopping while {name} is still enjoying it.",
  "Dad joined us today; we went through the teaching steps so he can practise at weekends too.",
  "Mum asked about nursery places; I gave her the family hub's number and we talked about settling in.",
];
const CHILD_LED_PLAY = [
  "{Name} chose the ball run; we took turns and waited for a look or a sound before each go.",
  "Water play in the kitchen with cups and a sieve: lots of smiles and splashing.",
  "{Name} brought over a favourite book and we shared it, naming the animals.",
  "Peekaboo with a scarf: {name} pulled it off and laughed every time.",
  "Bubbles by the back door: {name} reached and looked at us to ask for more.",
  "Played with the shape sorter {name} chose; we followed their lead and named the shapes.",
];
const MISSED_NOTES: Record<"missed" | "cancelled-by-family", readonly string[]> = {
  missed: ["Nobody at home; left a card and sent Mum a text.", "No answer at the door or on the phone; left a card."],
  "cancelled-by-family": [
    "Mum rang in the morning: {name} has a temperature.",
    "Mum texted to cancel: a hospital appointment came up.",
  ],
};

/** What building the demo's casework needs to know. */
interface CaseworkContext {
  readonly protocol: Protocol;
  /** The term dates with England's bank holidays as closures, as the visits routes use them. */
  readonly terms: Protocol["visits"]["terms"];
  readonly today: IsoDate;
  /** `now` as an ISO string: nothing is dated after it. */
  readonly nowIso: string;
  readonly rand: () => number;
  /** The weekdays the demo's visits fall on, in turn: Monday to Friday, those the protocol offers. */
  readonly weekdays: readonly Weekday[];
  /** How often the demo's blocks are visited: weekly when the protocol offers it. */
  readonly frequency: VisitFrequency;
}

/** When an allocated child's case started and the dates its story hangs on. */
interface CaseworkStory {
  readonly stage: DemoStage;
  readonly allocatedOn: IsoDate;
  readonly weekday: Weekday;
  readonly time: string;
  /** The first visits, when the first profile was recorded (draft, active, flagged). */
  readonly firstVisit?: IsoDate;
  /** When the plan was drafted with the family. */
  readonly drafted?: IsoDate;
  /** When the family agreed the plan (active, flagged). */
  readonly agreedOn?: IsoDate;
  /** The block's start: its first visit (active, flagged) or the first visit to come (draft). */
  readonly blockStart?: IsoDate;
  /** The block's visits before today, oldest first (active, flagged). */
  readonly pastVisits?: readonly IsoDate[];
}

/** One demo child's casework, as rows to insert. */
interface CaseworkRows {
  cases: (typeof cases.$inferInsert)[];
  profiles: (typeof developmentalProfiles.$inferInsert)[];
  plans: (typeof playPlans.$inferInsert)[];
  revisions: (typeof playPlanRevisions.$inferInsert)[];
  visits: (typeof visits.$inferInsert)[];
  practice: (typeof practiceRecords.$inferInsert)[];
  consents: (typeof consents.$inferInsert)[];
  disclosures: (typeof disclosures.$inferInsert)[];
  outbox: (typeof outbox.$inferInsert)[];
  audit: (typeof auditEvents.$inferInsert)[];
}

function emptyRows(): CaseworkRows {
  return {
    cases: [],
    profiles: [],
    plans: [],
    revisions: [],
    visits: [],
    practice: [],
    consents: [],
    disclosures: [],
    outbox: [],
    audit: [],
  };
}

const VISIT_WEEKDAYS: readonly Weekday[] = ["monday", "tuesday", "wednesday", "thursday", "friday"];

/** The weekdays the demo's visits fall on: Monday to Friday, those of them the protocol offers (or the ones it does). */
function demoWeekdays(protocol: Protocol): readonly Weekday[] {
  const offered = protocol.visits.blocks.weekdays;
  if (offered === undefined) return VISIT_WEEKDAYS;
  const days = VISIT_WEEKDAYS.filter((d) => offered.includes(d));
  return days.length > 0 ? days : offered;
}
const VISIT_TIMES = ["10:00", "13:30", "09:30", "11:00", "14:00"];

// The demo children's ages come from the protocol's age window, asked of the domain's own rules
// (assessEligibility's age clause, supportEndDate) rather than worked out here.

/** The first day a child born on `dateOfBirth` can be referred: the protocol's minimum age. */
function referableFrom(dateOfBirth: IsoDate, protocol: Protocol): IsoDate {
  return addMonths(dateOfBirth, protocol.eligibility.age.minimumAgeMonths);
}

/** True when the protocol's age clause does not rule out a child born on `dateOfBirth` on `on`. */
function inAgeWindow(dateOfBirth: IsoDate, on: IsoDate, protocol: Protocol): boolean {
  const age = assessEligibility({ dateOfBirth }, protocol, on).reasons.find((r) => r.topic === "age");
  return age !== undefined && age.result !== "not-met";
}

/** How long every waiting family can still be taken on for after today. */
const WAITING_MARGIN_DAYS = 84;

/**
 * The ages (whole months today, and up to 27 days more) the demo families are drawn from: from
 * three months past the protocol's minimum age, for up to 26 months, as long as every child of
 * that age could be referred today and still 12 weeks from now. Lancashire: 3 to 28 months.
 */
function familyAges(protocol: Protocol, today: IsoDate): { from: number; span: number } {
  const from = protocol.eligibility.age.minimumAgeMonths + 3;
  const fits = (months: number) => {
    for (let d = 0; d < 28; d++) {
      const dob = addDays(addMonths(today, -months), -d);
      if (!inAgeWindow(dob, today, protocol) || !inAgeWindow(dob, addDays(today, WAITING_MARGIN_DAYS), protocol))
        return false;
    }
    return true;
  };
  let span = 0;
  while (span < 26 && fits(from + span)) span++;
  if (span === 0) throw new Error(`demo families: no child of ${from} months fits the protocol's age window`);
  return { from, span };
}

/**
 * The latest day, on or before `by`, on which a child born on `dateOfBirth` was in the age window
 * (a protocol with a cut-off before school entry takes a child on only so long before it), or
 * undefined when none of the year before was.
 */
function latestReferral(dateOfBirth: IsoDate, by: IsoDate, protocol: Protocol): IsoDate | undefined {
  for (let day = by, i = 0; i < 400 && day >= referableFrom(dateOfBirth, protocol); day = addDays(day, -1), i++) {
    if (inAgeWindow(dateOfBirth, day, protocol)) return day;
  }
  return undefined;
}

/** The accepted value of a domain verdict; a refusal means the demo data is wrong. */
function accepted<T>(verdict: Verdict<T>, what: string): T {
  if (!verdict.ok) throw new Error(`demo ${what} refused by the domain: ${verdict.reason}`);
  return verdict.value;
}

/** Days between a block's visits at the demo's frequency. */
function visitStep(ctx: Pick<CaseworkContext, "frequency">): number {
  return ctx.frequency === "weekly" ? 7 : 14;
}

/**
 * The last `count` visit days (term, not closed) on `weekday` before `today`, a visit apart at the
 * demo's frequency, oldest first.
 */
function visitDaysBefore(
  today: IsoDate,
  weekday: Weekday,
  count: number,
  ctx: Pick<CaseworkContext, "terms" | "frequency">,
) {
  const { terms } = ctx;
  const firstTermDay = terms.periods[0]?.start;
  let day = addDays(today, -1);
  while (weekdayOf(day) !== weekday) day = addDays(day, -1);
  const found: IsoDate[] = [];
  for (
    ;
    found.length < count && firstTermDay !== undefined && day >= firstTermDay;
    day = addDays(day, -visitStep(ctx))
  ) {
    if (termDay(day, terms).kind === "term") found.unshift(day);
  }
  return found.length === count ? found : undefined;
}

/** The first visit day (term, not closed) on `weekday` on or after `from`, if the term dates reach it. */
function visitDayFrom(from: IsoDate, weekday: Weekday, terms: CaseworkContext["terms"]): IsoDate | undefined {
  const lastTermDay = terms.periods[terms.periods.length - 1]?.end;
  let day = from;
  while (weekdayOf(day) !== weekday) day = addDays(day, 1);
  for (; lastTermDay !== undefined && day <= lastTermDay; day = addDays(day, 7)) {
    if (termDay(day, terms).kind === "term") return day;
  }
  return undefined;
}

/**
 * The story of the `k`-th allocated child: its stage and the dates it hangs on, all relative to
 * today and in term time. A child too young for the stage's history (a case started before they
 * could have been referred) is left at the start instead: allocated, with a first visit to arrange.
 */
function caseworkStory(k: number, dateOfBirth: IsoDate, ctx: CaseworkContext): CaseworkStory {
  const weekday = ctx.weekdays[k % ctx.weekdays.length] as Weekday;
  const time = VISIT_TIMES[Math.floor(k / ctx.weekdays.length) % VISIT_TIMES.length] as string;
  const stage = DEMO_STAGES[k % DEMO_STAGES.length] as DemoStage;
  const fresh: CaseworkStory = { stage: "new", allocatedOn: addDays(ctx.today, -4), weekday, time };
  // Referred two weeks after the protocol's minimum age at the earliest, then accepted and allocated.
  const earliestAllocation = addDays(referableFrom(dateOfBirth, ctx.protocol), 30);
  let story: CaseworkStory | undefined;
  // A term day a week or so before `date`: the first visits and the plan's agreement happen
  // in term time too.
  const weekBefore = (date: IsoDate) => previousTermDay(addDays(date, -7), ctx.terms) ?? addDays(date, -7);
  if (stage === "active" || stage === "flagged") {
    const pastVisits = visitDaysBefore(ctx.today, weekday, VISIT_PATTERNS[stage].length, ctx);
    const blockStart = pastVisits?.[0];
    if (pastVisits && blockStart) {
      const agreedOn = weekBefore(blockStart);
      const drafted = weekBefore(agreedOn);
      const firstVisit = weekBefore(drafted);
      story = {
        stage,
        allocatedOn: addDays(firstVisit, -14),
        weekday,
        time,
        firstVisit,
        drafted,
        agreedOn,
        blockStart,
        pastVisits,
      };
    }
  } else if (stage === "draft") {
    const blockStart = visitDayFrom(addDays(ctx.today, 7), weekday, ctx.terms);
    const firstVisit = previousTermDay(addDays(ctx.today, -3), ctx.terms) ?? addDays(ctx.today, -3);
    if (blockStart) {
      story = {
        stage,
        allocatedOn: addDays(firstVisit, -14),
        weekday,
        time,
        firstVisit,
        drafted: firstVisit,
        blockStart,
      };
    }
  }
  return story && story.allocatedOn >= earliestAllocation ? story : fresh;
}

/** An ISO timestamp on `date` at `hhmm` UTC, never after now. */
function stamp(ctx: CaseworkContext, date: IsoDate, hhmm: string): string {
  const iso = `${date}T${hhmm}:00.000Z`;
  return iso < ctx.nowIso ? iso : ctx.nowIso;
}

/** Fills `{name}` and `{Name}` in a demo sentence. */
function say(text: string, name: string): string {
  return text.replaceAll("{name}", name).replaceAll("{Name}", name);
}

interface CaseworkChild {
  readonly childId: string;
  readonly firstName: string;
  readonly dateOfBirth: IsoDate;
  readonly carer: string;
  readonly visitorId: string;
  readonly visitorName: string;
  /** The allocation's index, for choosing plans and notes in turn. */
  readonly k: number;
}

/** Builds the casework of one allocated child (nothing for a new one) into `rows`. */
function demoCasework(child: CaseworkChild, story: CaseworkStory, ctx: CaseworkContext, rows: CaseworkRows): void {
  const { protocol, today } = ctx;
  const { childId, visitorId, k } = child;
  const name = child.firstName;
  const audit = (at: string, action: string, reason: string) =>
    rows.audit.push({
      at,
      actorId: visitorId,
      actorRole: "home-visitor",
      action,
      recordType: "child",
      recordId: childId,
      outcome: "success",
      request: "seed-demo",
      reason,
    });
  const { firstVisit, drafted, blockStart: start } = story;
  if (story.stage === "new" || !firstVisit || !drafted || !start) return;
  const young = ageInMonths(child.dateOfBirth, today) < 12;
  const template = young
    ? (BABY_PLANS[k % BABY_PLANS.length] as DemoPlan)
    : (TODDLER_PLANS[k % TODDLER_PLANS.length] as DemoPlan);
  const profileNotes = PROFILES[young ? "baby" : "toddler"];

  // The first developmental profile, recorded at the first visits; notes on the home after them.
  const profile = (recordedOn: IsoDate, notes: ProfileNotes) => {
    const entries = profileEntries(notes, protocol);
    const problems = validateProfile({ recordedOn, entries }, protocol, today);
    if (problems.length > 0) throw new Error(`demo profile is not sound: ${JSON.stringify(problems)}`);
    const at = stamp(ctx, recordedOn, "16:00");
    rows.profiles.push({ id: newId(), childId, recordedOn, entries, recordedBy: visitorId, createdAt: at });
    audit(at, "create", "profile-recorded");
  };
  profile(firstVisit, profileNotes.first);
  const notesAt = stamp(ctx, firstVisit, "16:30");
  const caseRow: typeof cases.$inferInsert = {
    childId,
    homeVisitNotes: HOME_VISIT_NOTES[k % HOME_VISIT_NOTES.length] as string,
    version: 1,
    updatedAt: notesAt,
    updatedBy: visitorId,
  };
  rows.cases.push(caseRow);
  audit(notesAt, "change", "home-visit-notes-changed");

  // The plan, step by step as the plan routes make it: every version kept and checked.
  const planId = newId();
  const history: { change: string; at: string; doc: PlayPlan }[] = [];
  const keep = (change: string, action: string, at: string, doc: PlayPlan) => {
    const problems = validatePlan(doc, protocol);
    if (problems.length > 0) throw new Error(`demo plan (${change}) is not sound: ${JSON.stringify(problems)}`);
    history.push({ change, at, doc });
    audit(at, action, change);
  };
  let plan: PlayPlan = { id: planId, childId, status: "draft", longTermGoals: [], blocks: [] };
  keep("plan-started", "create", stamp(ctx, drafted, "17:00"), plan);
  const goalIds = template.goals.map(() => newId());
  template.goals.forEach((goal, i) => {
    const setOn = drafted;
    const reviewBy = addMonths(setOn, protocol.plans.longTermGoalReviewMonths.months);
    plan = {
      ...plan,
      longTermGoals: [
        ...plan.longTermGoals,
        { id: goalIds[i] as string, text: goal.text, areaId: demoAreaId(goal.areaId, protocol), setOn, reviewBy },
      ],
    };
    keep("goal-added", "change", stamp(ctx, drafted, `17:0${i + 1}`), plan);
  });
  // As the plan routes do when no end is given: the protocol's block length, ending on a term day.
  const fullLength = addDays(start, protocol.visits.blocks.lengthWeeks * 7 - 1);
  const end = previousTermDay(fullLength, protocol.visits.terms) ?? fullLength;
  let block: Block = {
    id: newId(),
    number: 1,
    start,
    end,
    frequency: ctx.frequency,
    weekday: story.weekday,
    time: story.time,
    status: "draft",
    targets: [],
  };
  plan = { ...plan, blocks: [block] };
  keep("block-added", "change", stamp(ctx, drafted, "17:10"), plan);
  template.targets.forEach((t, i) => {
    const made = newTarget(
      {
        id: newId(),
        areaId: demoAreaId(t.areaId, protocol),
        longTermGoalId: goalIds[t.goal] as string,
        does: t.does,
        conditions: t.conditions,
        teachingSteps: t.steps.map((text) => ({ id: newId(), text })),
        practice: { ...t.practice },
      },
      protocol,
    );
    block = { ...block, targets: [...block.targets, accepted(made, "target")] };
    plan = { ...plan, blocks: [block] };
    keep("target-added", "change", stamp(ctx, drafted, `17:${String(20 + i).padStart(2, "0")}`), plan);
  });

  const storeRows = () => {
    const last = history[history.length - 1];
    const first = history[0];
    if (!last || !first) return;
    rows.plans.push({
      id: planId,
      childId,
      status: last.doc.status,
      document: last.doc,
      version: history.length,
      createdAt: first.at,
      createdBy: visitorId,
      updatedAt: last.at,
      updatedBy: visitorId,
    });
    history.forEach((h, i) => {
      rows.revisions.push({
        id: newId(),
        planId,
        version: i + 1,
        change: h.change,
        document: h.doc,
        changedBy: visitorId,
        changedAt: h.at,
      });
    });
  };
  const { stage, agreedOn } = story;
  if (stage === "draft" || !story.pastVisits || !agreedOn) {
    storeRows();
    return;
  }

  // Agreed with the family a week or so before the block's first visit, and started.
  const agreement = {
    protocol,
    on: agreedOn,
    agreedBy: [child.carer, `${child.visitorName} (home visitor)`],
  };
  block = accepted(transitionBlock(block, "agreed", agreement), "block agreement");
  plan = { ...accepted(transitionPlan(plan, "agreed", agreement), "plan agreement"), blocks: [block] };
  keep("plan-agreed", "change", stamp(ctx, agreedOn, "11:00"), plan);
  const startContext = { protocol, on: agreedOn };
  block = accepted(transitionBlock(block, "active", startContext), "block start");
  plan = { ...accepted(transitionPlan(plan, "active", startContext), "plan start"), blocks: [block] };
  keep("plan-started-visits", "change", stamp(ctx, agreedOn, "11:05"), plan);

  // The block's visits, planned by the domain over term dates and bank holidays.
  const schedule = accepted(planVisits(block, { visits: { ...protocol.visits, terms: ctx.terms } }), "visits");
  const plannedAt = stamp(ctx, agreedOn, "11:10");
  audit(plannedAt, "create", "visits-planned");
  const past = schedule.visits.filter((v) => v.date < today);
  const pattern = VISIT_PATTERNS[stage];
  if (past.length !== pattern.length || past.some((v, i) => v.date !== story.pastVisits?.[i])) {
    throw new Error(`demo visits for a ${stage} case do not match the block's rhythm`);
  }
  const heldDates = past.filter((_, i) => pattern[i] === "held").map((v) => v.date);

  // The family's practice, day by day from the block's start, as entered at each held visit:
  // days after the last held visit are still on the chart on the fridge.
  const targets = block.targets;
  const roles = TARGET_ROLES[stage];
  const lastHeld = heldDates[heldDates.length - 1] as IsoDate;
  const records: ActivityRecord[] = [];
  // The records of the target to be achieved, checked day by day (all of them would be slow).
  const achieving: ActivityRecord[] = [];
  const counts = targets.map(() => 0);
  const ended = new Set<string>();
  for (let day = start, d = 0; day < lastHeld && day <= end; day = addDays(day, 1), d++) {
    const rested = (d + k) % 7 === 4;
    targets.forEach((target, i) => {
      if (ended.has(target.id)) return;
      if (rested) {
        records.push({
          targetId: target.id,
          date: day,
          recordedBy: "family",
          practised: false,
          note: NOT_PRACTISED[(d + k) % NOT_PRACTISED.length] as string,
        });
        return;
      }
      const p = counts[i] ?? 0;
      counts[i] = p + 1;
      const role = roles[i];
      let tries = 4;
      let successes: number;
      if (role === "achieved") successes = p < 4 ? ([1, 2, 2, 1][p] as number) : p % 2 === 0 ? 4 : 3;
      else if (role === "developing") successes = p === 3 || p === 7 ? 3 : p % 3 === 0 ? 1 : 2;
      else {
        tries = ctx.rand() < 0.5 ? 3 : 4;
        successes = p % 3 === 1 ? 1 : 0;
      }
      const record: ActivityRecord = { targetId: target.id, date: day, recordedBy: "family", tries, successes };
      records.push(record);
      // An achieved target is no longer practised: the family moves on with the others.
      if (role === "achieved") {
        achieving.push(record);
        if (targetProgress(target, achieving, day).status === "achieved") ended.add(target.id);
      }
    });
  }
  // Each target must be where the story says it is, by the domain's own reckoning.
  let achievedTarget: { index: number; on: IsoDate } | undefined;
  targets.forEach((target, i) => {
    const progress = targetProgress(target, records, today);
    if (progress.status !== roles[i]) {
      throw new Error(`demo target ${i + 1} of a ${stage} case is ${progress.status}, not ${roles[i]}`);
    }
    if (progress.achievedOn) {
      // Marked achieved at the next visit held after the chart showed it.
      const on = heldDates.find((date) => date > (progress.achievedOn as IsoDate)) ?? progress.achievedOn;
      achievedTarget = { index: i, on };
    }
  });

  // Visits before today recorded as the visit routes record them; later ones still planned.
  let flaggedOn: IsoDate | undefined;
  const recorded: Visit[] = [];
  schedule.visits.forEach((visit, i) => {
    const status = visit.date < today ? (pattern[i] as VisitStatus) : "planned";
    const row: typeof visits.$inferInsert = {
      id: newId(),
      childId,
      planId,
      blockId: block.id,
      plannedDate: visit.date,
      date: visit.date,
      time: visit.time,
      status,
      createdAt: plannedAt,
      updatedAt: plannedAt,
    };
    if (status === "planned") {
      rows.visits.push(row);
      return;
    }
    const at = stamp(ctx, visit.date, "15:00");
    const common = { recordedBy: visitorId, recordedAt: at, version: 2, updatedAt: at };
    if (status === "held") {
      // The achieved target is worked on up to the visit it is marked achieved at.
      const open = targets.filter(
        (t) => !(achievedTarget && t === targets[achievedTarget.index] && visit.date > achievedTarget.on),
      );
      const short = open.map((t) => template.targets[targets.indexOf(t)]?.short ?? t.does);
      rows.visits.push({
        ...row,
        ...common,
        familyFocus: say(FAMILY_FOCUS[(i + k) % FAMILY_FOCUS.length] as string, name),
        structuredTeaching: open
          .map((t, n) => {
            const step = t.teachingSteps[Math.min(i, t.teachingSteps.length - 1)]?.text ?? t.does;
            return `${n === 0 ? "Worked on" : "Then"} "${t.does}" ${t.conditions}: ${name} ${step}.`;
          })
          .join(" "),
        childLedPlay: say(CHILD_LED_PLAY[(i + k) % CHILD_LED_PLAY.length] as string, name),
        targetsWorkedOn: open.map((t) => t.id),
        practiseNext: `Keep going with ${short.join(" and ")} every day, and mark the chart; stop while ${name} is still enjoying it.`,
        durationMinutes: protocol.visits.blocks.visitMinutes + ([0, -5, 5, 0][i % 4] ?? 0),
      });
    } else {
      const notes = MISSED_NOTES[status === "missed" ? "missed" : "cancelled-by-family"];
      rows.visits.push({ ...row, ...common, targetsWorkedOn: [], note: say(notes[i % notes.length] as string, name) });
    }
    audit(at, "change", `visit-${status}`);
    recorded.push({ date: visit.date, time: visit.time, status });
    // The missed-visit rule, applied after each visit is recorded as the visit routes do.
    const check = missedVisitFlag(recorded, protocol);
    if (check.flagged && !flaggedOn) {
      flaggedOn = visit.date;
      audit(stamp(ctx, visit.date, "15:01"), "alert", "missed-visits-flagged");
    } else if (!check.flagged) flaggedOn = undefined;
  });
  if ((stage === "flagged") !== (flaggedOn !== undefined)) {
    throw new Error(`demo ${stage} case is ${flaggedOn ? "" : "not "}flagged by the missed-visit rule`);
  }
  if (flaggedOn) caseRow.missedVisitsFlaggedOn = flaggedOn;

  // The visitor enters the chart at each held visit, one target at a time as the practice
  // route takes it (an audit entry each), for the days since the last held visit.
  const entered = new Set<string>();
  for (const record of records) {
    const on = heldDates.find((date) => date > record.date) as IsoDate;
    const at = stamp(ctx, on, "15:30");
    const key = `${record.targetId} ${on}`;
    if (!entered.has(key)) {
      entered.add(key);
      audit(at, "change", "practice-recorded");
    }
    const practised = !("practised" in record);
    rows.practice.push({
      id: newId(),
      childId,
      planId,
      targetId: record.targetId,
      date: record.date,
      recordedBy: "family",
      tries: "tries" in record ? record.tries : null,
      successes: "successes" in record ? record.successes : null,
      practised,
      note: record.note ?? null,
      enteredBy: visitorId,
      version: 1,
      createdAt: at,
      updatedAt: at,
    });
  }

  if (achievedTarget) {
    const { index, on } = achievedTarget;
    const target = targets[index] as Target;
    const note = template.targets[index]?.achieved;
    const done = accepted(endTarget(target, "achieved", { on, ...(note ? { note } : {}) }), "target outcome");
    block = { ...block, targets: targets.map((t, i) => (i === index ? done : t)) };
    plan = { ...plan, blocks: [block] };
    keep("target-achieved", "change", stamp(ctx, on, "15:20"), plan);
  }
  // A later profile beside the first, so the case shows how the child has moved on.
  if (stage === "active") {
    const later = new Map(profileNotes.later.map((e) => [e.areaId, e]));
    profile(
      lastHeld,
      profileNotes.first.map((e) => later.get(e.areaId) ?? e),
    );
  }
  storeRows();
}

// The case after allocation (ADR 0041): three more demo children, so a new user sees at once a
// block reviewed and the next one running, a child due to leave at the age limit with a
// transition plan, and a child who has left with a transition report. They are families that
// would otherwise wait on the list (the first ones the random draws put there), so every other
// family, and the four stages above, stay as they were. Each is built step by step as the routes
// would: the domain's reviewBlock, endTarget, supportEndDate, destroyAfterDate and planVisits,
// every plan version checked with validatePlan, and the transition report drafted by the exit
// route's own draftReport and reportFrom, checked with checkTransitionReport.

/** The stages after allocation a demo child can be at. */
export type LifecycleStage = "reviewed" | "leaving" | "exited";

/** One child at each, in this order, taken from the families the draws put on the waiting list. */
export const LIFECYCLE_STAGES: readonly LifecycleStage[] = ["reviewed", "leaving", "exited"];

/**
 * Seeds of more families than this have no lifecycle children: the casework benchmark seeds
 * 10,000 and then deletes every plan and profile to write its own, which the foreign keys of
 * `block_reviews` would refuse.
 */
export const LIFECYCLE_MAX_FAMILIES = 2_000;

/** Where the demo children leaving the service go. */
const LEAVING_SETTING = "Little Acorns Nursery";
const EXITED_SETTING = "Willow Tree Pre-school";

/** How the past visits of a lifecycle child's block went (repeating): one cancellation in eight. */
const LIFECYCLE_PATTERN: readonly VisitStatus[] = ["held", "held", "held", "cancelled-by-family", "held", "held"];

/** A lifecycle child's story: the dates it hangs on. */
interface LifecycleStory {
  readonly stage: LifecycleStage;
  readonly dateOfBirth: IsoDate;
  readonly allocatedOn: IsoDate;
  readonly weekday: Weekday;
  readonly time: string;
  readonly firstVisit: IsoDate;
  readonly drafted: IsoDate;
  readonly agreedOn: IsoDate;
  /** The first block's start (its first visit) and end. */
  readonly start: IsoDate;
  readonly end: IsoDate;
  /** The first block's review (reviewed, exited). */
  readonly reviewOn?: IsoDate;
  /** The second block's start (reviewed). */
  readonly nextStart?: IsoDate;
  /** The age limit: the day support ends (leaving). */
  readonly leavesOn?: IsoDate;
  /** The day the child left (exited). */
  readonly exitedOn?: IsoDate;
}

/** A block's end as the plan routes set it when none is given: the protocol's length, ending on a term day. */
function blockEnd(start: IsoDate, protocol: Protocol): IsoDate {
  const fullLength = addDays(start, protocol.visits.blocks.lengthWeeks * 7 - 1);
  return previousTermDay(fullLength, protocol.visits.terms) ?? fullLength;
}

/** The first term day on `weekday` after `after`, as the review form proposes the next block's start. */
function nextBlockStart(weekday: Weekday, after: IsoDate, protocol: Protocol): IsoDate | undefined {
  let day = addDays(after, 1);
  for (let i = 0; i < 120; i++) {
    const next = nextTermDay(day, protocol.visits.terms);
    if (!next) return undefined;
    if (weekdayOf(next) === weekday) return next;
    day = addDays(next, 1);
  }
  return undefined;
}

/** The funded early education dates (1 January, 1 April, 1 September) around `today`, oldest first. */
function fundedDates(today: IsoDate): IsoDate[] {
  const year = Number(today.slice(0, 4));
  return [year - 1, year, year + 1].flatMap((y) => [`${y}-01-01`, `${y}-04-01`, `${y}-09-01`] as IsoDate[]);
}

/**
 * A date of birth whose support ends (by the domain's supportEndDate) on `leavesOn`, or undefined
 * when no child's does: a whole number of months before it, a month past the youngest such age
 * when that ends support on the same day too (Lancashire: 38 months before a funded date).
 */
function bornToLeaveOn(leavesOn: IsoDate, protocol: Protocol): IsoDate | undefined {
  const ages: number[] = [];
  for (let months = 0; months <= 72; months++) {
    if (supportEndDate(addMonths(leavesOn, -months), protocol) === leavesOn) ages.push(months);
  }
  const months = ages.includes((ages[0] ?? 0) + 1) ? (ages[0] ?? 0) + 1 : ages[0];
  return months === undefined ? undefined : addMonths(leavesOn, -months);
}

/**
 * A lifecycle child's date of birth: `months` old on `on`, or the nearest age to it (older first,
 * then younger) at which the child could have been referred before being allocated on
 * `allocatedOn` and is still supported on `supportedUntil`. Undefined when no age up to five
 * years does.
 */
function lifecycleBirth(
  months: number,
  on: IsoDate,
  allocatedOn: IsoDate,
  supportedUntil: IsoDate,
  protocol: Protocol,
): IsoDate | undefined {
  for (let step = 0; step <= 60; step++) {
    for (const m of step === 0 ? [months] : [months + step, months - step]) {
      if (m < 0) continue;
      const dob = addMonths(on, -m);
      if (addDays(referableFrom(dob, protocol), 30) > allocatedOn) continue;
      if (supportEndDate(dob, protocol) <= supportedUntil) continue;
      if (latestReferral(dob, addDays(allocatedOn, -15), protocol) === undefined) continue;
      return dob;
    }
  }
  return undefined;
}

/**
 * The story of a lifecycle child, or undefined when the term dates do not reach far enough.
 * Reviewed: block 1 ended a few weeks ago and was reviewed on its last day, block 2 has been
 * running since. Leaving: the age limit falls within the next 12 weeks (or, in the weeks of the
 * year when none can, it has just passed: the exit is due now; or, when it cannot have passed
 * since the block began, it is the next one to come), a block running. Exited: block 1 reviewed
 * with the decision to leave, and the child started at a pre-school a few days later.
 */
function lifecycleStory(stage: LifecycleStage, n: number, ctx: CaseworkContext): LifecycleStory | undefined {
  const { protocol, today, terms } = ctx;
  const weekday = ctx.weekdays[(n + 1) % ctx.weekdays.length] as Weekday;
  const time = VISIT_TIMES[(n + 2) % VISIT_TIMES.length] as string;
  const weekBefore = (date: IsoDate) => previousTermDay(addDays(date, -7), terms) ?? addDays(date, -7);
  const before = (start: IsoDate) => {
    const agreedOn = weekBefore(start);
    const drafted = weekBefore(agreedOn);
    const firstVisit = weekBefore(drafted);
    return { agreedOn, drafted, firstVisit, allocatedOn: addDays(firstVisit, -14) };
  };
  if (stage === "leaving") {
    // The funded dates on which the protocol's age limit can end support (under a school-entry
    // rule, only the 1 Septembers).
    const funded = fundedDates(today).filter((date) => bornToLeaveOn(date, protocol) !== undefined);
    const horizon = addDays(today, 12 * 7);
    const start = visitDaysBefore(today, weekday, 5, ctx)?.[0];
    if (!start) return undefined;
    const future = funded.filter((d) => d > today);
    const leavesOn =
      future.find((d) => d <= horizon) ?? [...funded].reverse().find((d) => d <= today && d > start) ?? future[0];
    const dateOfBirth = leavesOn ? bornToLeaveOn(leavesOn, protocol) : undefined;
    if (!leavesOn || !dateOfBirth) return undefined;
    if (supportEndDate(dateOfBirth, protocol) !== leavesOn) throw new Error("demo leaving child's age limit is wrong");
    return { stage, dateOfBirth, weekday, time, ...before(start), start, end: blockEnd(start, protocol), leavesOn };
  }
  // Go back week by week until block 1 (and, reviewed, a few visits of block 2) fits before today.
  for (let weeks = stage === "reviewed" ? 14 : 16; weeks < 60; weeks++) {
    const start = visitDayFrom(addDays(today, -7 * weeks), weekday, terms);
    if (!start) return undefined;
    const end = blockEnd(start, protocol);
    if (termDay(end, terms).kind !== "term") continue;
    const dates = before(start);
    if (stage === "reviewed") {
      const nextStart = nextBlockStart(weekday, end, protocol);
      if (!nextStart || nextStart > addDays(today, -8)) continue;
      // About two and a bit, and supported for the next 12 weeks at least.
      const dateOfBirth = lifecycleBirth(26 + (n % 4), today, dates.allocatedOn, addDays(today, 84), protocol);
      if (!dateOfBirth) throw new Error("demo reviewed child fits no age in the protocol's window");
      return { stage, dateOfBirth, weekday, time, ...dates, start, end, reviewOn: end, nextStart };
    }
    const exitedOn = nextTermDay(addDays(end, 1), terms);
    if (!exitedOn || exitedOn > addDays(today, -21)) continue;
    // Nearly three, or younger where the age limit comes sooner: left for a pre-school at least
    // four weeks before support would have ended.
    const dateOfBirth = lifecycleBirth(34, exitedOn, dates.allocatedOn, addDays(exitedOn, 28), protocol);
    if (!dateOfBirth || supportEndDate(dateOfBirth, protocol) <= exitedOn)
      throw new Error("demo exited child was past the age limit");
    return { stage, dateOfBirth, weekday, time, ...dates, start, end, reviewOn: end, exitedOn };
  }
  return undefined;
}

/** The rows the lifecycle children add beside the casework ones. */
interface LifecycleRows {
  reviews: (typeof blockReviews.$inferInsert)[];
  transitionPlans: (typeof transitionPlans.$inferInsert)[];
  /** Exits to store once the child's other rows are in: the report is drafted from them. */
  exits: {
    childId: string;
    referralId: string;
    reasonId: string;
    exitedOn: IsoDate;
    destination: string;
    note: string;
    written: Parameters<typeof reportFrom>[1];
    recordedBy: string;
    createdAt: string;
  }[];
}

/** Builds a lifecycle child's casework into `rows` and `more`. */
function lifecycleCasework(
  child: CaseworkChild & { referralId: string },
  story: LifecycleStory,
  ctx: CaseworkContext,
  rows: CaseworkRows,
  more: LifecycleRows,
): void {
  const { protocol, today } = ctx;
  const { childId, visitorId, k } = child;
  const name = child.firstName;
  const visitTerms = { visits: { ...protocol.visits, terms: ctx.terms } };
  const audit = (at: string, action: string, reason: string) =>
    rows.audit.push({
      at,
      actorId: visitorId,
      actorRole: "home-visitor",
      action,
      recordType: "child",
      recordId: childId,
      outcome: "success",
      request: "seed-demo",
      reason,
    });
  const template = TODDLER_PLANS[k % TODDLER_PLANS.length] as DemoPlan;
  const profileNotes = PROFILES.toddler;
  const profile = (recordedOn: IsoDate, notes: ProfileNotes, hhmm: string) => {
    const entries = profileEntries(notes, protocol);
    const problems = validateProfile({ recordedOn, entries }, protocol, today);
    if (problems.length > 0) throw new Error(`demo profile is not sound: ${JSON.stringify(problems)}`);
    const at = stamp(ctx, recordedOn, hhmm);
    const id = newId();
    rows.profiles.push({ id, childId, recordedOn, entries, recordedBy: visitorId, createdAt: at });
    audit(at, "create", "profile-recorded");
    return id;
  };
  profile(story.firstVisit, profileNotes.first, "16:00");
  const notesAt = stamp(ctx, story.firstVisit, "16:30");
  rows.cases.push({
    childId,
    homeVisitNotes: HOME_VISIT_NOTES[(k + 1) % HOME_VISIT_NOTES.length] as string,
    version: 1,
    updatedAt: notesAt,
    updatedBy: visitorId,
  });
  audit(notesAt, "change", "home-visit-notes-changed");

  // The plan, version by version, each checked by the domain.
  const planId = newId();
  const history: { change: string; at: string; doc: PlayPlan }[] = [];
  let plan: PlayPlan = { id: planId, childId, status: "draft", longTermGoals: [], blocks: [] };
  const keep = (change: string, action: string, at: string) => {
    const problems = validatePlan(plan, protocol);
    if (problems.length > 0) throw new Error(`demo plan (${change}) is not sound: ${JSON.stringify(problems)}`);
    history.push({ change, at, doc: plan });
    audit(at, action, change);
  };
  const withBlock = (b: Block) => {
    plan = {
      ...plan,
      blocks: plan.blocks.some((x) => x.id === b.id)
        ? plan.blocks.map((x) => (x.id === b.id ? b : x))
        : [...plan.blocks, b],
    };
  };
  keep("plan-started", "create", stamp(ctx, story.drafted, "17:00"));
  const goalIds = template.goals.map(() => newId());
  template.goals.forEach((goal, i) => {
    const reviewBy = addMonths(story.drafted, protocol.plans.longTermGoalReviewMonths.months);
    plan = {
      ...plan,
      longTermGoals: [
        ...plan.longTermGoals,
        {
          id: goalIds[i] as string,
          text: goal.text,
          areaId: demoAreaId(goal.areaId, protocol),
          setOn: story.drafted,
          reviewBy,
        },
      ],
    };
    keep("goal-added", "change", stamp(ctx, story.drafted, `17:0${i + 1}`));
  });
  const makeTarget = (t: DemoTarget) =>
    accepted(
      newTarget(
        {
          id: newId(),
          areaId: demoAreaId(t.areaId, protocol),
          longTermGoalId: goalIds[t.goal] as string,
          does: t.does,
          conditions: t.conditions,
          teachingSteps: t.steps.map((text) => ({ id: newId(), text })),
          practice: { ...t.practice },
        },
        protocol,
      ),
      "target",
    );
  // Block 1: two targets for a reviewed child (one achieved, one carried forward), three otherwise.
  const firstTargets = story.stage === "reviewed" ? template.targets.slice(0, 2) : template.targets;
  let block: Block = {
    id: newId(),
    number: 1,
    start: story.start,
    end: story.end,
    frequency: ctx.frequency,
    weekday: story.weekday,
    time: story.time,
    status: "draft",
    targets: [],
  };
  withBlock(block);
  keep("block-added", "change", stamp(ctx, story.drafted, "17:10"));
  firstTargets.forEach((t, i) => {
    block = { ...block, targets: [...block.targets, makeTarget(t)] };
    withBlock(block);
    keep("target-added", "change", stamp(ctx, story.drafted, `17:${String(20 + i).padStart(2, "0")}`));
  });
  const agreedBy = [child.carer, `${child.visitorName} (home visitor)`];

  /** Agrees and starts a draft block on `on` (and the plan with it, the first time), plans its visits. */
  const startBlock = (on: IsoDate, hh: string) => {
    const agreement = { protocol, on, agreedBy };
    block = accepted(transitionBlock(block, "agreed", agreement), "block agreement");
    if (plan.status === "draft") plan = { ...accepted(transitionPlan(plan, "agreed", agreement), "plan agreement") };
    withBlock(block);
    keep("plan-agreed", "change", stamp(ctx, on, `${hh}:00`));
    block = accepted(transitionBlock(block, "active", { protocol, on }), "block start");
    if (plan.status === "agreed") plan = accepted(transitionPlan(plan, "active", { protocol, on }), "plan start");
    withBlock(block);
    keep("plan-started-visits", "change", stamp(ctx, on, `${hh}:05`));
    const schedule = accepted(planVisits(block, visitTerms), "visits");
    audit(stamp(ctx, on, `${hh}:10`), "create", "visits-planned");
    return { schedule: schedule.visits, plannedAt: stamp(ctx, on, `${hh}:10`) };
  };

  /**
   * Records a block's visits before `until` (held, or now and then cancelled by the family) and
   * the family's practice from the block's start to its last held visit, as the routes enter
   * them; later visits stay planned. Returns the visits and practice records.
   */
  const runBlock = (
    schedule: readonly { date: IsoDate; time: string }[],
    plannedAt: string,
    until: IsoDate,
    roles: readonly TargetRole[],
  ) => {
    const targets = block.targets;
    const recorded: Visit[] = [];
    const visitRows: (typeof visits.$inferInsert)[] = [];
    schedule.forEach((visit, i) => {
      const status: VisitStatus =
        visit.date < until ? (LIFECYCLE_PATTERN[i % LIFECYCLE_PATTERN.length] as VisitStatus) : "planned";
      const row: typeof visits.$inferInsert = {
        id: newId(),
        childId,
        planId,
        blockId: block.id,
        plannedDate: visit.date,
        date: visit.date,
        time: visit.time,
        status,
        createdAt: plannedAt,
        updatedAt: plannedAt,
      };
      recorded.push({ date: visit.date, time: visit.time, status });
      if (status === "planned") {
        visitRows.push(row);
        return;
      }
      const at = stamp(ctx, visit.date, "15:00");
      const common = { recordedBy: visitorId, recordedAt: at, version: 2, updatedAt: at };
      if (status === "held") {
        visitRows.push({
          ...row,
          ...common,
          familyFocus: say(FAMILY_FOCUS[(i + k) % FAMILY_FOCUS.length] as string, name),
          structuredTeaching: targets
            .map((t, n) => {
              const step = t.teachingSteps[Math.min(i, t.teachingSteps.length - 1)]?.text ?? t.does;
              return `${n === 0 ? "Worked on" : "Then"} "${t.does}" ${t.conditions}: ${name} ${step}.`;
            })
            .join(" "),
          childLedPlay: say(CHILD_LED_PLAY[(i + k) % CHILD_LED_PLAY.length] as string, name),
          targetsWorkedOn: targets.map((t) => t.id),
          practiseNext: `Keep going with the activities on the chart every day; stop while ${name} is still enjoying it.`,
          durationMinutes: protocol.visits.blocks.visitMinutes,
        });
      } else {
        const notes = MISSED_NOTES["cancelled-by-family"];
        visitRows.push({ ...row, ...common, targetsWorkedOn: [], note: say(notes[i % notes.length] as string, name) });
      }
      audit(at, "change", `visit-${status}`);
    });
    if (missedVisitFlag(recorded, protocol).flagged)
      throw new Error("demo lifecycle child is flagged for missed visits");
    const heldDates = recorded.filter((v) => v.status === "held").map((v) => v.date);
    const lastHeld = heldDates[heldDates.length - 1];
    const records: ActivityRecord[] = [];
    const counts = targets.map(() => 0);
    const achieved = new Set<string>();
    const achieving: ActivityRecord[] = [];
    for (let day = block.start, d = 0; lastHeld && day < lastHeld && day <= block.end; day = addDays(day, 1), d++) {
      const rested = (d + k) % 7 === 4;
      targets.forEach((target, i) => {
        if (achieved.has(target.id)) return;
        if (rested) {
          const note = NOT_PRACTISED[(d + k) % NOT_PRACTISED.length] as string;
          records.push({ targetId: target.id, date: day, recordedBy: "family", practised: false, note });
          return;
        }
        const p = counts[i] ?? 0;
        counts[i] = p + 1;
        const role = roles[i];
        let tries = 4;
        let successes: number;
        if (role === "achieved") successes = p < 4 ? ([1, 2, 2, 1][p] as number) : p % 2 === 0 ? 4 : 3;
        else if (role === "developing") successes = p === 3 || p === 7 ? 3 : p % 3 === 0 ? 1 : 2;
        else {
          tries = p % 2 === 0 ? 3 : 4;
          successes = p % 3 === 1 ? 1 : 0;
        }
        const record: ActivityRecord = { targetId: target.id, date: day, recordedBy: "family", tries, successes };
        records.push(record);
        if (role === "achieved") {
          achieving.push(record);
          if (targetProgress(target, achieving, day).status === "achieved") achieved.add(target.id);
        }
      });
    }
    const entered = new Set<string>();
    for (const record of records) {
      const on = heldDates.find((date) => date > record.date) as IsoDate;
      const at = stamp(ctx, on, "15:30");
      if (!entered.has(`${record.targetId} ${on}`)) {
        entered.add(`${record.targetId} ${on}`);
        audit(at, "change", "practice-recorded");
      }
      rows.practice.push({
        id: newId(),
        childId,
        planId,
        targetId: record.targetId,
        date: record.date,
        recordedBy: "family",
        tries: "tries" in record ? record.tries : null,
        successes: "successes" in record ? record.successes : null,
        practised: !("practised" in record),
        note: record.note ?? null,
        enteredBy: visitorId,
        version: 1,
        createdAt: at,
        updatedAt: at,
      });
    }
    targets.forEach((target, i) => {
      const status = targetProgress(target, records, until).status;
      if ((status === "achieved") !== (roles[i] === "achieved")) {
        throw new Error(`demo ${story.stage} target ${i + 1} is ${status}, not ${roles[i]}`);
      }
    });
    return { recorded, visitRows, records };
  };

  const first = startBlock(story.agreedOn, "11");
  if (story.stage === "leaving") {
    const leavesOn = story.leavesOn as IsoDate;
    const run = runBlock(first.schedule, first.plannedAt, today, ["developing", "developing", "emerging"]);
    // The transition plan, recorded a few weeks before, and a joint visit at the nursery: the
    // block's last visit before the start date (one to come when there is one), rearranged to
    // a transition visit there as the visit routes do.
    const before = run.visitRows.filter((v) => (v.date as string) < leavesOn && v.status !== "cancelled-by-family");
    const transition = before.find((v) => v.status === "planned") ?? before[before.length - 1];
    if (!transition) throw new Error("demo leaving child has no visit before the start date");
    const planOn = previousTermDay(addDays(today, -10), ctx.terms) ?? addDays(today, -10);
    const planAt = stamp(ctx, maxDate(planOn, story.start), "16:40");
    more.transitionPlans.push({
      childId,
      settingName: LEAVING_SETTING,
      settingType: "nursery",
      startDate: leavesOn,
      peopleInvolved: "the nursery's SENCO, the health visitor",
      notes: `${name} has a funded place from ${leavesOn}. Mum would like to visit the nursery with ${name} before the start, at a quiet time.`,
      version: 1,
      updatedAt: planAt,
      updatedBy: visitorId,
    });
    audit(planAt, "create", "transition-plan-recorded");
    transition.kind = "transition";
    transition.place = LEAVING_SETTING;
    if (transition.status === "planned") {
      transition.version = 2;
      transition.updatedAt = planAt;
      transition.note = `Joint visit with the nursery's SENCO, to meet ${name}'s key person.`;
      audit(planAt, "change", "visit-rearranged");
    }
    rows.visits.push(...run.visitRows);
  } else {
    // Block 1 ran to its end; reviewed on its last day, with a new profile.
    const reviewOn = story.reviewOn as IsoDate;
    const roles: readonly TargetRole[] =
      story.stage === "reviewed" ? ["achieved", "developing"] : ["achieved", "developing", "emerging"];
    const run = runBlock(first.schedule, first.plannedAt, addDays(reviewOn, 1), roles);
    rows.visits.push(...run.visitRows);
    const later = new Map(profileNotes.later.map((e) => [e.areaId, e]));
    const profileId = profile(
      reviewOn,
      profileNotes.first.map((e) => later.get(e.areaId) ?? e),
      "15:40",
    );
    // The review route: every open target ended with the outcome chosen, the block completed.
    const targets = block.targets.map((t, i) => {
      const words = template.targets[i];
      const result = roles[i] === "achieved" ? "achieved" : "carried-forward";
      const note =
        result === "achieved"
          ? words?.achieved
          : story.stage === "exited"
            ? `For the pre-school to carry on: ${name} is nearly there.`
            : "Carried forward to the next block, with the same teaching steps.";
      return accepted(endTarget(t, result, { on: reviewOn, ...(note ? { note } : {}) }), "target outcome");
    });
    let ended: Block = { ...block, targets };
    ended = accepted(transitionBlock(ended, "in-review", { protocol, on: reviewOn }), "block review");
    ended = accepted(transitionBlock(ended, "completed", { protocol, on: reviewOn }), "block completion");
    block = ended;
    withBlock(block);
    const decision = story.stage === "reviewed" ? "next-block" : "exit";
    let next: Block | undefined;
    if (decision === "next-block") {
      // Each target carried forward becomes a new target: a new id, the same words and steps.
      const carried = block.targets
        .filter((t) => t.outcome?.result === "carried-forward")
        .map((t) =>
          accepted(
            newTarget(
              {
                id: newId(),
                areaId: t.areaId,
                ...(t.longTermGoalId ? { longTermGoalId: t.longTermGoalId } : {}),
                does: t.does,
                conditions: t.conditions,
                criterion: t.criterion,
                teachingSteps: t.teachingSteps.map((s) => ({ id: newId(), text: s.text })),
                practice: t.practice,
              },
              protocol,
            ),
            "carried-forward target",
          ),
        );
      const start = story.nextStart as IsoDate;
      next = {
        id: newId(),
        number: 2,
        start,
        end: blockEnd(start, protocol),
        frequency: block.frequency,
        weekday: block.weekday,
        time: block.time,
        status: "draft",
        targets: carried,
      };
      withBlock(next);
    }
    keep("block-reviewed", "change", stamp(ctx, reviewOn, "15:50"));
    // The domain's figures on the review's day, from the plan as saved, as the route stores them.
    const figures = accepted(
      reviewBlock(plan, run.records, run.recorded, reviewOn, { protocol, childName: name, blockId: ended.id }),
      "block review",
    );
    const shortOf = (i: number) => template.targets[i]?.short ?? "";
    const celebrations =
      story.stage === "reviewed"
        ? `We're so proud: ${name} ${shortOf(0) === "stacking bricks" ? "builds a tower of three bricks on their own and knocks it down laughing" : "pulls both socks off at bedtime, all by themselves"}. Grandma saw it at the weekend and couldn't believe it.`
        : `${name} has come on so much. We never thought we'd see ${name} ${shortOf(0)} on their own, and now they show everyone.`;
    const nextFocus =
      story.stage === "reviewed"
        ? `Keep going with ${shortOf(1)}, little and often at snack and bath time, and start on ${shortOf(2)}.`
        : `Settling in at ${EXITED_SETTING}: the key person will carry on with ${shortOf(1)} and ${shortOf(2)}.`;
    const reviewAt = stamp(ctx, reviewOn, "15:50");
    more.reviews.push({
      id: newId(),
      childId,
      planId,
      blockId: ended.id,
      reviewedOn: reviewOn,
      celebrations,
      nextFocus,
      decision,
      summary: JSON.parse(JSON.stringify(figures)) as BlockReview,
      profileId,
      recordedBy: visitorId,
      version: 1,
      createdAt: reviewAt,
      updatedAt: reviewAt,
    });
    if (next) {
      // A new target for block 2 beside the one carried forward, then agreed and started.
      block = next;
      block = { ...block, targets: [...block.targets, makeTarget(template.targets[2] as DemoTarget)] };
      withBlock(block);
      keep("target-added", "change", stamp(ctx, reviewOn, "15:55"));
      const second = startBlock(reviewOn, "16");
      const secondRun = runBlock(second.schedule, second.plannedAt, today, ["developing", "emerging"]);
      rows.visits.push(...secondRun.visitRows);
    } else {
      // Left a few days after the review, for the pre-school: the exit route's steps.
      const exitedOn = story.exitedOn as IsoDate;
      const at = stamp(ctx, exitedOn, "16:00");
      more.exits.push({
        childId,
        referralId: child.referralId,
        // Started at a setting: one of the protocol's exit reasons, calling for a transition
        // report (or, for a protocol without it, the first other one that calls for a report).
        reasonId:
          protocol.exits.reasons.find((r) => r.id === "started-setting")?.id ??
          protocol.exits.reasons.find((r) => r.transitionReport && r.id !== "age-limit")?.id ??
          "age-limit",
        exitedOn,
        destination: EXITED_SETTING,
        note: `Started at ${EXITED_SETTING} on ${exitedOn}, three mornings a week. Mum has the family hub's number.`,
        written: {
          strengthsAndInterests: `${name} loves water play, bubbles and books about animals, and is happiest with a grown-up close by to share the fun.`,
          howChildLearnsBest: `Short, playful turns with lots of praise; showing first, then a hand over ${name}'s, then stepping back. ${name} does best when things happen at the same time each day.`,
          familyWantsSettingToKnow: `${name} can be shy at first and likes to watch before joining in. A cuddly rabbit helps at drop-off.`,
        },
        recordedBy: visitorId,
        createdAt: at,
      });
      audit(at, "change", "exited");
    }
  }

  const last = history[history.length - 1];
  const firstVersion = history[0];
  if (last && firstVersion) {
    rows.plans.push({
      id: planId,
      childId,
      status: last.doc.status,
      document: last.doc,
      version: history.length,
      createdAt: firstVersion.at,
      createdBy: visitorId,
      updatedAt: last.at,
      updatedBy: visitorId,
    });
    history.forEach((h, i) => {
      rows.revisions.push({
        id: newId(),
        planId,
        version: i + 1,
        change: h.change,
        document: h.doc,
        changedBy: visitorId,
        changedAt: h.at,
      });
    });
  }
}

// Consent and sharing (ADR 0034): each demo child with casework has the family's written consent
// to the service, given at allocation, and most have a consent to share with the professionals
// the protocol lists. The families answer the sharing form differently, in turn, so the Consent
// and sharing tab shows each case: consent to every usual recipient, to some of them, withdrawn
// later, or not given yet (the warning). Where the consent covers a service the protocol informs
// routinely (Lancashire's Children and Family Wellbeing Service), the routine notice went at
// allocation, as a disclosure with its outbox row already sent; one reviewed family's review
// report went to the health visitor the same way, and one home visitor recorded by hand a summary
// sent by secure email. Each disclosure is one the domain's `sharingDecision` allowed on its day.

/** How a family answered the consent-to-share form. */
export type SharingAnswer = "everyone" | "some" | "withdrawn" | "not-yet";

/** The answer of the `k`-th allocated child, in turn (a different cycle from the stages'). */
export const SHARING_ANSWERS: readonly SharingAnswer[] = [
  "everyone",
  "withdrawn",
  "not-yet",
  "everyone",
  "some",
  "everyone",
];

/** What consent to the service covers, in the words of the demo's consent form. */
export const DEMO_SERVICE_COVERS = "Home visits, keeping records of your child's progress, and the play plan";

/** Where the demo's emails went: a reserved domain, so nothing can ever reach anyone. */
function demoEmailAddress(recipientId: string): string {
  return `${recipientId}@demo.openportage.invalid`;
}

/** How the lifecycle families answered: the reviewed and exited ones agreed to everyone, the leaving one to some. */
const LIFECYCLE_SHARING: Record<LifecycleStage, SharingAnswer> = {
  reviewed: "everyone",
  leaving: "some",
  exited: "everyone",
};

/** The parts of {@link SharingChild} every demo family has: who they are and who works with them. */
function sharingOf(
  childId: string,
  answers: Referral,
  staffIds: { coordinatorId: string; visitorId: string },
  visitorNames: ReadonlyMap<string | undefined, string>,
) {
  const { coordinatorId, visitorId } = staffIds;
  return {
    childId,
    childName: `${answers.childFirstName} ${answers.childLastName}`,
    dateOfBirth: answers.childDateOfBirth as IsoDate,
    carer: { name: answers.carerName, relationship: answers.carerRelationship },
    coordinatorId,
    visitorId,
    visitorName: visitorNames.get(visitorId) ?? "Home visitor",
  };
}

/** What the seed needs to know about one family to write their consents and disclosures. */
interface SharingChild {
  readonly childId: string;
  readonly childName: string;
  readonly dateOfBirth: IsoDate;
  readonly carer: { readonly name: string; readonly relationship: string };
  readonly coordinatorId: string;
  readonly visitorId: string;
  readonly visitorName: string;
  readonly allocatedOn: IsoDate;
  /** The first home visit, when a family answering later gave their consent to share. */
  readonly firstVisit: IsoDate;
  /** The day a family that withdrew told their home visitor. */
  readonly withdrawnOn?: IsoDate;
  /** The child's setting (now, or the one they are moving to): its SENCO is a usual recipient. */
  readonly setting?: string;
  readonly answer: SharingAnswer;
  /** When set, the home visitor sent the health visitor a summary by secure email on that day. */
  readonly summaryOn?: IsoDate;
  /** When set, block 1's review report went to the health visitor on that day, through the outbox. */
  readonly reportOn?: IsoDate;
}

/** An ISO time `ms` after `iso`, never after now. */
function after(ctx: CaseworkContext, iso: string, ms: number): string {
  return new Date(Math.min(Date.parse(iso) + ms, Date.parse(ctx.nowIso))).toISOString();
}

/** Builds one family's consents, disclosures and sent emails into `rows`, as the consent and report-send routes would. */
function demoSharing(child: SharingChild, ctx: CaseworkContext, rows: CaseworkRows): void {
  const { protocol } = ctx;
  const { childId, coordinatorId, visitorId, allocatedOn } = child;
  const listed = new Set(protocol.sharing.recipients.map((r) => r.id));
  const routine = protocol.sharing.recipients.filter((r) => r.informedRoutinely);
  const audit = (at: string, actorId: string, action: string, reason: string) =>
    rows.audit.push({
      at,
      actorId,
      actorRole: actorId === coordinatorId ? "coordinator" : "home-visitor",
      action,
      recordType: "child",
      recordId: childId,
      outcome: "success",
      request: "seed-demo",
      reason,
    });
  const records: ConsentRecord[] = [];

  // Consent to the service: the family's signed form, recorded by the coordinator who allocated.
  const serviceAt = stamp(ctx, allocatedOn, "10:02");
  const service = {
    id: newId(),
    childId,
    kind: "service" as const,
    givenByName: child.carer.name,
    givenByRelationship: child.carer.relationship,
    givenOn: allocatedOn,
    recordedAs: "written" as const,
    covers: DEMO_SERVICE_COVERS,
    recordedBy: coordinatorId,
    version: 1,
    createdAt: serviceAt,
    updatedAt: serviceAt,
  };
  rows.consents.push(service);
  records.push({
    kind: "service",
    id: service.id,
    givenBy: child.carer,
    givenOn: allocatedOn,
    recordedAs: "written",
    recordedBy: coordinatorId,
  });
  audit(serviceAt, coordinatorId, "consent-change", "service-consent-given");
  if (child.answer === "not-yet") return;

  // Consent to share: every usual recipient at allocation, or some of them at the first visit
  // (the wellbeing service left out); only recipients the protocol lists.
  const everyone = child.answer !== "some";
  const recipientIds = [
    "health-visitor",
    ...(child.setting ? ["setting-senco"] : []),
    ...(everyone ? routine.map((r) => r.id) : []),
  ].filter((id) => listed.has(id));
  if (recipientIds.length === 0) return;
  const givenOn = everyone ? allocatedOn : child.firstVisit;
  const recorder = everyone ? coordinatorId : visitorId;
  const sharingAt = stamp(ctx, givenOn, everyone ? "10:03" : "16:10");
  const withdrawnOn = child.answer === "withdrawn" ? child.withdrawnOn : undefined;
  const withdrawnAt = withdrawnOn ? stamp(ctx, withdrawnOn, "16:15") : undefined;
  const sharing = {
    id: newId(),
    childId,
    kind: "sharing" as const,
    givenByName: child.carer.name,
    givenByRelationship: child.carer.relationship,
    givenOn,
    recordedAs: "written" as const,
    recipientIds,
    recordedBy: recorder,
    withdrawnOn: withdrawnOn ?? null,
    version: withdrawnOn ? 2 : 1,
    createdAt: sharingAt,
    updatedAt: withdrawnAt ?? sharingAt,
  };
  rows.consents.push(sharing);
  records.push({
    kind: "sharing",
    id: sharing.id,
    givenBy: child.carer,
    givenOn,
    recordedAs: "written",
    recordedBy: recorder,
    recipientIds,
    ...(withdrawnOn ? { withdrawnOn } : {}),
  });
  audit(sharingAt, recorder, "consent-change", "sharing-consent-given");
  if (withdrawnOn && withdrawnAt) audit(withdrawnAt, visitorId, "consent-change", "sharing-consent-withdrawn");

  /** The domain's decision, as the routes ask it: a refusal means the demo data is wrong. */
  const allowed = (recipientId: string, purpose: string, on: IsoDate) => {
    const decision = sharingDecision(records, recipientId, purpose, on, protocol);
    if (!decision.allowed || !decision.consentId) {
      throw new Error(`demo disclosure to ${recipientId} refused by the domain: ${decision.reason}`);
    }
    return decision.consentId;
  };
  /** A disclosure sent by email through the outbox, already delivered. */
  const emailed = (input: {
    recipientId: string;
    what: string;
    description: string;
    purpose: string;
    on: IsoDate;
    at: string;
    by: string;
    kind: NotificationKind;
    personalisation: Record<string, string>;
    documentName?: string;
  }) => {
    const disclosureId = newId();
    const emailAddress = demoEmailAddress(input.recipientId);
    rows.disclosures.push({
      id: disclosureId,
      childId,
      recipientId: input.recipientId,
      what: input.what,
      description: input.description,
      purpose: input.purpose,
      basis: "consent",
      consentId: allowed(input.recipientId, input.purpose, input.on),
      channel: "notify-email",
      emailAddress,
      disclosedOn: input.on,
      disclosedBy: input.by,
      createdAt: input.at,
    });
    // Delivered by the outbox's next round; the document itself is not kept in the demo.
    rows.outbox.push({
      id: newId(),
      kind: input.kind,
      emailAddress,
      personalisation: input.personalisation,
      childId,
      disclosureId,
      documentName: input.documentName ?? null,
      status: "sent",
      claimedAt: after(ctx, input.at, 1_500),
      attempts: 1,
      nextAttemptAt: input.at,
      createdAt: input.at,
      sentAt: after(ctx, input.at, 2_000),
    });
  };

  // The routine notices: queued with the consent that allowed them, by whoever recorded it.
  for (const recipient of routine) {
    if (!recipientIds.includes(recipient.id)) continue;
    const on = maxDate(allocatedOn, givenOn);
    const at = sharingAt;
    emailed({
      recipientId: recipient.id,
      what: "routine-notice",
      description: `${recipient.name} told that the family receives ${protocol.serviceName}`,
      purpose: "informing-involvement",
      on,
      at,
      by: recorder,
      kind: "routine-notice",
      personalisation: {
        service_name: protocol.serviceName,
        recipient_name: recipient.name,
        child_name: child.childName,
        date_of_birth: dateInWords(child.dateOfBirth),
        started_on: dateInWords(allocatedOn),
        home_visitor: child.visitorName,
      },
    });
    audit(at, recorder, "disclose", "routine-notice-queued");
  }
  const healthVisitor = protocol.sharing.recipients.find((r) => r.id === "health-visitor");
  if (child.reportOn && healthVisitor && recipientIds.includes(healthVisitor.id)) {
    const at = stamp(ctx, child.reportOn, "16:20");
    emailed({
      recipientId: healthVisitor.id,
      what: "report",
      description: "Review report for block 1",
      purpose: "coordinating-support",
      on: child.reportOn,
      at,
      by: visitorId,
      kind: "report",
      personalisation: {
        service_name: protocol.serviceName,
        report_name: "Review report for block 1",
        child_name: child.childName,
        recipient_name: healthVisitor.name,
        sent_by: child.visitorName,
      },
      documentName: "review-block-1.pdf",
    });
    audit(at, visitorId, "disclose", "report-queued");
  }
  if (child.summaryOn && healthVisitor && recipientIds.includes(healthVisitor.id)) {
    // Recorded by hand on the Consent and sharing tab after the home visitor emailed it.
    const at = stamp(ctx, child.summaryOn, "16:45");
    rows.disclosures.push({
      id: newId(),
      childId,
      recipientId: healthVisitor.id,
      what: "summary",
      description: `A summary of ${child.childName.split(" ")[0]}'s play plan and progress so far, for the health visitor's next check`,
      purpose: "coordinating-support",
      basis: "consent",
      consentId: allowed(healthVisitor.id, "coordinating-support", child.summaryOn),
      channel: "secure-email",
      disclosedOn: child.summaryOn,
      disclosedBy: visitorId,
      createdAt: at,
    });
    audit(at, visitorId, "disclose", "disclosure-recorded");
  }
}

/**
 * True when the database holds a demo account that can still sign in. A disabled demo account
 * cannot (sign-in refuses disabled accounts), so it does not stop a production start.
 */
export async function hasDemoAccounts(db: Database): Promise<boolean> {
  const [row] = await db
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.demo, true), isNull(users.disabledAt)))
    .limit(1);
  return row !== undefined;
}

/** Rows in one insert statement: well under SQLite's 32,766 parameters for the widest table. */
const ROWS_PER_INSERT = 500;

function chunks<T>(list: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += ROWS_PER_INSERT) out.push(list.slice(i, i + ROWS_PER_INSERT));
  return out;
}

/** Fictional professionals who refer the demo's children where families cannot refer themselves. */
const DEMO_REFERRERS: readonly Readonly<Record<"name" | "role" | "organisation", string>>[] = [
  { name: "Sam Demo", role: "Health visitor", organisation: "Demo Health Visiting Team" },
  { name: "Alex Example", role: "Nursery SENCO", organisation: "Demo Nursery" },
  { name: "Jo Sample", role: "Speech and language therapist", organisation: "Demo Children's Therapy Service" },
];

/**
 * How the demo's referrals come in (ADR 0060): by the protocol's family route, as families'
 * own referrals on the public form; where only professionals refer (Cheshire East's Early Years
 * Forum), by the protocol's first professional route, entered by the coordinator with a
 * fictional referrer, as the staff entry route records them. Never a route the protocol lacks.
 */
function demoIntake(protocol: Protocol): {
  readonly route: string;
  readonly source: "public-form" | "staff";
  /** The fictional professional who referred the demo child `i`, for a professional route. */
  readonly referrer: (i: number) => Readonly<Record<string, string>> | undefined;
} {
  const family = familyRoute(protocol);
  if (family) return { route: family.id, source: "public-form", referrer: () => undefined };
  const professional = professionalRoutes(protocol)[0] ?? (protocol.eligibility.routes.routes[0] as ReferralRoute);
  return {
    route: professional.id,
    source: "staff",
    referrer: (i) => DEMO_REFERRERS[i % DEMO_REFERRERS.length],
  };
}

/**
 * Creates the demo accounts and `families` fictional referrals at various stages; the children
 * allocated to the demo home visitors are given casework at the stages of {@link DEMO_STAGES}.
 */
export async function seedDemo(
  db: Database,
  protocol: Protocol,
  now: Date,
  options: { families?: number; accounts?: boolean } = {},
): Promise<{
  accounts: number;
  referrals: number;
  stages: Record<DemoStage, number>;
  lifecycle: Record<LifecycleStage, number>;
}> {
  const families = options.families ?? 60;
  const ids: Record<string, string> = {};
  if (options.accounts !== false) {
    for (const account of DEMO_ACCOUNTS) {
      const [existing] = await db.select({ id: users.id }).from(users).where(eq(users.email, account.email));
      const { totpSecret, ...fields } = account;
      const id = existing?.id ?? (await createUser(db, { ...fields, demo: true }, now)).id;
      ids[account.email] = id;
      if (totpSecret) {
        await db
          .insert(staffTotp)
          .values({ userId: id, secret: totpSecret, confirmedAt: now.toISOString(), createdAt: now.toISOString() })
          .onConflictDoNothing();
      }
    }
  }
  const coordinatorId = ids["coordinator@demo.openportage.invalid"];
  const visitorIds = [ids["visitor1@demo.openportage.invalid"], ids["visitor2@demo.openportage.invalid"]].filter(
    (id): id is string => id !== undefined,
  );
  const today = englandDate(now);
  const rand = random(20261122);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)] as T;
  const year = Number(today.slice(0, 4));
  const ctx: CaseworkContext = {
    protocol,
    // Blocks run from about a year back to six months on: their visits skip those years' bank holidays.
    terms: termsWithBankHolidays(protocol, year - 1, year + 1),
    today,
    nowIso: now.toISOString(),
    // Casework draws from its own sequence, so the families themselves are the same as without it.
    rand: random(20261201),
    weekdays: demoWeekdays(protocol),
    frequency: protocol.visits.blocks.frequencies.includes("weekly")
      ? "weekly"
      : (protocol.visits.blocks.frequencies[0] as VisitFrequency),
  };
  const ages = familyAges(protocol, today);
  const intake = demoIntake(protocol);
  const route = intake.route;
  const panelRequired = protocol.eligibility.need.values.some((entry) => entry.value.panelRequired !== undefined);
  const visitorNames = new Map(DEMO_ACCOUNTS.map((a) => [ids[a.email], a.name.replace(/ \(demo\)$/, "")]));
  const stages: Record<DemoStage, number> = { active: 0, flagged: 0, draft: 0, new: 0 };
  let allocatedSoFar = 0;
  const lifecycle: Record<LifecycleStage, number> = { reviewed: 0, leaving: 0, exited: 0 };
  // The lifecycle children's stories are the first waiting families', each from its own sequence.
  const lifecycleRand = random(20261215);
  let lifecycleNext = families <= LIFECYCLE_MAX_FAMILIES ? 0 : LIFECYCLE_STAGES.length;
  let summaryRecorded = false;

  const BATCH = 500;
  for (let start = 0; start < families; start += BATCH) {
    await db.transaction(
      async (tx) => {
        const rows = emptyRows();
        const more: LifecycleRows = { reviews: [], transitionPlans: [], exits: [] };
        for (let i = start; i < Math.min(families, start + BATCH); i++) {
          const ageMonths = ages.from + Math.floor(rand() * ages.span);
          const dob = addDays(addMonths(today, -ageMonths), -Math.floor(rand() * 28));
          const [year, month, day] = dob.split("-");
          const diagnosis = pick(CONDITIONS);
          const attends = rand() < 0.3;
          const family = {
            childFirstName: pick(FIRST),
            childLastName: pick(LAST),
            childDateOfBirth: { day: String(Number(day)), month: String(Number(month)), year: String(year) },
            childSex: rand() < 0.5 ? ("female" as const) : ("male" as const),
            addressLine1: `${1 + Math.floor(rand() * 200)} Demo Street`,
            addressTown: pick(TOWNS),
            postcode: `PR${1 + Math.floor(rand() * 9)} ${1 + Math.floor(rand() * 9)}ZZ`,
            carerName: `${pick(FIRST)} ${pick(LAST)}`,
            carerEmail: `family${i + 1}@example.com`,
            // A number of its own for each family (Ofcom's drama range, 01632 960 001 to 999), so
            // the demo's inbox does not flag every family as a possible duplicate of the others.
            carerPhone: `01632 960 ${String(1 + (i % 999)).padStart(3, "0")}`,
            ...(diagnosis ? { diagnosis } : { diagnosis: "" }),
            attendsSetting: attends ? ("yes" as const) : ("no" as const),
          };
          const setting = attends
            ? { settingName: "Demo Nursery", settingHoursPerWeek: String(3 + Math.floor(rand() * 12)) }
            : {};
          const parsed = parseReferral(exampleReferralInput({ ...family, ...setting }), { today });
          if (!parsed.success) throw new Error(`demo referral ${i} is not valid: ${JSON.stringify(parsed.errors)}`);
          let answers: Referral = parsed.referral;
          // Referred at least two weeks after the protocol's minimum age (birth), within the last 200 days.
          const ageDays = Math.round((Date.parse(today) - Date.parse(referableFrom(dob, protocol))) / 86_400_000);
          const daysAgo = Math.floor(rand() * Math.min(200, ageDays - 14));
          let receivedOn = addDays(today, -daysAgo);
          let acceptedOn = addDays(receivedOn, Math.min(daysAgo, 7));
          const childId = newId();
          const referralId = newId();
          const stage = rand();
          let status: "received" | "not-eligible" | "more-information" | "allocated" | "waiting" | "closed" =
            stage < 0.12
              ? "received"
              : stage < 0.18
                ? "not-eligible"
                : stage < 0.22
                  ? "more-information"
                  : stage < 0.3 && visitorIds.length
                    ? "allocated"
                    : "waiting";
          let story: CaseworkStory | undefined;
          let k = 0;
          // A waiting family becomes the next lifecycle child: born to fit the story, at home.
          let life: LifecycleStory | undefined;
          let lifeIndex = 0;
          if (status === "waiting" && lifecycleNext < LIFECYCLE_STAGES.length && coordinatorId && visitorIds.length) {
            lifeIndex = lifecycleNext++;
            life = lifecycleStory(LIFECYCLE_STAGES[lifeIndex] as LifecycleStage, lifeIndex, ctx);
          }
          if (life) {
            lifecycle[life.stage] += 1;
            const [y, m, d] = life.dateOfBirth.split("-");
            const born = { day: String(Number(d)), month: String(Number(m)), year: String(y) };
            const again = parseReferral(
              exampleReferralInput({ ...family, childDateOfBirth: born, attendsSetting: "no" }),
              { today },
            );
            if (!again.success) throw new Error(`demo referral ${i} is not valid: ${JSON.stringify(again.errors)}`);
            answers = again.referral;
            status = life.stage === "exited" ? "closed" : "allocated";
            const referable = referableFrom(life.dateOfBirth, protocol);
            acceptedOn = maxDate(
              addDays(life.allocatedOn, -(14 + Math.floor(lifecycleRand() * 42))),
              addDays(referable, 15),
            );
            receivedOn = maxDate(addDays(acceptedOn, -(1 + Math.floor(lifecycleRand() * 6))), addDays(referable, 14));
            // Referred while the protocol still took the child on (a cut-off before school entry
            // can fall long before the age limit), and accepted then.
            const latest = latestReferral(life.dateOfBirth, addDays(life.allocatedOn, -14), protocol);
            if (!latest) throw new Error(`demo ${life.stage} child was never in the age window`);
            acceptedOn = minDate(acceptedOn, latest);
            receivedOn = minDate(receivedOn, addDays(acceptedOn, -1));
          } else if (status === "allocated") {
            k = allocatedSoFar++;
            story = caseworkStory(k, answers.childDateOfBirth as IsoDate, ctx);
            stages[story.stage] += 1;
            // Referred, accepted and on the waiting list for a while before the case began.
            const referable = referableFrom(answers.childDateOfBirth as IsoDate, protocol);
            acceptedOn = maxDate(
              addDays(story.allocatedOn, -(14 + Math.floor(ctx.rand() * 42))),
              addDays(referable, 15),
            );
            receivedOn = maxDate(addDays(acceptedOn, -(1 + Math.floor(ctx.rand() * 6))), addDays(referable, 14));
          }
          const receivedAt = `${receivedOn}T09:${String(i % 60).padStart(2, "0")}:00.000Z`;
          await tx.insert(children).values({
            id: childId,
            firstName: answers.childFirstName,
            lastName: answers.childLastName,
            dateOfBirth: answers.childDateOfBirth,
            sex: answers.childSex,
            homeLanguages: answers.homeLanguages,
            interpreterNeeded: false,
            addressLine1: answers.addressLine1,
            addressTown: answers.addressTown,
            postcode: answers.postcode,
            destroyAfter: destroyAfterDate(answers.childDateOfBirth as IsoDate, protocol),
            createdAt: receivedAt,
            updatedAt: receivedAt,
          });
          await tx.insert(carers).values({
            id: newId(),
            childId,
            name: answers.carerName,
            relationship: answers.carerRelationship,
            phone: answers.carerPhone,
            email: answers.carerEmail ?? null,
            createdAt: receivedAt,
          });
          const accepted = status === "waiting" || status === "allocated" || status === "closed";
          // A child referred by a professional where the protocol needs a panel (Cheshire East's
          // Early Years Forum, its only route) has been brought to it: recorded at triage.
          const triageFacts =
            intake.source === "staff" && panelRequired && status !== "received" ? { knownToPanel: true } : null;
          // The answers stored, assessed as the intake route assesses them: on the day they came.
          const assessment = assess(answers, route, triageFacts, protocol, receivedOn);
          const referrer = intake.referrer(i);
          await tx.insert(referrals).values({
            id: referralId,
            reference: newReference(),
            childId,
            route,
            source: intake.source,
            ...(intake.source === "staff" && coordinatorId ? { enteredBy: coordinatorId } : {}),
            receivedAt,
            answers: referrer ? { ...answers, referrer } : answers,
            ...(triageFacts ? { triageFacts } : {}),
            inSetting: answers.attendsSetting === "yes",
            idempotencyKey: `demo:${i}`,
            fingerprint: fingerprint(answers),
            status,
            eligibility: assessment,
            eligibilityOutcome: assessment.outcome,
            assessedAt: receivedAt,
            ...(accepted
              ? {
                  acceptedOn,
                  complexity: pick(["low", "moderate", "high"] as const),
                  hadPortageBefore: rand() < 0.1,
                  otherSpecialistSupport: rand() < 0.4,
                }
              : {}),
            updatedAt: receivedAt,
          });
          if (coordinatorId && status !== "received") {
            await tx.insert(decisions).values({
              id: newId(),
              referralId,
              outcome: accepted ? "accepted" : (status as "not-eligible" | "more-information"),
              ...(status === "not-eligible" ? { signposting: "Family hub and the health visitor" } : {}),
              decidedBy: coordinatorId,
              decidedAt: story || life ? stamp(ctx, acceptedOn, "09:45") : receivedAt,
            });
          }
          if (life && coordinatorId) {
            const visitorId = visitorIds[lifeIndex % visitorIds.length] as string;
            await tx.insert(allocations).values({
              id: newId(),
              referralId,
              childId,
              homeVisitorId: visitorId,
              allocatedBy: coordinatorId,
              allocatedAt: stamp(ctx, life.allocatedOn, "10:00"),
              ...(life.exitedOn ? { endedAt: stamp(ctx, life.exitedOn, "16:00"), endReason: "exited" as const } : {}),
            });
            lifecycleCasework(
              {
                childId,
                referralId,
                firstName: answers.childFirstName,
                dateOfBirth: answers.childDateOfBirth as IsoDate,
                carer: `${answers.carerName} (${answers.carerRelationship})`,
                visitorId,
                visitorName: visitorNames.get(visitorId) ?? "Home visitor",
                k: lifeIndex,
              },
              life,
              ctx,
              rows,
              more,
            );
            demoSharing(
              {
                ...sharingOf(childId, answers, { coordinatorId, visitorId }, visitorNames),
                allocatedOn: life.allocatedOn,
                firstVisit: life.firstVisit,
                // Moving on to a nursery or pre-school: its SENCO is among the usual recipients.
                ...(life.stage === "reviewed"
                  ? {}
                  : { setting: life.stage === "leaving" ? LEAVING_SETTING : EXITED_SETTING }),
                answer: LIFECYCLE_SHARING[life.stage],
                ...(life.stage === "reviewed" && life.reviewOn ? { reportOn: life.reviewOn } : {}),
              },
              ctx,
              rows,
            );
          }
          if (story && coordinatorId) {
            // Allocated in turn, so each demo visitor has a share of the stages.
            const visitorId = visitorIds[k % visitorIds.length] as string;
            await tx.insert(allocations).values({
              id: newId(),
              referralId,
              childId,
              homeVisitorId: visitorId,
              allocatedBy: coordinatorId,
              allocatedAt: stamp(ctx, story.allocatedOn, "10:00"),
            });
            demoCasework(
              {
                childId,
                firstName: answers.childFirstName,
                dateOfBirth: answers.childDateOfBirth as IsoDate,
                carer: `${answers.carerName} (${answers.carerRelationship})`,
                visitorId,
                visitorName: visitorNames.get(visitorId) ?? "Home visitor",
                k,
              },
              story,
              ctx,
              rows,
            );
            if (story.stage !== "new" && story.firstVisit) {
              const answer = SHARING_ANSWERS[k % SHARING_ANSWERS.length] as SharingAnswer;
              // One family's home visitor emailed the health visitor a summary, and recorded it.
              const summaryOn =
                !summaryRecorded && story.stage === "active" && answer !== "not-yet"
                  ? story.pastVisits?.[3]
                  : undefined;
              if (summaryOn) summaryRecorded = true;
              demoSharing(
                {
                  ...sharingOf(childId, answers, { coordinatorId, visitorId }, visitorNames),
                  allocatedOn: story.allocatedOn,
                  firstVisit: story.firstVisit,
                  // Told at a visit that went ahead: the second of the block's.
                  ...(answer === "withdrawn" ? { withdrawnOn: story.pastVisits?.[1] ?? story.firstVisit } : {}),
                  ...(answers.attendsSetting === "yes" ? { setting: answers.settingName ?? "Demo Nursery" } : {}),
                  answer,
                  ...(summaryOn ? { summaryOn } : {}),
                },
                ctx,
                rows,
              );
            }
          }
        }
        // Parents before children: the foreign keys are checked statement by statement.
        for (const part of chunks(rows.cases)) await tx.insert(cases).values(part);
        for (const part of chunks(rows.profiles)) await tx.insert(developmentalProfiles).values(part);
        for (const part of chunks(rows.plans)) await tx.insert(playPlans).values(part);
        for (const part of chunks(rows.revisions)) await tx.insert(playPlanRevisions).values(part);
        for (const part of chunks(rows.visits)) await tx.insert(visits).values(part);
        for (const part of chunks(rows.practice)) await tx.insert(practiceRecords).values(part);
        for (const part of chunks(rows.consents)) await tx.insert(consents).values(part);
        for (const part of chunks(rows.disclosures)) await tx.insert(disclosures).values(part);
        for (const part of chunks(rows.outbox)) await tx.insert(outbox).values(part);
        if (more.reviews.length) await tx.insert(blockReviews).values(more.reviews);
        if (more.transitionPlans.length) await tx.insert(transitionPlans).values(more.transitionPlans);
        // The exit route's report: drafted from the records just stored, with what staff wrote.
        for (const exit of more.exits) {
          const { written, ...row } = exit;
          const draft = await draftReport(tx as unknown as Database, exit.childId, exit.referralId, protocol);
          const check = checkTransitionReport(
            reportFrom(draft, written, exit.destination, exit.referralId, protocol),
            protocol,
          );
          if (!check.complete)
            throw new Error(`demo transition report is not complete: ${JSON.stringify(check.missing)}`);
          await tx.insert(exits).values({ id: newId(), ...row, transitionReport: check.report });
        }
        // A case's history lists its audit entries newest id first: insert them in time order.
        const trail = rows.audit.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
        for (const part of chunks(trail)) await tx.insert(auditInbox).values(part);
        await tx.insert(auditInbox).values({
          at: now.toISOString(),
          action: "seed-demo",
          outcome: "success",
          recordType: "referral",
          reason: `demo-families:${Math.min(families, start + BATCH) - start}`,
        });
      },
      { behavior: "immediate" },
    );
  }
  // The demo's trail straight into the archive, indexed, as the server's mover would (ADR 0064).
  await settleAuditEvents(db.$client);
  return { accounts: Object.keys(ids).length, referrals: families, stages, lifecycle };
}
