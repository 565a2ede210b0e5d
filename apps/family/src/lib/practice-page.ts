// What the two practice pages (today, and one of the other 6 days) do: read the last 7 days from
// the API, and on a post send each target that changed for the day, one call each, with its
// version. A day changed meanwhile by someone else (409) is read again: its new version goes into
// the form, what was typed stays, and the summary says who changed it.
import type { AstroGlobal } from "astro";
import { readForm } from "./form.ts";
import { type Refused, refusalPage, seeOther } from "./page.ts";
import { conflictLine, type DayTarget, dayValues, readDayForm, withFreshVersions } from "./practice-form.ts";
import { type ErrorItem, formErrors } from "./problem.ts";
import type { FamilyPractice, FamilyPracticeSaved } from "./records.ts";
import { childPath } from "./return-path.ts";
import { sessionChild } from "./session.ts";
import { dayName, whenSent } from "./words.ts";

/** A target on the page, with what the form needs and the words around it. */
export interface PageTarget extends DayTarget {
  readonly area: string;
  readonly howOften: string;
}

/** What a practice page shows. */
export interface PracticeState {
  readonly childName: string;
  readonly practice: FamilyPractice;
  /** The day the form is for. */
  readonly date: string;
  /** "Today", "Yesterday", "Sunday 29 November". */
  readonly dayText: string;
  readonly targets: readonly PageTarget[];
  readonly values: Readonly<Record<string, string>>;
  readonly summary: readonly ErrorItem[];
  readonly fields: Readonly<Record<string, string>>;
}

/** The targets that have `date` among their days. */
export function targetsOn(practice: FamilyPractice, date: string): PageTarget[] {
  return practice.targets.flatMap((target) => {
    const day = target.days.find((d) => d.date === date);
    return day ? [{ id: target.id, goalText: target.goalText, area: target.area, howOften: target.howOften, day }] : [];
  });
}

function when(at: string | null, today: string): string {
  if (!at) return "";
  const said = whenSent(at);
  const time = /at (.+)$/.exec(said)?.[1] ?? "";
  const day = new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/London" }).format(new Date(at));
  return day === today ? time : said;
}

/**
 * Runs a practice page for `date` (today when undefined). Answers a Response when the page is not
 * shown (a refusal, a day outside the last week, or the redirect after saving).
 */
export async function practicePage(Astro: AstroGlobal, date?: string): Promise<Response | PracticeState> {
  const id = Astro.params.id ?? "";
  const { api, session } = Astro.locals;
  const path = `/api/family/children/${encodeURIComponent(id)}/practice`;
  const read = () => api.get<FamilyPractice>(path);
  const first = await read();
  if (!first.ok) return refusalPage(Astro, first);
  let practice = first.data;
  const day = date ?? practice.asOf;
  // A day outside the week shown (or not a date at all) is not a page.
  const childName = sessionChild(session, id)?.firstName ?? "your child";
  if (!practice.targets.some((t) => t.days.some((d) => d.date === day))) {
    if (date !== undefined || practice.targets.length > 0) return Astro.rewrite("/family/404");
    // Nothing to practise this week: the page says so.
    return { childName, practice, date: day, dayText: "Today", targets: [], values: {}, summary: [], fields: {} };
  }
  let targets = targetsOn(practice, day);
  let values: Record<string, string> = dayValues(targets);
  let summary: ErrorItem[] = [];
  let fields: Record<string, string> = {};

  if (Astro.request.method === "POST") {
    const form = await readForm(Astro.request);
    values = { ...form.values };
    const asked = readDayForm(values, targets, childName);
    if (asked.errors.length > 0) {
      Astro.response.status = 422;
      summary = asked.errors.map((e) => ({ text: e.text, href: `#${e.id}` }));
      fields = Object.fromEntries(asked.errors.map((e) => [e.id, e.text]));
    } else {
      let reached = false;
      let conflicted = false;
      for (const change of asked.changes) {
        const result = await api.put<FamilyPracticeSaved>(
          `${path}/${encodeURIComponent(change.targetId)}/${encodeURIComponent(day)}`,
          change.body,
        );
        if (result.ok) {
          reached ||= result.data.reachedTarget;
          continue;
        }
        if (result.status === 401 || result.status === 404) return refusalPage(Astro, result as Refused);
        const target = targets[change.index];
        if (result.status === 409 && result.problem.conflict) {
          conflicted = true;
          const { changedBy, changedAt } = result.problem.conflict;
          summary.push({
            text: conflictLine({
              changedBy,
              when: when(changedAt, practice.asOf),
              goalText: target?.goalText ?? "",
              dayText: dayName(day, practice.asOf).replace(/^(Today|Yesterday)$/, (d) => d.toLowerCase()),
            }),
            href: `#t${change.index}-tries`,
          });
          continue;
        }
        const errors = formErrors(result.problem, {
          tries: { id: `t${change.index}-tries`, label: "Times you tried" },
          successes: { id: `t${change.index}-successes`, label: `Times ${childName} did it` },
          note: { id: `t${change.index}-note`, label: "Your comment" },
          practised: { id: `t${change.index}-none`, label: "We did not practise" },
          date: { id: `t${change.index}-tries`, label: "The day" },
        });
        summary.push(...errors.summary);
        fields = { ...fields, ...errors.fields };
        if (result.status === 0 || result.status >= 500) break;
      }
      if (summary.length === 0) {
        return seeOther(childPath(id, "practice"), reached ? "reached" : "saved");
      }
      Astro.response.status = conflicted ? 409 : 422;
      // Read the week again: what was saved shows as saved, and a conflict's new version goes in the form.
      const again = await read();
      if (again.ok) {
        practice = again.data;
        targets = targetsOn(practice, day);
        values = withFreshVersions(values, targets);
      }
    }
  }
  return {
    childName,
    practice,
    date: day,
    dayText: dayName(day, practice.asOf),
    targets,
    values,
    summary,
    fields,
  };
}
