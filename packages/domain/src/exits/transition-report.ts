// The progress and transition report a child takes to their next setting: what it must hold,
// when an exit calls for one, and whether a draft is ready to send.
import * as v from "valibot";
import type { ConsentRecord } from "../consent/records.js";
import { citedConsentDecision, type SharingProtocol } from "../consent/sharing-decision.js";
import type { IsoDate } from "../dates/date-only.js";
import type { Protocol } from "../protocol/schema.js";

/** The sections every transition report holds, in the order the report presents them. */
export const TRANSITION_REPORT_SECTIONS = [
  {
    id: "strengths-and-interests",
    title: "The child's strengths and interests",
    description: "What the child enjoys, is good at and is drawn to, in the family's and home visitor's words.",
  },
  {
    id: "can-now-do",
    title: "What the child can now do",
    description: "For each area of development worked on, what the child can now do.",
  },
  {
    id: "targets",
    title: "Targets achieved and being worked on",
    description:
      "The targets the child achieved and those still being worked on, each with the teaching steps that help.",
  },
  {
    id: "how-child-learns-best",
    title: "How the child learns best",
    description: "The approaches, routines, positions and rewards that help the child learn.",
  },
  {
    id: "professionals-involved",
    title: "Professionals involved",
    description: "The other professionals working with the child and family (an empty list says there are none).",
  },
  {
    id: "family-views",
    title: "What the family wants the setting to know",
    description: "The family's own words for the new setting.",
  },
  {
    id: "consent-to-share",
    title: "Consent to share with the setting",
    description: "The setting the report goes to and the family's consent to share it.",
  },
] as const;

/** A section of a transition report. */
export type TransitionReportSectionId = (typeof TRANSITION_REPORT_SECTIONS)[number]["id"];

const Text = v.pipe(v.string(), v.trim(), v.nonEmpty("must not be empty"));

/** A target as the report describes it: its area, what the child does, and the teaching steps that help. */
export const ReportTargetSchema = v.object({
  areaId: Text,
  target: Text,
  teachingStepsThatHelp: v.pipe(v.array(Text), v.minLength(1, "must name at least one teaching step that helps")),
});

/** A complete transition report. Unknown fields are ignored, so a stored draft can carry its own ids. */
export const TransitionReportSchema = v.object({
  strengthsAndInterests: Text,
  canNowDo: v.pipe(
    v.array(v.object({ areaId: Text, summary: Text })),
    v.minLength(1, "must say what the child can now do in at least one area"),
  ),
  targetsAchieved: v.array(ReportTargetSchema),
  targetsWorkingOn: v.array(ReportTargetSchema),
  howChildLearnsBest: Text,
  professionalsInvolved: v.array(v.object({ role: Text, name: v.optional(Text), contact: v.optional(Text) })),
  familyWantsSettingToKnow: Text,
  sharing: v.object({
    /** The setting's name as the family knows it. */
    settingName: Text,
    /** The protocol recipient the report goes to, usually the setting's SENCO. */
    recipientId: Text,
    /** The consent to share the report relies on. */
    consentId: Text,
  }),
});
/** A complete transition report. */
export type TransitionReport = v.InferOutput<typeof TransitionReportSchema>;

const SECTION_OF: Record<keyof TransitionReport, TransitionReportSectionId> = {
  strengthsAndInterests: "strengths-and-interests",
  canNowDo: "can-now-do",
  targetsAchieved: "targets",
  targetsWorkingOn: "targets",
  howChildLearnsBest: "how-child-learns-best",
  professionalsInvolved: "professionals-involved",
  familyWantsSettingToKnow: "family-views",
  sharing: "consent-to-share",
};

/** Whether an exit calls for a transition report, and what the report must hold. */
export interface TransitionReportRequirement {
  readonly reasonId: string;
  /** False when the protocol does not list the exit reason; `required` is then false too. */
  readonly listed: boolean;
  readonly required: boolean;
  /** Why, in plain words for staff. */
  readonly why: string;
  /** The protocol clause applied. */
  readonly clauseId: string;
  readonly sections: typeof TRANSITION_REPORT_SECTIONS;
}

/**
 * What a transition report must hold, and whether the exit reason `reasonId` calls for one
 * (the protocol's `exits.reasons[].transitionReport`).
 */
export function transitionReportContents(
  reasonId: string,
  protocol: Pick<Protocol, "exits">,
): TransitionReportRequirement {
  const reason = protocol.exits.reasons.find((r) => r.id === reasonId);
  const base = { reasonId, clauseId: protocol.exits.id, sections: TRANSITION_REPORT_SECTIONS };
  if (!reason) {
    return {
      ...base,
      listed: false,
      required: false,
      why: `"${reasonId}" is not an exit reason the protocol lists.`,
    };
  }
  return {
    ...base,
    listed: true,
    required: reason.transitionReport,
    why: reason.transitionReport
      ? `A child leaving because "${reason.name}" takes a transition report to their next setting.`
      : `The protocol does not ask for a transition report when a child leaves because "${reason.name}".`,
  };
}

/** One thing a draft report still lacks. */
export interface MissingSection {
  readonly section: TransitionReportSectionId;
  readonly title: string;
  /** What is missing or wrong, precisely, for staff. */
  readonly problem: string;
}

/** The result of {@link checkTransitionReport}. */
export type TransitionReportCheck =
  | { readonly complete: true; readonly report: TransitionReport; readonly missing: readonly [] }
  | { readonly complete: false; readonly missing: readonly MissingSection[] };

/** The parts of a protocol a report check reads. */
export type TransitionReportProtocol = Pick<Protocol, "plans"> & SharingProtocol;

/** Consent records to check the report's consent against, on the day it is to be sent. */
export interface ReportConsentCheck {
  readonly consents: readonly ConsentRecord[];
  readonly sendOn: IsoDate;
}

/**
 * Checks a draft transition report (any stored shape) and lists every section still missing or
 * wrong, in report order. A report is complete when every section is written, it names at least
 * one target, its areas are the protocol's areas, and its recipient is one the protocol lists.
 * Given `consent`, it also checks that the consent it cites allows sharing it on `sendOn`.
 */
export function checkTransitionReport(
  draft: unknown,
  protocol: TransitionReportProtocol,
  consent?: ReportConsentCheck,
): TransitionReportCheck {
  // Problems are found in report order: the schema lists the sections in that order, and the
  // checks after it run in that order too.
  const missing: MissingSection[] = [];
  const add = (section: TransitionReportSectionId, problem: string) =>
    missing.push({
      section,
      title: (TRANSITION_REPORT_SECTIONS.find((s) => s.id === section) as { title: string }).title,
      problem,
    });

  const parsed = v.safeParse(TransitionReportSchema, draft);
  if (!parsed.success) {
    for (const issue of parsed.issues) {
      const path = v.getDotPath(issue);
      if (path === null) {
        // Not an object at all: every section is still to write.
        for (const s of TRANSITION_REPORT_SECTIONS) add(s.id, "not written yet");
        continue;
      }
      const field = path.split(".")[0] as keyof TransitionReport;
      add(SECTION_OF[field], `${path}: ${issue.received === "undefined" ? "not written yet" : issue.message}`);
    }
  } else {
    const report = parsed.output;
    const areas = new Set(protocol.plans.areas.areas.map((a) => a.id));
    report.canNowDo.forEach((entry, i) => {
      if (!areas.has(entry.areaId))
        add("can-now-do", `canNowDo.${i}.areaId: "${entry.areaId}" is not one of the protocol's areas`);
    });
    if (report.targetsAchieved.length + report.targetsWorkingOn.length === 0) {
      add("targets", "names no targets: list those achieved and those being worked on");
    }
    for (const key of ["targetsAchieved", "targetsWorkingOn"] as const) {
      report[key].forEach((target, i) => {
        if (!areas.has(target.areaId))
          add("targets", `${key}.${i}.areaId: "${target.areaId}" is not one of the protocol's areas`);
      });
    }
    const { recipientId, consentId } = report.sharing;
    if (!protocol.sharing.recipients.some((r) => r.id === recipientId)) {
      add("consent-to-share", `sharing.recipientId: "${recipientId}" is not a recipient the protocol lists`);
    } else if (consent) {
      const decision = citedConsentDecision(
        consentId,
        consent.consents,
        recipientId,
        "transition-to-setting",
        consent.sendOn,
        protocol,
      );
      if (!decision.allowed) add("consent-to-share", `sharing.consentId: ${decision.reason}`);
    }
    if (missing.length === 0) return { complete: true, report, missing: [] };
  }
  return { complete: false, missing };
}
