// The eligibility checker's pages without JavaScript, in the site's frame: the result with each
// reason, when support would end, what the team would ask and where else to turn; or the error
// summary and the questions again with the answers kept. The words come from
// @openportage/referral-form's checker, as the site's island uses them.
import type { CouncilPresentation } from "@openportage/council";
import type { EligibilityAssessment, IsoDate, Protocol } from "@openportage/domain";
import {
  CHECKER_GUIDE,
  CHECKER_HEADINGS,
  type CheckerAnswers,
  type CheckerError,
  type CheckerOption,
  checkerHelp,
  checkerQuestions,
  checkerReasons,
  checkerWords,
  supportEndHeading,
} from "@openportage/referral-form";
import { escapeHtml, page } from "../referrals/html.js";

const TITLE = "Check if your child is likely to be eligible for Portage";

function hintHtml(id: string, hint: string | undefined): string {
  return hint ? `<div id="${id}-hint" class="govuk-hint">${escapeHtml(hint)}</div>` : "";
}

function errorHtml(id: string, error: string | undefined): string {
  return error
    ? `<p id="${id}-error" class="govuk-error-message"><span class="govuk-visually-hidden">Error:</span> ${escapeHtml(error)}</p>`
    : "";
}

function describedBy(id: string, hint: string | undefined, error: string | undefined): string {
  const ids = [hint ? `${id}-hint` : "", error ? `${id}-error` : ""].filter(Boolean);
  return ids.length ? ` aria-describedby="${ids.join(" ")}"` : "";
}

function group(error: string | undefined, inner: string): string {
  return `<div class="govuk-form-group${error ? " govuk-form-group--error" : ""}">${inner}</div>`;
}

function choicesHtml(
  kind: "radios" | "checkboxes",
  name: string,
  question: { readonly label: string; readonly hint?: string },
  options: readonly CheckerOption[],
  chosen: readonly string[],
  small = false,
): string {
  const type = kind === "radios" ? "radio" : "checkbox";
  const items = options
    .map((option, i) => {
      const id = i === 0 ? name : `${name}-${i + 1}`;
      return `<div class="govuk-${kind}__item"><input class="govuk-${kind}__input" id="${id}" name="${name}" type="${type}" value="${escapeHtml(option.value)}"${chosen.includes(option.value) ? " checked" : ""}><label class="govuk-label govuk-${kind}__label" for="${id}">${escapeHtml(option.label)}</label></div>`;
    })
    .join("");
  const inline = kind === "radios" && options.length === 2 ? " govuk-radios--inline" : "";
  const size = small ? ` govuk-${kind}--small` : "";
  return group(
    undefined,
    `<fieldset class="govuk-fieldset"${describedBy(name, question.hint, undefined)}><legend class="govuk-fieldset__legend govuk-fieldset__legend--s">${escapeHtml(question.label)}</legend>${hintHtml(name, question.hint)}<div class="govuk-${kind}${inline}${size}" data-module="govuk-${kind}">${items}</div></fieldset>`,
  );
}

function textHtml(
  name: string,
  question: { readonly label: string; readonly hint?: string },
  value: string,
  error: string | undefined,
  width: number,
  inputMode: string,
): string {
  return group(
    error,
    `<label class="govuk-label govuk-label--s" for="${name}">${escapeHtml(question.label)}</label>${hintHtml(name, question.hint)}${errorHtml(name, error)}<input class="govuk-input govuk-input--width-${width}${error ? " govuk-input--error" : ""}" id="${name}" name="${name}" type="text" inputmode="${inputMode}" value="${escapeHtml(value)}"${describedBy(name, question.hint, error)}>`,
  );
}

function dateHtml(
  answers: CheckerAnswers,
  question: { label: string; hint: string },
  error: string | undefined,
): string {
  const part = (key: "day" | "month" | "year", label: string, width: number) =>
    `<div class="govuk-date-input__item"><div class="govuk-form-group"><label class="govuk-label govuk-date-input__label" for="dateOfBirth-${key}">${label}</label><input class="govuk-input govuk-date-input__input govuk-input--width-${width}${error ? " govuk-input--error" : ""}" id="dateOfBirth-${key}" name="dateOfBirth-${key}" type="text" inputmode="numeric" autocomplete="bday-${key}" value="${escapeHtml(answers.dateOfBirth[key])}"></div></div>`;
  return group(
    error,
    `<fieldset class="govuk-fieldset" role="group"${describedBy("dateOfBirth", question.hint, error)}><legend class="govuk-fieldset__legend govuk-fieldset__legend--s">${escapeHtml(question.label)}</legend>${hintHtml("dateOfBirth", question.hint)}${errorHtml("dateOfBirth", error)}<div class="govuk-date-input" id="dateOfBirth">${part("day", "Day", 2)}${part("month", "Month", 2)}${part("year", "Year", 4)}</div></fieldset>`,
  );
}

/** The questions as a plain form, with the answers so far and any errors. */
export function checkerFormHtml(
  protocol: Protocol,
  asOf: IsoDate,
  answers: CheckerAnswers,
  errors: readonly CheckerError[],
): string {
  const words = checkerWords(protocol);
  const questions = checkerQuestions(protocol, asOf);
  const errorFor = (field: string) => errors.find((e) => e.field === field)?.message;
  const parts = [dateHtml(answers, words.dateOfBirth, errorFor("dateOfBirth"))];
  if (questions.diagnosis) {
    parts.push(choicesHtml("radios", "diagnosis", words.diagnosis, words.diagnosis.options, [answers.diagnosis]));
  }
  if (questions.delay) {
    parts.push(choicesHtml("radios", "delayKnown", words.delayKnown, words.delayKnown.options, [answers.delayKnown]));
    parts.push(
      choicesHtml(
        "checkboxes",
        "delayAreas",
        { label: words.delayAreas.labelWithoutScript, hint: words.delayAreas.hint },
        words.delayAreas.options,
        answers.delayAreas,
        true,
      ),
    );
    for (const area of words.delayAreas.options) {
      const name = `delayMonths-${area.value}`;
      parts.push(
        textHtml(
          name,
          words.delayMonths(area.label),
          answers.delayMonths[area.value] ?? "",
          errorFor(name),
          2,
          "numeric",
        ),
      );
    }
  }
  if (questions.panel) {
    const panel = words.knownToPanel(questions.panel);
    parts.push(choicesHtml("radios", "knownToPanel", panel, panel.options, [answers.knownToPanel]));
  }
  parts.push(
    choicesHtml("radios", "attendsSetting", words.attendsSetting, words.attendsSetting.options, [
      answers.attendsSetting,
    ]),
  );
  parts.push(
    textHtml(
      "settingHours",
      { label: words.settingHours.labelWithoutScript, hint: words.settingHours.hint },
      answers.settingHours,
      errorFor("settingHours"),
      3,
      "decimal",
    ),
  );
  parts.push(choicesHtml("radios", "livesInArea", words.livesInArea, words.livesInArea.options, [answers.livesInArea]));
  parts.push(
    choicesHtml("radios", "availableForVisits", words.availableForVisits, words.availableForVisits.options, [
      answers.availableForVisits,
    ]),
  );
  return `<form method="post" action="/api/eligibility-check" novalidate>
${parts.join("\n")}
<button type="submit" class="govuk-button" data-module="govuk-button">${escapeHtml(words.submit)}</button>
</form>`;
}

/** The page for answers with problems: the error summary, then the questions with the answers kept. */
export function checkerErrorPage(
  protocol: Protocol,
  asOf: IsoDate,
  answers: CheckerAnswers,
  errors: readonly CheckerError[],
  template?: string,
): string {
  const summary = `<div class="govuk-error-summary" data-module="govuk-error-summary"><div role="alert">
<h2 class="govuk-error-summary__title">There is a problem</h2>
<div class="govuk-error-summary__body"><ul class="govuk-list govuk-error-summary__list">
${errors.map((e) => `<li><a href="${escapeHtml(e.href)}">${escapeHtml(e.message)}</a></li>`).join("\n")}
</ul></div></div></div>`;
  return page(
    `Error: ${TITLE}`,
    protocol,
    `${summary}
<h1 class="govuk-heading-xl">${escapeHtml(TITLE)}</h1>
${checkerFormHtml(protocol, asOf, answers, errors)}`,
    template,
  );
}

/** The result page: the likely outcome, each reason, when support would end, and what to do next. */
export function checkerResultPage(
  protocol: Protocol,
  council: Pick<CouncilPresentation, "signposting">,
  result: EligibilityAssessment,
  referHref: string | null,
  template?: string,
): string {
  const reasons = checkerReasons(result)
    .map(
      (row) =>
        `<div class="govuk-summary-list__row"><dt class="govuk-summary-list__key">${escapeHtml(row.topic)}</dt><dd class="govuk-summary-list__value"><strong class="govuk-!-font-weight-bold">${escapeHtml(row.result)}.</strong> ${escapeHtml(row.text)}</dd></div>`,
    )
    .join("\n");
  const missing = result.missing.length
    ? `<h2 class="govuk-heading-m">What the team would ask you</h2>
<ul class="govuk-list govuk-list--bullet">${result.missing.map((m) => `<li>${escapeHtml(m.question)}</li>`).join("")}</ul>`
    : "";
  let next: string;
  if (result.outcome === "not-eligible") {
    const help = checkerHelp(result, council.signposting)
      .map((item) => {
        if (item.name && item.url)
          return `<li><a class="govuk-link" href="${escapeHtml(item.url)}">${escapeHtml(item.name)}</a>: ${escapeHtml(item.text)}</li>`;
        if (item.name) return `<li><strong>${escapeHtml(item.name)}</strong>: ${escapeHtml(item.text)}</li>`;
        return `<li>${escapeHtml(item.text)}</li>`;
      })
      .join("");
    next = `<h2 class="govuk-heading-m">Where else you can get help</h2>
<ul class="govuk-list govuk-list--bullet">${help}</ul>
<p class="govuk-body">If you think we have got this wrong, ${referHref ? "you can still refer your child or " : ""}<a class="govuk-link" href="/contact">contact us</a> to talk it through.</p>`;
  } else if (referHref) {
    next = `<a class="govuk-button" href="${escapeHtml(referHref)}">Refer your child</a>`;
  } else {
    next = `<p class="govuk-body">Ask a professional who knows your child, such as your health visitor, to refer them. <a class="govuk-link" href="/protocol#routes">How children are referred</a></p>`;
  }
  return page(
    CHECKER_HEADINGS[result.outcome],
    protocol,
    `<span class="govuk-caption-l">${escapeHtml(TITLE)}</span>
<h1 class="govuk-heading-l">${escapeHtml(CHECKER_HEADINGS[result.outcome])}</h1>
<p class="govuk-body">${escapeHtml(CHECKER_GUIDE)}</p>
<dl class="govuk-summary-list">
${reasons}
</dl>
<h2 class="govuk-heading-m">${escapeHtml(supportEndHeading(result))}</h2>
<p class="govuk-body">${escapeHtml(result.supportEndsRule)}</p>
${missing}
${next}
<p class="govuk-body"><a class="govuk-link" href="/check-eligibility">Check again with different answers</a></p>`,
    template,
  );
}
