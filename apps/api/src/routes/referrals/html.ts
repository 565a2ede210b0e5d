// The no-JavaScript answer to a form post: GOV.UK-style HTML rendered from the referral form's
// definition. Either the confirmation panel with the reference, or the error summary and the
// form again with the parent's answers kept.
import type { Protocol } from "@openportage/domain";
import {
  type FieldDefinition,
  type FormTextValues,
  fillText,
  formTextFor,
  HONEYPOT_FIELD,
  IDEMPOTENCY_FIELD,
  type ReferralError,
  referralFields,
  referralSections,
} from "@openportage/referral-form";
import { fillTemplate } from "../../lib/site.js";

/** Escapes text for HTML content and attribute values. */
export function escapeHtml(value: string): string {
  return value
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;")
    .replaceAll("'", "&#39;");
}

type Values = Record<string, string | readonly string[]>;

/**
 * A whole page: in the public site's frame (its header, navigation and footer, from the site's
 * page template) when this server serves the site, otherwise a plain page with a small
 * stylesheet of its own (the site on another host).
 */
export function page(title: string, protocol: Protocol, body: string, template?: string): string {
  const main = `<div class="govuk-grid-row"><div class="govuk-grid-column-two-thirds">\n${body}\n</div></div>`;
  if (template) return fillTemplate(template, escapeHtml(title), main);
  return `<!DOCTYPE html>
<html lang="en" class="govuk-template">
<head>
<meta charset="utf-8">
<title>${escapeHtml(title)} - ${escapeHtml(protocol.serviceName)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<link rel="stylesheet" href="/api/referrals/form.css">
</head>
<body class="govuk-template__body">
<a href="#main-content" class="govuk-skip-link">Skip to main content</a>
<header class="govuk-header"><div class="govuk-header__container govuk-width-container">
<span class="govuk-header__service-name">${escapeHtml(protocol.serviceName)}</span>
</div></header>
<div class="govuk-width-container">
<main class="govuk-main-wrapper" id="main-content">
${main}
</main>
</div>
</body>
</html>`;
}

/** What the confirmation can truthfully say about an email to the parent. */
export type ConfirmationEmail = "queued" | "none";

/**
 * The confirmation page: the reference in a panel and what happens next. It mentions an email
 * only when one will go: the parent gave an address and GOV.UK Notify is set up.
 */
export function confirmationPage(
  protocol: Protocol,
  reference: string,
  email: ConfirmationEmail,
  template?: string,
): string {
  return page(
    "Referral sent",
    protocol,
    `<div class="govuk-panel govuk-panel--confirmation">
<h1 class="govuk-panel__title">Referral sent</h1>
<div class="govuk-panel__body">Your reference number<br><strong>${escapeHtml(reference)}</strong></div>
</div>
${email === "queued" ? `<p class="govuk-body">We will send a confirmation email to the address you gave us.</p>` : ""}
<h2 class="govuk-heading-m">What happens next</h2>
<p class="govuk-body">Someone from ${escapeHtml(protocol.serviceName)} will read your referral and contact you to talk about your child and how Portage could help.</p>
<p class="govuk-body">Keep your reference number: give it if you contact us about this referral.</p>
<p class="govuk-body"><a class="govuk-link" href="/after-you-refer">What happens after you refer</a></p>`,
    template,
  );
}

function answerOf(values: Values, name: string): string {
  const value = values[name];
  return typeof value === "string" ? value : "";
}

function listOf(values: Values, name: string): readonly string[] {
  const value = values[name];
  return typeof value === "string" ? [value] : (value ?? []);
}

function hintHtml(field: FieldDefinition, text: FormTextValues): string {
  return field.hint
    ? `<div id="${field.name}-hint" class="govuk-hint">${escapeHtml(fillText(field.hint, text))}</div>`
    : "";
}

function errorHtml(field: FieldDefinition, error: ReferralError | undefined): string {
  return error
    ? `<p id="${field.name}-error" class="govuk-error-message"><span class="govuk-visually-hidden">Error:</span> ${escapeHtml(error.message)}</p>`
    : "";
}

function describedBy(field: FieldDefinition, error: ReferralError | undefined): string {
  const ids = [field.hint ? `${field.name}-hint` : "", error ? `${field.name}-error` : ""].filter(Boolean);
  return ids.length ? ` aria-describedby="${ids.join(" ")}"` : "";
}

function fieldHtml(
  field: FieldDefinition,
  values: Values,
  error: ReferralError | undefined,
  text: FormTextValues,
): string {
  const label = escapeHtml(fillText(field.label, text));
  const groupClass = `govuk-form-group${error ? " govuk-form-group--error" : ""}`;
  const optional = field.optional && !field.showWhen ? " (optional)" : "";
  const name = field.name;
  switch (field.kind) {
    case "date": {
      const part = (key: "day" | "month" | "year", partLabel: string, width: number) =>
        `<div class="govuk-date-input__item"><div class="govuk-form-group">
<label class="govuk-label govuk-date-input__label" for="${name}-${key}">${partLabel}</label>
<input class="govuk-input govuk-date-input__input govuk-input--width-${width}${error ? " govuk-input--error" : ""}" id="${name}-${key}" name="${name}-${key}" type="text" inputmode="numeric" autocomplete="bday-${key}" value="${escapeHtml(answerOf(values, `${name}-${key}`))}">
</div></div>`;
      return `<div class="${groupClass}"><fieldset class="govuk-fieldset" role="group"${describedBy(field, error)}>
<legend class="govuk-fieldset__legend govuk-fieldset__legend--s">${label}</legend>
${hintHtml(field, text)}${errorHtml(field, error)}
<div class="govuk-date-input" id="${name}">${part("day", "Day", 2)}${part("month", "Month", 2)}${part("year", "Year", 4)}</div>
</fieldset></div>`;
    }
    case "radios":
    case "checkboxes": {
      const type = field.kind === "radios" ? "radio" : "checkbox";
      const chosen = listOf(values, name);
      const items = (field.options ?? [])
        .map((option, i) => {
          const id = i === 0 ? name : `${name}-${i + 1}`;
          const checked = chosen.includes(option.value) ? " checked" : "";
          return `<div class="govuk-${field.kind}__item">
<input class="govuk-${field.kind}__input" id="${id}" name="${name}" type="${type}" value="${escapeHtml(option.value)}"${checked}>
<label class="govuk-label govuk-${field.kind}__label" for="${id}">${escapeHtml(fillText(option.label, text))}</label>
</div>`;
        })
        .join("\n");
      return `<div class="${groupClass}"><fieldset class="govuk-fieldset"${describedBy(field, error)}>
<legend class="govuk-fieldset__legend govuk-fieldset__legend--s">${label}${optional}</legend>
${hintHtml(field, text)}${errorHtml(field, error)}
<div class="govuk-${field.kind}" data-module="govuk-${field.kind}">${items}</div>
</fieldset></div>`;
    }
    case "textarea":
      return `<div class="${groupClass}">
<label class="govuk-label govuk-label--s" for="${name}">${label}${optional}</label>
${hintHtml(field, text)}${errorHtml(field, error)}
<textarea class="govuk-textarea${error ? " govuk-textarea--error" : ""}" id="${name}" name="${name}" rows="5"${describedBy(field, error)}>${escapeHtml(answerOf(values, name))}</textarea>
</div>`;
    case "hidden":
      return `<input type="hidden" name="${name}" value="${escapeHtml(answerOf(values, name))}">`;
    default: {
      const type = field.kind === "number" ? "text" : field.kind;
      const width = field.width ? ` govuk-input--width-${field.width}` : "";
      const attrs = [
        field.autocomplete ? ` autocomplete="${field.autocomplete}"` : "",
        field.inputMode ? ` inputmode="${field.inputMode}"` : "",
        field.kind === "email" || field.kind === "tel" ? ` spellcheck="false"` : "",
      ].join("");
      return `<div class="${groupClass}">
<label class="govuk-label govuk-label--s" for="${name}">${label}${optional}</label>
${hintHtml(field, text)}${errorHtml(field, error)}
<input class="govuk-input${width}${error ? " govuk-input--error" : ""}" id="${name}" name="${name}" type="${type}" value="${escapeHtml(answerOf(values, name))}"${attrs}${describedBy(field, error)}>
</div>`;
    }
  }
}

/** The form with the error summary at the top and the parent's answers kept. */
export function formPage(
  protocol: Protocol,
  values: Values,
  errors: readonly ReferralError[],
  idempotencyKey: string,
  template?: string,
): string {
  const text: FormTextValues = formTextFor(protocol);
  const byField = new Map(errors.map((e) => [e.field, e]));
  const known = new Set(referralFields.map((f) => f.name));
  const summary = errors.length
    ? `<div class="govuk-error-summary" data-module="govuk-error-summary"><div role="alert">
<h2 class="govuk-error-summary__title">There is a problem</h2>
<div class="govuk-error-summary__body"><ul class="govuk-list govuk-error-summary__list">
${errors.map((e) => `<li><a href="${known.has(e.field) ? escapeHtml(e.href) : "#"}">${escapeHtml(e.message)}</a></li>`).join("\n")}
</ul></div></div></div>`
    : "";
  const sections = referralSections
    .map((section) => {
      const fields = referralFields.filter((f) => f.section === section.id);
      return `<h2 class="govuk-heading-m">${escapeHtml(section.title)}</h2>\n${fields
        .map((f) => fieldHtml(f, values, byField.get(f.name), text))
        .join("\n")}`;
    })
    .join("\n");
  return page(
    errors.length ? "Error: Refer your child to Portage" : "Refer your child to Portage",
    protocol,
    `${summary}
<h1 class="govuk-heading-xl">Refer your child to Portage</h1>
<form method="post" action="/api/referrals" novalidate>
<input type="hidden" name="${IDEMPOTENCY_FIELD}" value="${escapeHtml(idempotencyKey)}">
<div class="govuk-visually-hidden" aria-hidden="true">
<label for="${HONEYPOT_FIELD}">Leave this field empty</label>
<input id="${HONEYPOT_FIELD}" name="${HONEYPOT_FIELD}" type="text" tabindex="-1" autocomplete="off" value="">
</div>
${sections}
<button type="submit" class="govuk-button" data-module="govuk-button">Send referral</button>
</form>`,
    template,
  );
}

/** How to reach the service, from the council's configuration (@openportage/council's contact). */
export interface ServiceContact {
  readonly phone?: string | undefined;
  readonly email?: string | undefined;
  readonly url: string;
}

/**
 * The page in place of the form where families cannot refer themselves (a protocol with no
 * family route, such as Cheshire East's Early Years Forum; ADR 0060): how a child is referred,
 * the protocol's routes, and how to reach the service. The same words as the site's /refer page.
 */
export function howToBeReferredPage(protocol: Protocol, contact: ServiceContact, template?: string): string {
  const routes = protocol.eligibility.routes.routes
    .map((route) => `<li><strong>${escapeHtml(route.name)}</strong>: ${escapeHtml(route.description)}</li>`)
    .join("\n");
  const ways = [
    contact.phone
      ? `<li>Telephone: <a class="govuk-link" href="tel:${escapeHtml(contact.phone.replace(/\s+/g, ""))}">${escapeHtml(contact.phone)}</a></li>`
      : "",
    contact.email
      ? `<li>Email: <a class="govuk-link" href="mailto:${escapeHtml(contact.email)}">${escapeHtml(contact.email)}</a></li>`
      : "",
    `<li><a class="govuk-link" href="${escapeHtml(contact.url)}">The service's page on the council's website</a></li>`,
  ].join("");
  return page(
    "Refer your child to Portage",
    protocol,
    `<h1 class="govuk-heading-xl">Refer your child to Portage</h1>
<p class="govuk-body">Families cannot refer themselves to ${escapeHtml(protocol.serviceName)}. Children are referred by a professional who knows them:</p>
<ul class="govuk-list govuk-list--bullet">
${routes}
</ul>
<p class="govuk-body">Talk to your health visitor, GP or your child's setting, or contact ${escapeHtml(protocol.serviceName)}:</p>
<ul class="govuk-list">${ways}</ul>`,
    template,
  );
}

/** A small stylesheet so the no-JavaScript pages read well on their own (the public site brings its own). */
export const FORM_CSS = `body{margin:0;font-family:system-ui,-apple-system,"Segoe UI",Arial,sans-serif;font-size:19px;line-height:1.4;color:#0b0c0c}
.govuk-width-container{max-width:960px;margin:0 15px}@media(min-width:1020px){.govuk-width-container{margin:0 auto}}
.govuk-header{background:#0b0c0c;color:#fff;padding:10px 0}.govuk-header__service-name{font-weight:700;font-size:24px}
.govuk-skip-link{position:absolute;left:-9999px}.govuk-skip-link:focus{position:static;background:#fd0}
.govuk-main-wrapper{padding:30px 0}.govuk-heading-l{font-size:36px}.govuk-heading-m{font-size:24px;margin-top:30px}
.govuk-form-group{margin-bottom:30px}.govuk-form-group--error{border-left:5px solid #d4351c;padding-left:15px}
.govuk-label,.govuk-fieldset__legend{display:block;font-weight:700;margin-bottom:5px}.govuk-radios__label,.govuk-checkboxes__label,.govuk-date-input__label{font-weight:400;display:inline-block}
.govuk-hint{color:#505a5f;margin-bottom:10px}.govuk-error-message{color:#d4351c;font-weight:700;margin:0 0 10px}
.govuk-input,.govuk-textarea{font:inherit;border:2px solid #0b0c0c;padding:5px;width:100%;box-sizing:border-box}.govuk-input--error,.govuk-textarea--error{border-color:#d4351c}
.govuk-input--width-2{max-width:5.4ex}.govuk-input--width-3{max-width:7.2ex}.govuk-input--width-4{max-width:9ex}.govuk-input--width-10{max-width:23ex}.govuk-input--width-20{max-width:41ex}.govuk-input--width-30{max-width:59ex}
.govuk-date-input__item{display:inline-block;margin-right:20px}.govuk-fieldset{border:0;padding:0;margin:0}
.govuk-radios__item,.govuk-checkboxes__item{margin-bottom:10px}.govuk-radios__input,.govuk-checkboxes__input{width:24px;height:24px;vertical-align:middle;margin-right:8px}
input:focus,textarea:focus,a:focus,button:focus{outline:3px solid #fd0;box-shadow:inset 0 0 0 2px #0b0c0c}
.govuk-button{font:inherit;background:#00703c;color:#fff;border:0;box-shadow:0 2px 0 #002d18;padding:8px 10px;cursor:pointer}
.govuk-error-summary{border:5px solid #d4351c;padding:20px;margin-bottom:30px}.govuk-error-summary__title{margin-top:0}.govuk-error-summary__list a{color:#d4351c;font-weight:700}
.govuk-panel--confirmation{background:#00703c;color:#fff;padding:35px;text-align:center;margin-bottom:30px}.govuk-panel__title{margin-top:0;font-size:48px}.govuk-panel__body{font-size:36px}
.govuk-visually-hidden{position:absolute!important;width:1px!important;height:1px!important;margin:0!important;padding:0!important;overflow:hidden!important;clip:rect(0 0 0 0)!important;border:0!important;white-space:nowrap!important}`;
