// The self-referral form. Rendered on the server as one plain `<form method="post">` to the API
// that works with no JavaScript at all; once JavaScript runs, the same component asks a section
// at a time, checks each section against the shared schema, shows "check your answers", sends
// JSON with one idempotency key per form and shows the reference. Answers live in memory only.
import type { IsoDate } from "@openportage/domain";
import {
  type FieldDefinition,
  type FormTextValues,
  fillText,
  HONEYPOT_FIELD,
  IDEMPOTENCY_FIELD,
  type ReferralError,
  referralFields,
  referralSections,
  type SectionId,
} from "@openportage/referral-form";
import { type FormEvent, useEffect, useMemo, useRef, useState } from "react";
import { Checkboxes, DateInput, ErrorSummary, Radios, Textarea, TextInput } from "../components/govuk/index.tsx";
import { localToday } from "./checker-facts.ts";
import {
  answerText,
  type FormValues,
  firstSectionWithError,
  isShown,
  jsonBody,
  newIdempotencyKey,
  sectionErrors,
  sectionFields,
  validate,
} from "./referral-answers.ts";

interface Props {
  /** The API's origin; empty for the same origin as the site. */
  readonly apiOrigin: string;
  readonly text: FormTextValues;
  /** The page that explains how the information is used. */
  readonly privacyHref: string;
}

type Status =
  | { readonly kind: "editing" }
  | { readonly kind: "sending" }
  | { readonly kind: "sent"; readonly reference: string }
  | { readonly kind: "failed"; readonly message: string };

const CHECK_STEP = referralSections.length;
/** The key of the step number in `history.state`: the only thing the form puts in the history. */
const HISTORY_KEY = "referralStep";

function Field({
  field,
  values,
  setValue,
  toggleValue,
  error,
  text,
}: {
  readonly field: FieldDefinition;
  readonly values: FormValues;
  readonly setValue: (name: string, value: string) => void;
  readonly toggleValue: (name: string, item: string, checked: boolean) => void;
  readonly error: string | undefined;
  readonly text: FormTextValues;
}) {
  // The same rule as the API's form page: optional questions say so, unless they are follow-ups
  // that only apply after another answer.
  const label = `${fillText(field.label, text)}${field.optional && !field.showWhen ? " (optional)" : ""}`;
  const hint = field.hint ? fillText(field.hint, text) : undefined;
  const str = (name: string) => {
    const value = values[name];
    return typeof value === "string" ? value : "";
  };
  const options = (field.options ?? []).map((o) => ({ value: o.value, label: fillText(o.label, text) }));
  switch (field.kind) {
    case "date":
      return (
        <DateInput
          name={field.name}
          label={label}
          hint={hint}
          error={error}
          autoComplete={field.autocomplete === "bday" ? "bday" : undefined}
          value={{ day: str(`${field.name}-day`), month: str(`${field.name}-month`), year: str(`${field.name}-year`) }}
          onChange={(part, value) => setValue(`${field.name}-${part}`, value)}
        />
      );
    case "radios":
      return (
        <Radios
          name={field.name}
          label={label}
          hint={hint}
          error={error}
          choices={options}
          inline={options.length === 2}
          value={str(field.name)}
          onChange={(v) => setValue(field.name, v)}
        />
      );
    case "checkboxes": {
      const value = values[field.name];
      return (
        <Checkboxes
          name={field.name}
          label={label}
          hint={hint}
          error={error}
          choices={options}
          value={Array.isArray(value) ? value : typeof value === "string" ? [value] : []}
          onChange={(item, checked) => toggleValue(field.name, item, checked)}
        />
      );
    }
    case "textarea":
      return (
        <Textarea
          name={field.name}
          label={label}
          hint={hint}
          error={error}
          value={str(field.name)}
          onChange={(v) => setValue(field.name, v)}
        />
      );
    case "hidden":
      return null;
    default:
      return (
        <TextInput
          name={field.name}
          label={label}
          hint={hint}
          error={error}
          type={field.kind === "email" ? "email" : field.kind === "tel" ? "tel" : "text"}
          autoComplete={field.autocomplete}
          inputMode={field.inputMode}
          width={field.width}
          spellCheck={field.kind === "email" ? false : undefined}
          value={str(field.name)}
          onChange={(v) => setValue(field.name, v)}
        />
      );
  }
}

export default function ReferralForm({ apiOrigin, text, privacyHref }: Props) {
  // Before JavaScript runs (and on the server) the whole form shows at once and posts itself.
  const [enhanced, setEnhanced] = useState(false);
  const [values, setValues] = useState<FormValues>({});
  const [errors, setErrors] = useState<readonly ReferralError[]>([]);
  const [step, setStep] = useState(0);
  const [returnToCheck, setReturnToCheck] = useState(false);
  const [status, setStatus] = useState<Status>({ kind: "editing" });
  const [idempotencyKey, setIdempotencyKey] = useState<string | null>(null);
  const [honeypot, setHoneypot] = useState("");
  const heading = useRef<HTMLHeadingElement>(null);
  const today: IsoDate = useMemo(() => localToday(), []);
  const action = `${apiOrigin}/api/referrals`;

  const staticForm = useRef<HTMLFormElement>(null);
  useEffect(() => {
    // Keep anything typed before the script arrived on a slow connection.
    if (staticForm.current) {
      const typed: Record<string, string | string[]> = {};
      for (const [name, value] of new FormData(staticForm.current)) {
        if (typeof value !== "string" || name === IDEMPOTENCY_FIELD || name === HONEYPOT_FIELD) continue;
        const field = referralFields.find((f) => f.name === name);
        if (field?.kind === "checkboxes") typed[name] = [...((typed[name] as string[] | undefined) ?? []), value];
        else if (value !== "") typed[name] = value;
      }
      setValues(typed);
    }
    setEnhanced(true);
    setIdempotencyKey(newIdempotencyKey());
  }, []);
  // Each new step starts at its heading, so a screen reader user hears where they are.
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs when the step or status changes
  useEffect(() => {
    if (enhanced) heading.current?.focus();
  }, [step, status.kind]);

  // Back and Forward move between the steps. Each step is a history entry whose state holds its
  // number only: the answers stay in memory, never in the history, the address or storage.
  const goTo = (next: number) => {
    setStep(next);
    window.history.pushState({ [HISTORY_KEY]: next }, "");
    window.scrollTo(0, 0);
  };
  useEffect(() => {
    if (!enhanced) return;
    window.history.replaceState({ [HISTORY_KEY]: 0 }, "");
    const onPopState = (event: PopStateEvent) => {
      const wanted = (event.state as Record<string, unknown> | null)?.[HISTORY_KEY];
      if (typeof wanted !== "number" || !Number.isInteger(wanted)) return;
      setErrors([]);
      setReturnToCheck(false);
      setStep(Math.min(Math.max(wanted, 0), CHECK_STEP));
    };
    window.addEventListener("popstate", onPopState);
    return () => window.removeEventListener("popstate", onPopState);
  }, [enhanced]);

  const setValue = (name: string, value: string) => setValues((current) => ({ ...current, [name]: value }));
  const toggleValue = (name: string, item: string, checked: boolean) =>
    setValues((current) => {
      const before = current[name];
      const list = Array.isArray(before) ? before : typeof before === "string" && before !== "" ? [before] : [];
      return {
        ...current,
        [name]: checked ? [...list.filter((x) => x !== item), item] : list.filter((x) => x !== item),
      };
    });
  // Once a problem shows, re-check as the parent fixes it, so each message goes when its answer is right.
  // biome-ignore lint/correctness/useExhaustiveDependencies: re-checks only when the answers change
  useEffect(() => {
    setErrors((shown) =>
      shown.length === 0 ? shown : validate(values, today, text).filter((e) => shown.some((s) => s.field === e.field)),
    );
  }, [values]);

  const errorFor = (name: string) => errors.find((e) => e.field === name)?.message;
  const sectionId = referralSections[step]?.id;

  const renderSection = (section: SectionId, showAll: boolean) =>
    sectionFields(section)
      .filter((field) => showAll || isShown(field, values))
      .map((field) => (
        <Field
          key={field.name}
          field={field}
          values={values}
          setValue={setValue}
          toggleValue={toggleValue}
          error={errorFor(field.name)}
          text={text}
        />
      ));

  const intro = (
    <>
      <p className="govuk-body">
        Use this form if you are the parent or carer of a child who has not started school and you would like{" "}
        {text.serviceName} to help. It takes about 10 minutes.
      </p>
      <p className="govuk-body">You will be asked about:</p>
      <ul className="govuk-list govuk-list--bullet">
        <li>your child and where they live</li>
        <li>how to contact you</li>
        <li>your child's needs and the help you would like</li>
        <li>any professionals who already know your child</li>
      </ul>
      <p className="govuk-body">
        Nothing you type is saved on your device. If you are not sure whether Portage is right for your child, you can{" "}
        <a className="govuk-link" href="/check-eligibility">
          check first
        </a>
        .
      </p>
    </>
  );

  const consentNote = (
    <p className="govuk-body">
      We will use what you tell us to decide whether Portage can help your child, and to contact you.{" "}
      <a className="govuk-link" href={privacyHref}>
        How we use and share your information
      </a>
      .
    </p>
  );

  async function send() {
    if (status.kind === "sending") return;
    const all = validate(values, today, text);
    if (all.length > 0) {
      setErrors(all);
      return;
    }
    const key = idempotencyKey ?? newIdempotencyKey();
    setIdempotencyKey(key);
    setStatus({ kind: "sending" });
    try {
      const response = await fetch(action, {
        method: "POST",
        headers: { "Content-Type": "application/json", Accept: "application/json", "Idempotency-Key": key },
        body: JSON.stringify(jsonBody(values, { [IDEMPOTENCY_FIELD]: key, [HONEYPOT_FIELD]: honeypot })),
      });
      const body = (await response.json().catch(() => ({}))) as {
        reference?: string;
        detail?: string;
        errors?: { field: string; message: string }[];
      };
      if (response.ok && body.reference) {
        // Forget the answers: the confirmation is all that stays, and only until the page closes.
        setValues({});
        setStatus({ kind: "sent", reference: body.reference });
        return;
      }
      if (response.status === 422 && body.errors) {
        const found = body.errors.map((e) => ({ field: e.field, href: `#${e.field}`, message: e.message }));
        setErrors(found);
        const first = firstSectionWithError(found);
        if (first) goTo(referralSections.findIndex((s) => s.id === first));
        setStatus({ kind: "editing" });
        return;
      }
      setStatus({
        kind: "failed",
        message: body.detail ?? "Your referral could not be sent. Try again in a few minutes.",
      });
    } catch {
      // The same key goes with the retry, so a referral that did arrive is not stored twice.
      setStatus({
        kind: "failed",
        message: "Your referral could not be sent. Check your internet connection and try again.",
      });
    }
  }

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    if (!enhanced) return;
    event.preventDefault();
    if (step === CHECK_STEP) {
      void send();
      return;
    }
    if (!sectionId) return;
    const found = sectionErrors(validate(values, today, text), sectionId);
    setErrors(found);
    if (found.length > 0) return;
    goTo(returnToCheck ? CHECK_STEP : step + 1);
    if (returnToCheck) setReturnToCheck(false);
  }

  if (status.kind === "sent") {
    return (
      <div>
        <div className="govuk-panel govuk-panel--confirmation">
          <h2 className="govuk-panel__title" tabIndex={-1} ref={heading}>
            Referral sent
          </h2>
          <div className="govuk-panel__body">
            Your reference number
            <br />
            <strong data-testid="reference">{status.reference}</strong>
          </div>
        </div>
        <h3 className="govuk-heading-m">What happens next</h3>
        <p className="govuk-body">
          Someone from {text.serviceName} will read your referral and contact you to talk about your child and how
          Portage could help. Keep your reference number: give it if you contact us about this referral.
        </p>
        <p className="govuk-body">
          <a className="govuk-link" href="/after-you-refer">
            What happens after you refer
          </a>
        </p>
      </div>
    );
  }

  const hidden = (
    <>
      {idempotencyKey && <input type="hidden" name={IDEMPOTENCY_FIELD} value={idempotencyKey} />}
      <div className="govuk-visually-hidden" aria-hidden="true">
        <label htmlFor={HONEYPOT_FIELD}>Leave this field empty</label>
        <input
          id={HONEYPOT_FIELD}
          name={HONEYPOT_FIELD}
          type="text"
          tabIndex={-1}
          autoComplete="off"
          value={honeypot}
          onChange={(event) => setHoneypot(event.target.value)}
        />
      </div>
    </>
  );

  // Without JavaScript: every section, one button, a plain post to the API.
  if (!enhanced) {
    return (
      <form method="post" action={action} noValidate ref={staticForm}>
        {intro}
        {hidden}
        {referralSections.map((section) => (
          <div key={section.id}>
            <h2 className="govuk-heading-m">{section.title}</h2>
            {section.id === "consent" && consentNote}
            {renderSection(section.id, true)}
          </div>
        ))}
        <button type="submit" className="govuk-button">
          Send referral
        </button>
      </form>
    );
  }

  if (step === CHECK_STEP) {
    return (
      <form method="post" action={action} noValidate onSubmit={onSubmit}>
        <ErrorSummary errors={errors} />
        {status.kind === "failed" && (
          <div className="govuk-error-summary" role="alert">
            <h2 className="govuk-error-summary__title">Your referral has not been sent</h2>
            <div className="govuk-error-summary__body">
              <p className="govuk-body">{status.message}</p>
            </div>
          </div>
        )}
        {hidden}
        <h2 className="govuk-heading-l" tabIndex={-1} ref={heading}>
          Check your answers before sending your referral
        </h2>
        {referralSections.map((section, index) => (
          <div key={section.id}>
            <h3 className="govuk-heading-m">{section.title}</h3>
            <dl className="govuk-summary-list govuk-!-margin-bottom-9">
              {sectionFields(section.id)
                .filter((field) => isShown(field, values))
                .map((field) => (
                  <div className="govuk-summary-list__row" key={field.name}>
                    <dt className="govuk-summary-list__key">{fillText(field.label, text)}</dt>
                    <dd className="govuk-summary-list__value">{answerText(field, values, text)}</dd>
                    <dd className="govuk-summary-list__actions">
                      <button
                        type="button"
                        className="govuk-link council-link-button"
                        onClick={() => {
                          setReturnToCheck(true);
                          setErrors([]);
                          goTo(index);
                        }}
                      >
                        Change
                        <span className="govuk-visually-hidden"> {fillText(field.label, text).toLowerCase()}</span>
                      </button>
                    </dd>
                  </div>
                ))}
            </dl>
          </div>
        ))}
        <h3 className="govuk-heading-m">Now send your referral</h3>
        <p className="govuk-body">
          By sending this referral you confirm that, to the best of your knowledge, the details you are giving are
          correct.
        </p>
        <button
          type="submit"
          className="govuk-button"
          disabled={status.kind === "sending"}
          aria-disabled={status.kind === "sending"}
        >
          {status.kind === "sending" ? "Sending..." : "Send referral"}
        </button>
      </form>
    );
  }

  const section = referralSections[step];
  if (!section) return null;
  return (
    <form method="post" action={action} noValidate onSubmit={onSubmit}>
      <ErrorSummary errors={errors} />
      {step === 0 && intro}
      {hidden}
      <span className="govuk-caption-m">
        Step {step + 1} of {referralSections.length + 1}
      </span>
      <h2 className="govuk-heading-l" tabIndex={-1} ref={heading}>
        {section.title}
      </h2>
      {section.id === "consent" && consentNote}
      {renderSection(section.id, false)}
      <div className="govuk-button-group">
        <button type="submit" className="govuk-button">
          Continue
        </button>
        {step > 0 && (
          <button
            type="button"
            className="govuk-button govuk-button--secondary"
            onClick={() => {
              setErrors([]);
              goTo(step - 1);
            }}
          >
            Back
          </button>
        )}
      </div>
    </form>
  );
}
