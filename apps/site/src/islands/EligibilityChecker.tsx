// The eligibility checker: a few questions, then `assessEligibility` from the domain package,
// run in the browser on the same protocol the service runs. Nothing leaves the page and nothing
// is stored. Without JavaScript the same questions are a plain form posted to the API
// (`POST /api/eligibility-check`), which runs the same rules and answers with a page; the words
// of both come from @openportage/referral-form.
import { assessEligibility, type EligibilityAssessment, type Protocol } from "@openportage/domain";
import { useEffect, useMemo, useRef, useState } from "react";
import { Checkboxes, DateInput, ErrorSummary, Radios, TextInput } from "../components/govuk/index.tsx";
import {
  type Answer,
  CHECKER_GUIDE,
  CHECKER_HEADINGS,
  type CheckerAnswers,
  type CheckerError,
  type CheckerSignpost,
  checkAnswers,
  checkerAnswersFrom,
  checkerHelp,
  checkerQuestions,
  checkerReasons,
  checkerWords,
  localToday,
  NO_ANSWERS,
  supportEndHeading,
  toFacts,
} from "./checker-facts.ts";

/** Where else a family can turn, from the council's configuration. */
export type SignpostLink = CheckerSignpost;

interface Props {
  readonly protocol: Protocol;
  /** The referral form's address, or null where families cannot refer themselves. */
  readonly referHref: string | null;
  readonly signposting: readonly SignpostLink[];
  /** The API's origin (empty for the same origin): where the form posts without JavaScript. */
  readonly apiOrigin: string;
}

export default function EligibilityChecker({ protocol, referHref, signposting, apiOrigin }: Props) {
  const [mounted, setMounted] = useState(false);
  const [answers, setAnswers] = useState<CheckerAnswers>(NO_ANSWERS);
  const [errors, setErrors] = useState<CheckerError[]>([]);
  const [result, setResult] = useState<EligibilityAssessment | null>(null);
  const resultHeading = useRef<HTMLHeadingElement>(null);
  const today = useMemo(() => localToday(), []);
  const questions = useMemo(() => checkerQuestions(protocol, today), [protocol, today]);
  const words = useMemo(() => checkerWords(protocol), [protocol]);

  const staticForm = useRef<HTMLFormElement>(null);
  useEffect(() => {
    // Keep anything answered before the script arrived on a slow connection.
    if (staticForm.current) {
      const typed = new URLSearchParams();
      for (const [name, value] of new FormData(staticForm.current)) {
        if (typeof value === "string") typed.append(name, value);
      }
      setAnswers(checkerAnswersFrom(typed, protocol));
    }
    setMounted(true);
  }, [protocol]);
  useEffect(() => {
    if (result) resultHeading.current?.focus();
  }, [result]);

  const set =
    <K extends keyof CheckerAnswers>(key: K) =>
    (value: CheckerAnswers[K]) =>
      setAnswers((current) => ({ ...current, [key]: value }));
  const errorFor = (field: string) => errors.find((e) => e.field === field)?.message;
  const noop = () => {};

  // Without JavaScript (and on the server): every question at once, follow-ups labelled "If
  // yes", posted to the API, which answers with the result as a page.
  if (!mounted) {
    return (
      <form method="post" action={`${apiOrigin}/api/eligibility-check`} noValidate ref={staticForm}>
        <DateInput
          name="dateOfBirth"
          label={words.dateOfBirth.label}
          hint={words.dateOfBirth.hint}
          autoComplete="bday"
          value={NO_ANSWERS.dateOfBirth}
          onChange={noop}
        />
        {questions.diagnosis && (
          <Radios name="diagnosis" {...words.diagnosis} choices={words.diagnosis.options} value="" onChange={noop} />
        )}
        {questions.delay && (
          <>
            <Radios
              name="delayKnown"
              label={words.delayKnown.label}
              choices={words.delayKnown.options}
              value=""
              onChange={noop}
            />
            <Checkboxes
              name="delayAreas"
              label={words.delayAreas.labelWithoutScript}
              hint={words.delayAreas.hint}
              choices={words.delayAreas.options}
              value={[]}
              onChange={noop}
              small
            />
            {words.delayAreas.options.map((area) => (
              <TextInput
                key={area.value}
                name={`delayMonths-${area.value}`}
                {...words.delayMonths(area.label)}
                inputMode="numeric"
                width={2}
                value=""
                onChange={noop}
              />
            ))}
          </>
        )}
        {questions.panel && (
          <Radios
            name="knownToPanel"
            {...words.knownToPanel(questions.panel)}
            choices={words.knownToPanel(questions.panel).options}
            value=""
            onChange={noop}
          />
        )}
        <Radios
          name="attendsSetting"
          label={words.attendsSetting.label}
          choices={words.attendsSetting.options}
          value=""
          onChange={noop}
        />
        <TextInput
          name="settingHours"
          label={words.settingHours.labelWithoutScript}
          hint={words.settingHours.hint}
          inputMode="decimal"
          width={3}
          value=""
          onChange={noop}
        />
        <Radios
          name="livesInArea"
          label={words.livesInArea.label}
          choices={words.livesInArea.options}
          value=""
          onChange={noop}
        />
        <Radios
          name="availableForVisits"
          label={words.availableForVisits.label}
          hint={words.availableForVisits.hint}
          choices={words.availableForVisits.options}
          value=""
          onChange={noop}
        />
        <button type="submit" className="govuk-button">
          {words.submit}
        </button>
      </form>
    );
  }

  if (result) {
    const notEligible = result.outcome === "not-eligible";
    return (
      <div className="council-checker-result">
        <h2 className="govuk-heading-l" tabIndex={-1} ref={resultHeading}>
          {CHECKER_HEADINGS[result.outcome]}
        </h2>
        <p className="govuk-body">{CHECKER_GUIDE}</p>
        <dl className="govuk-summary-list">
          {checkerReasons(result).map((row) => (
            <div className="govuk-summary-list__row" key={row.key}>
              <dt className="govuk-summary-list__key">{row.topic}</dt>
              <dd className="govuk-summary-list__value">
                <strong className="govuk-!-font-weight-bold">{row.result}.</strong> {row.text}
              </dd>
            </div>
          ))}
        </dl>
        <h3 className="govuk-heading-m">{supportEndHeading(result)}</h3>
        <p className="govuk-body">{result.supportEndsRule}</p>
        {result.missing.length > 0 && (
          <>
            <h3 className="govuk-heading-m">What the team would ask you</h3>
            <ul className="govuk-list govuk-list--bullet">
              {result.missing.map((m) => (
                <li key={m.fact}>{m.question}</li>
              ))}
            </ul>
          </>
        )}
        {notEligible ? (
          <>
            <h3 className="govuk-heading-m">Where else you can get help</h3>
            <ul className="govuk-list govuk-list--bullet">
              {checkerHelp(result, signposting).map((item) => (
                <li key={item.key}>
                  {item.name && item.url ? (
                    <>
                      <a className="govuk-link" href={item.url}>
                        {item.name}
                      </a>
                      : {item.text}
                    </>
                  ) : item.name ? (
                    <>
                      <strong>{item.name}</strong>: {item.text}
                    </>
                  ) : (
                    item.text
                  )}
                </li>
              ))}
            </ul>
            <p className="govuk-body">
              If you think we have got this wrong, {referHref ? "you can still refer your child or " : ""}
              <a className="govuk-link" href="/contact">
                contact us
              </a>{" "}
              to talk it through.
            </p>
          </>
        ) : referHref ? (
          <a className="govuk-button" href={referHref}>
            Refer your child
          </a>
        ) : (
          <p className="govuk-body">
            Ask a professional who knows your child, such as your health visitor, to refer them.{" "}
            <a className="govuk-link" href="/protocol#routes">
              How children are referred
            </a>
          </p>
        )}
        <p className="govuk-body">
          <button type="button" className="govuk-button govuk-button--secondary" onClick={() => setResult(null)}>
            Change your answers
          </button>
        </p>
      </div>
    );
  }

  return (
    <form
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        const found = checkAnswers(answers, today);
        setErrors(found);
        if (found.length === 0) setResult(assessEligibility(toFacts(answers, protocol), protocol, today));
      }}
    >
      <ErrorSummary errors={errors} />
      <DateInput
        name="dateOfBirth"
        label={words.dateOfBirth.label}
        hint={words.dateOfBirth.hint}
        autoComplete="bday"
        value={answers.dateOfBirth}
        onChange={(part, value) =>
          setAnswers((current) => ({ ...current, dateOfBirth: { ...current.dateOfBirth, [part]: value } }))
        }
        error={errorFor("dateOfBirth")}
      />
      {questions.diagnosis && (
        <Radios
          name="diagnosis"
          label={words.diagnosis.label}
          hint={words.diagnosis.hint}
          choices={words.diagnosis.options}
          value={answers.diagnosis}
          onChange={(v) => set("diagnosis")(v as Answer)}
        />
      )}
      {questions.delay && answers.diagnosis !== "yes" && (
        <>
          <Radios
            name="delayKnown"
            label={words.delayKnown.label}
            choices={words.delayKnown.options}
            value={answers.delayKnown}
            onChange={(v) => set("delayKnown")(v as Answer)}
          />
          {answers.delayKnown === "yes" && (
            <>
              <Checkboxes
                name="delayAreas"
                label={words.delayAreas.label}
                hint={words.delayAreas.hint}
                choices={words.delayAreas.options}
                value={answers.delayAreas}
                onChange={(item, checked) =>
                  setAnswers((current) => ({
                    ...current,
                    delayAreas: checked
                      ? [...current.delayAreas.filter((a) => a !== item), item]
                      : current.delayAreas.filter((a) => a !== item),
                  }))
                }
                small
              />
              {answers.delayAreas.map((areaId) => (
                <TextInput
                  key={areaId}
                  name={`delayMonths-${areaId}`}
                  {...words.delayMonths(words.delayAreas.options.find((a) => a.value === areaId)?.label ?? areaId)}
                  inputMode="numeric"
                  width={2}
                  value={answers.delayMonths[areaId] ?? ""}
                  onChange={(v) =>
                    setAnswers((current) => ({ ...current, delayMonths: { ...current.delayMonths, [areaId]: v } }))
                  }
                  error={errorFor(`delayMonths-${areaId}`)}
                />
              ))}
            </>
          )}
        </>
      )}
      {questions.panel && (
        <Radios
          name="knownToPanel"
          {...words.knownToPanel(questions.panel)}
          choices={words.knownToPanel(questions.panel).options}
          value={answers.knownToPanel}
          onChange={(v) => set("knownToPanel")(v as Answer)}
        />
      )}
      <Radios
        name="attendsSetting"
        label={words.attendsSetting.label}
        choices={words.attendsSetting.options}
        value={answers.attendsSetting}
        onChange={(v) => set("attendsSetting")(v as Answer)}
      />
      {answers.attendsSetting === "yes" && (
        <TextInput
          name="settingHours"
          label={words.settingHours.label}
          hint={words.settingHours.hint}
          inputMode="decimal"
          width={3}
          value={answers.settingHours}
          onChange={set("settingHours")}
          error={errorFor("settingHours")}
        />
      )}
      <Radios
        name="livesInArea"
        label={words.livesInArea.label}
        choices={words.livesInArea.options}
        value={answers.livesInArea}
        onChange={(v) => set("livesInArea")(v as Answer)}
      />
      <Radios
        name="availableForVisits"
        label={words.availableForVisits.label}
        hint={words.availableForVisits.hint}
        choices={words.availableForVisits.options}
        value={answers.availableForVisits}
        onChange={(v) => set("availableForVisits")(v as Answer)}
      />
      <button type="submit" className="govuk-button">
        {words.submit}
      </button>
    </form>
  );
}
