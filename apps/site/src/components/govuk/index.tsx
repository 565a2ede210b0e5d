// govuk-frontend form components as React components, for the islands. The markup follows the
// GOV.UK Design System's (error summary, date input, radios, checkboxes, text input, textarea),
// so the compiled govuk-frontend CSS styles them with no JavaScript of its own.
import { type ReactNode, useEffect, useRef } from "react";

/** One problem for the error summary: the message and the id of the input to fix. */
export interface FormError {
  readonly href: string;
  readonly message: string;
}

/** The error summary: focused when it appears, each message a link to its question. */
export function ErrorSummary({ errors }: { readonly errors: readonly FormError[] }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (errors.length > 0) ref.current?.focus();
  }, [errors]);
  if (errors.length === 0) return null;
  return (
    <div className="govuk-error-summary" data-module="govuk-error-summary" ref={ref} tabIndex={-1}>
      <div role="alert">
        <h2 className="govuk-error-summary__title">There is a problem</h2>
        <div className="govuk-error-summary__body">
          <ul className="govuk-list govuk-error-summary__list">
            {errors.map((error) => (
              <li key={`${error.href}:${error.message}`}>
                <a
                  href={error.href}
                  onClick={(event) => {
                    // Move focus to the question itself, as govuk-frontend's script does.
                    const target = document.getElementById(error.href.slice(1));
                    if (!target) return;
                    event.preventDefault();
                    target.scrollIntoView();
                    target.focus();
                  }}
                >
                  {error.message}
                </a>
              </li>
            ))}
          </ul>
        </div>
      </div>
    </div>
  );
}

function Hint({ id, children }: { readonly id: string; readonly children?: ReactNode }) {
  if (!children) return null;
  return (
    <div className="govuk-hint" id={id}>
      {children}
    </div>
  );
}

function ErrorMessage({ id, message }: { readonly id: string; readonly message: string | undefined }) {
  if (!message) return null;
  return (
    <p className="govuk-error-message" id={id}>
      <span className="govuk-visually-hidden">Error:</span> {message}
    </p>
  );
}

function describedBy(id: string, hint: ReactNode | undefined, error: string | undefined): string | undefined {
  const ids = [hint ? `${id}-hint` : "", error ? `${id}-error` : ""].filter(Boolean);
  return ids.length > 0 ? ids.join(" ") : undefined;
}

interface FieldProps {
  /** The input's id and name. */
  readonly name: string;
  readonly label: ReactNode;
  readonly hint?: ReactNode;
  readonly error?: string | undefined;
  /** Show the label as the page's heading (one question on the page). */
  readonly labelSize?: "s" | "m" | "l";
}

/** A text input: text, email, tel or a number typed as text (GOV.UK asks for numbers this way). */
/** A question answered in a fieldset (a date, radios, checkboxes): its group, legend, hint and error. */
function Fieldset({
  name,
  label,
  hint,
  error,
  labelSize = "s",
  children,
}: FieldProps & { readonly children: ReactNode }) {
  return (
    <div className={`govuk-form-group${error ? " govuk-form-group--error" : ""}`}>
      <fieldset className="govuk-fieldset" aria-describedby={describedBy(name, hint, error)}>
        <legend className={`govuk-fieldset__legend govuk-fieldset__legend--${labelSize}`}>{label}</legend>
        <Hint id={`${name}-hint`}>{hint}</Hint>
        <ErrorMessage id={`${name}-error`} message={error} />
        {children}
      </fieldset>
    </div>
  );
}

export function TextInput({
  name,
  label,
  hint,
  error,
  value,
  onChange,
  type = "text",
  autoComplete,
  inputMode,
  width,
  spellCheck,
  labelSize,
}: FieldProps & {
  readonly value: string;
  readonly onChange: (value: string) => void;
  readonly type?: "text" | "email" | "tel";
  readonly autoComplete?: string | undefined;
  readonly inputMode?: "numeric" | "decimal" | "tel" | "email" | "text" | undefined;
  readonly width?: number | undefined;
  readonly spellCheck?: boolean | undefined;
}) {
  return (
    <div className={`govuk-form-group${error ? " govuk-form-group--error" : ""}`}>
      <label className={`govuk-label${labelSize ? ` govuk-label--${labelSize}` : ""}`} htmlFor={name}>
        {label}
      </label>
      <Hint id={`${name}-hint`}>{hint}</Hint>
      <ErrorMessage id={`${name}-error`} message={error} />
      <input
        className={`govuk-input${width ? ` govuk-input--width-${width}` : ""}${error ? " govuk-input--error" : ""}`}
        id={name}
        name={name}
        type={type}
        value={value}
        onChange={(event) => onChange(event.target.value)}
        aria-describedby={describedBy(name, hint, error)}
        autoComplete={autoComplete}
        inputMode={inputMode}
        spellCheck={spellCheck}
      />
    </div>
  );
}

/** A textarea. */
export function Textarea({
  name,
  label,
  hint,
  error,
  value,
  onChange,
  rows = 5,
}: FieldProps & { readonly value: string; readonly onChange: (value: string) => void; readonly rows?: number }) {
  return (
    <div className={`govuk-form-group${error ? " govuk-form-group--error" : ""}`}>
      <label className="govuk-label" htmlFor={name}>
        {label}
      </label>
      <Hint id={`${name}-hint`}>{hint}</Hint>
      <ErrorMessage id={`${name}-error`} message={error} />
      <textarea
        className={`govuk-textarea${error ? " govuk-textarea--error" : ""}`}
        id={name}
        name={name}
        rows={rows}
        value={value}
        onChange={(event) => onChange(event.target.value)}
        aria-describedby={describedBy(name, hint, error)}
      />
    </div>
  );
}

/** Day, month and year typed into three boxes. */
export interface DateParts {
  readonly day: string;
  readonly month: string;
  readonly year: string;
}

/** The GOV.UK date input: three boxes in one fieldset. `autoComplete` "bday" gives bday-day and so on. */
export function DateInput({
  name,
  label,
  hint,
  error,
  value,
  onChange,
  autoComplete,
  labelSize = "s",
}: FieldProps & {
  readonly value: DateParts;
  /** Called with the one part that changed, so quick typing in several boxes never loses a part. */
  readonly onChange: (part: keyof DateParts, value: string) => void;
  readonly autoComplete?: "bday" | undefined;
}) {
  const parts = [
    { key: "day", label: "Day", width: 2 },
    { key: "month", label: "Month", width: 2 },
    { key: "year", label: "Year", width: 4 },
  ] as const;
  return (
    <Fieldset name={name} label={label} hint={hint} error={error} labelSize={labelSize}>
      <div className="govuk-date-input" id={name}>
        {parts.map((part) => (
          <div className="govuk-date-input__item" key={part.key}>
            <div className="govuk-form-group">
              <label className="govuk-label govuk-date-input__label" htmlFor={`${name}-${part.key}`}>
                {part.label}
              </label>
              <input
                className={`govuk-input govuk-date-input__input govuk-input--width-${part.width}${error ? " govuk-input--error" : ""}`}
                id={`${name}-${part.key}`}
                name={`${name}-${part.key}`}
                type="text"
                inputMode="numeric"
                autoComplete={autoComplete ? `${autoComplete}-${part.key}` : undefined}
                value={value[part.key]}
                onChange={(event) => onChange(part.key, event.target.value)}
              />
            </div>
          </div>
        ))}
      </div>
    </Fieldset>
  );
}

/** One choice of radios or checkboxes. */
export interface Choice {
  readonly value: string;
  readonly label: ReactNode;
  readonly hint?: ReactNode;
}

/** Radios in a fieldset; the first radio's id is the question's name, for the error summary's link. */
export function Radios({
  name,
  label,
  hint,
  error,
  value,
  onChange,
  choices,
  inline = false,
  labelSize = "s",
}: FieldProps & {
  readonly value: string;
  readonly onChange: (value: string) => void;
  readonly choices: readonly Choice[];
  readonly inline?: boolean;
}) {
  return (
    <Fieldset name={name} label={label} hint={hint} error={error} labelSize={labelSize}>
      <div className={`govuk-radios${inline ? " govuk-radios--inline" : ""}`}>
        {choices.map((choice, i) => {
          const id = i === 0 ? name : `${name}-${i + 1}`;
          return (
            <div className="govuk-radios__item" key={choice.value}>
              <input
                className="govuk-radios__input"
                id={id}
                name={name}
                type="radio"
                value={choice.value}
                checked={value === choice.value}
                onChange={() => onChange(choice.value)}
                aria-describedby={choice.hint ? `${id}-item-hint` : undefined}
              />
              <label className="govuk-label govuk-radios__label" htmlFor={id}>
                {choice.label}
              </label>
              {choice.hint && (
                <div id={`${id}-item-hint`} className="govuk-hint govuk-radios__hint">
                  {choice.hint}
                </div>
              )}
            </div>
          );
        })}
      </div>
    </Fieldset>
  );
}

/** Checkboxes in a fieldset; the first box's id is the question's name. */
export function Checkboxes({
  name,
  label,
  hint,
  error,
  value,
  onChange,
  choices,
  small = false,
  labelSize = "s",
}: FieldProps & {
  readonly value: readonly string[];
  /** Called with the one box that changed, so quick clicks never lose one. */
  readonly onChange: (item: string, checked: boolean) => void;
  readonly choices: readonly Choice[];
  readonly small?: boolean;
}) {
  return (
    <Fieldset name={name} label={label} hint={hint} error={error} labelSize={labelSize}>
      <div className={`govuk-checkboxes${small ? " govuk-checkboxes--small" : ""}`}>
        {choices.map((choice, i) => {
          const id = i === 0 ? name : `${name}-${i + 1}`;
          const checked = value.includes(choice.value);
          return (
            <div className="govuk-checkboxes__item" key={choice.value}>
              <input
                className="govuk-checkboxes__input"
                id={id}
                name={name}
                type="checkbox"
                value={choice.value}
                checked={checked}
                onChange={(event) => onChange(choice.value, event.target.checked)}
              />
              <label className="govuk-label govuk-checkboxes__label" htmlFor={id}>
                {choice.label}
              </label>
            </div>
          );
        })}
      </div>
    </Fieldset>
  );
}
