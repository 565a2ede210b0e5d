// The eligibility checker: a few questions, then `assessEligibility` from the domain package,
// run in the browser on the same protocol the service runs. Nothing leaves the page and nothing
// is stored. Without JavaScript it renders nothing and the page's text explains the rules.
import { assessEligibility, type EligibilityAssessment, type Protocol } from "@openportage/domain";
import { useEffect, useMemo, useRef, useState } from "react";
import { Checkboxes, DateInput, ErrorSummary, Radios, TextInput } from "../components/govuk/index.tsx";
import {
  type Answer,
  type CheckerAnswers,
  type CheckerError,
  checkAnswers,
  checkerQuestions,
  localToday,
  NO_ANSWERS,
  toFacts,
} from "./checker-facts.ts";

/** Where else a family can turn, from the council's configuration. */
export interface SignpostLink {
  readonly name: string;
  readonly description: string;
  readonly url?: string | undefined;
}

interface Props {
  readonly protocol: Protocol;
  /** The referral form's address, or null where families cannot refer themselves. */
  readonly referHref: string | null;
  readonly signposting: readonly SignpostLink[];
}

const YES_NO_NOT_SURE = [
  { value: "yes", label: "Yes" },
  { value: "no", label: "No" },
  { value: "not-sure", label: "I'm not sure" },
] as const;
const YES_NO = YES_NO_NOT_SURE.slice(0, 2);

const HEADINGS: Record<EligibilityAssessment["outcome"], string> = {
  eligible: "Your child is likely to be eligible for Portage",
  "not-eligible": "Your child is not likely to be eligible for Portage",
  "more-information-needed": "Your child may be eligible for Portage",
};

// The checker takes these as given (see toFacts), so it does not report them back.
const ASSUMED = new Set(["consent", "referral-route"]);

const RESULT_WORDS = { met: "Yes", "not-met": "No", unknown: "To be checked" } as const;
const TOPICS: Record<string, string> = {
  age: "Age",
  need: "Level of need",
  "setting-hours": "Time in a setting",
  residence: "Where you live",
  availability: "Home visits",
};

export default function EligibilityChecker({ protocol, referHref, signposting }: Props) {
  const [mounted, setMounted] = useState(false);
  const [answers, setAnswers] = useState<CheckerAnswers>(NO_ANSWERS);
  const [errors, setErrors] = useState<CheckerError[]>([]);
  const [result, setResult] = useState<EligibilityAssessment | null>(null);
  const resultHeading = useRef<HTMLHeadingElement>(null);
  const today = useMemo(() => localToday(), []);
  const questions = useMemo(() => checkerQuestions(protocol, today), [protocol, today]);
  const areas = protocol.plans.areas.areas;

  useEffect(() => setMounted(true), []);
  useEffect(() => {
    if (result) resultHeading.current?.focus();
  }, [result]);

  if (!mounted) return null;

  const set =
    <K extends keyof CheckerAnswers>(key: K) =>
    (value: CheckerAnswers[K]) =>
      setAnswers((current) => ({ ...current, [key]: value }));
  const errorFor = (field: string) => errors.find((e) => e.field === field)?.message;

  if (result) {
    const notEligible = result.outcome === "not-eligible";
    return (
      <div className="council-checker-result">
        <h2 className="govuk-heading-l" tabIndex={-1} ref={resultHeading}>
          {HEADINGS[result.outcome]}
        </h2>
        <p className="govuk-body">
          This is a guide only, from your answers. The Portage team decides when they read a referral.
        </p>
        <dl className="govuk-summary-list">
          {result.reasons
            .filter((reason) => !ASSUMED.has(reason.topic))
            .map((reason) => (
              <div className="govuk-summary-list__row" key={reason.clauseId}>
                <dt className="govuk-summary-list__key">{TOPICS[reason.topic] ?? reason.topic}</dt>
                <dd className="govuk-summary-list__value">
                  <strong className="govuk-!-font-weight-bold">{RESULT_WORDS[reason.result]}.</strong> {reason.parent}
                </dd>
              </div>
            ))}
        </dl>
        <h3 className="govuk-heading-m">When Portage would end</h3>
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
              {result.signposting.map((text) => (
                <li key={text}>{text}</li>
              ))}
            </ul>
            <ul className="govuk-list">
              {signposting.map((link) => (
                <li key={link.name}>
                  {link.url ? (
                    <a className="govuk-link" href={link.url}>
                      {link.name}
                    </a>
                  ) : (
                    <strong>{link.name}</strong>
                  )}
                  : {link.description}
                </li>
              ))}
            </ul>
            <p className="govuk-body">
              If you think we have got this wrong, you can still refer your child or{" "}
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
        label="What is your child's date of birth?"
        hint="For example, 27 3 2025"
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
          label="Has your child been diagnosed with a condition or syndrome that affects their development?"
          hint="For example, Down syndrome or cerebral palsy"
          choices={YES_NO_NOT_SURE}
          value={answers.diagnosis}
          onChange={(v) => set("diagnosis")(v as Answer)}
        />
      )}
      {questions.delay && answers.diagnosis !== "yes" && (
        <>
          <Radios
            name="delayKnown"
            label="Has a health visitor, doctor or therapist told you your child is behind in their development?"
            choices={YES_NO_NOT_SURE}
            value={answers.delayKnown}
            onChange={(v) => set("delayKnown")(v as Answer)}
          />
          {answers.delayKnown === "yes" && (
            <>
              <Checkboxes
                name="delayAreas"
                label="In which areas?"
                hint="Select all that apply"
                choices={areas.map((area) => ({ value: area.id, label: area.name }))}
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
                  label={`${areas.find((a) => a.id === areaId)?.name}: about how many months behind?`}
                  hint="Leave blank if you do not know"
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
          label={`Has your child been brought to the ${questions.panel}?`}
          hint="A professional or your child's setting would have asked for your agreement first"
          choices={YES_NO_NOT_SURE}
          value={answers.knownToPanel}
          onChange={(v) => set("knownToPanel")(v as Answer)}
        />
      )}
      <Radios
        name="attendsSetting"
        label="Does your child go to a nursery, pre-school or childminder?"
        choices={YES_NO}
        value={answers.attendsSetting}
        onChange={(v) => set("attendsSetting")(v as Answer)}
      />
      {answers.attendsSetting === "yes" && (
        <TextInput
          name="settingHours"
          label="How many hours a week?"
          hint="For example, 10 or 12.5"
          inputMode="decimal"
          width={3}
          value={answers.settingHours}
          onChange={set("settingHours")}
          error={errorFor("settingHours")}
        />
      )}
      <Radios
        name="livesInArea"
        label={`Does your child live in ${protocol.council.areaName}?`}
        choices={YES_NO_NOT_SURE}
        value={answers.livesInArea}
        onChange={(v) => set("livesInArea")(v as Answer)}
      />
      <Radios
        name="availableForVisits"
        label="Could a parent or carer be at home with your child for visits, in term time?"
        hint={`Visits last about ${protocol.visits.blocks.visitMinutes} minutes, on the same day and time each week or fortnight`}
        choices={YES_NO_NOT_SURE}
        value={answers.availableForVisits}
        onChange={(v) => set("availableForVisits")(v as Answer)}
      />
      <button type="submit" className="govuk-button">
        Check
      </button>
    </form>
  );
}
