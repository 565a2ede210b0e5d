// How each council presents itself: its name, contact details and brand colours, keyed by its
// protocol's id. The public site and the admin app both read this file; a council adds its entry
// here. A protocol with no entry gets a default made from the protocol itself (the council's name
// and contact details) and the default colours, so a new council's protocol file works at once.
import type { Protocol } from "@openportage/domain";

/** Colours of the council's brand. Brand, link and visited-link colours have a contrast of at least 4.5:1 on white. */
export interface CouncilColours {
  /** The header's background and the main accent. White text is written on it. */
  readonly brand: string;
  readonly link: string;
  readonly linkHover: string;
  readonly linkVisited: string;
  /** The page background outside the main content (behind the header and footer). */
  readonly templateBackground: string;
}

/** How families and professionals reach the Portage team. */
export interface CouncilContact {
  /** Who answers: the team's name as the council uses it ("the Portage team"). */
  readonly team: string;
  readonly phone?: string;
  readonly email?: string;
  /** The council's own page about the service. */
  readonly url: string;
  /** Postal address, one line per entry. */
  readonly address?: readonly string[];
  /** When the phone line is open, in plain words. */
  readonly hours?: string;
  /** Where comments on the website go ("Tell us what you think"); the contact email when not given. */
  readonly feedbackEmail?: string;
}

/** Somewhere else a family can turn. */
export interface Signpost {
  readonly name: string;
  readonly description: string;
  readonly url?: string;
}

/** Everything about a council that the site and the admin app show, apart from its protocol. */
export interface CouncilPresentation {
  /** The council's name, in the header and footer ("Lancashire County Council"). */
  readonly name: string;
  /** The area it serves, as families say it ("Lancashire"). */
  readonly area: string;
  /** The service's name in the public site's header. */
  readonly serviceName: string;
  /** The council's home page, linked from its name in the header. */
  readonly homepage: string;
  readonly colours: CouncilColours;
  readonly contact: CouncilContact;
  /** The organisation responsible for the personal data in a referral (the data controller). */
  readonly dataController: string;
  /** Where a family can reach the council's data protection officer. */
  readonly dataProtectionContact: string;
  /** Where else families can turn: shown when a child is not likely to be eligible. */
  readonly signposting: readonly Signpost[];
}

/** A council's presentation with the protocol its service runs (the same object the API uses). */
export interface Council extends CouncilPresentation {
  readonly protocol: Protocol;
}

/** The colours a council gets until it adds its own: a neutral blue, all 4.5:1 or more on white. */
export const DEFAULT_COLOURS: CouncilColours = {
  brand: "#1d4f76",
  link: "#1d4f76",
  linkHover: "#0b2d47",
  linkVisited: "#5b2a86",
  templateBackground: "#f3f2f1",
};

const DEFAULT_DATA_PROTECTION_CONTACT = "the council's data protection officer, through the council's website";

/** National help every council's site lists after its own. */
export const NATIONAL_SIGNPOSTING: readonly Signpost[] = [
  {
    name: "Your health visitor or GP",
    description: "They can talk through your worries about your child's development and refer you to other services.",
  },
  {
    name: "National Portage Association",
    description: "Explains Portage and lists the Portage services in England and Wales.",
    url: "https://www.portage.org.uk/",
  },
  {
    name: "Contact (for families with disabled children)",
    description: "A national charity with a free helpline for parents and carers of disabled children.",
    url: "https://contact.org.uk/",
  },
];

/**
 * What a council's entry may leave out: the contact page defaults to the protocol's, the team
 * to "the Portage team"; everything else is given.
 */
export type PresentationEntry = Omit<CouncilPresentation, "contact"> & {
  readonly contact: Omit<CouncilContact, "url"> & { readonly url?: string };
};

/** The councils this repository knows, by protocol id. Another council adds its entry here. */
export const presentations: Readonly<Record<string, PresentationEntry>> = {
  lancashire: {
    name: "Lancashire County Council",
    area: "Lancashire",
    serviceName: "Lancashire Portage Service",
    homepage: "https://www.lancashire.gov.uk/",
    colours: {
      brand: "#00558c",
      link: "#0a4f80",
      linkHover: "#06304d",
      linkVisited: "#5b2a86",
      templateBackground: "#f0f4f7",
    },
    contact: { team: "your Inclusion Service area team" },
    dataController: "Lancashire County Council",
    dataProtectionContact: DEFAULT_DATA_PROTECTION_CONTACT,
    signposting: [
      {
        name: "Lancashire's Local Offer",
        description: "Lists support for children with special educational needs and disabilities in Lancashire.",
        url: "https://www.lancashire.gov.uk/children-education-families/special-educational-needs-and-disabilities/",
      },
      ...NATIONAL_SIGNPOSTING,
    ],
  },
  "cheshire-east": {
    name: "Cheshire East Council",
    area: "Cheshire East",
    serviceName: "Start for Life Portage",
    homepage: "https://www.cheshireeast.gov.uk/",
    colours: {
      brand: "#2d5d3f",
      link: "#1d5a33",
      linkHover: "#0f331c",
      linkVisited: "#5b2a86",
      templateBackground: "#f1f5f2",
    },
    contact: { team: "the Start for Life Portage team" },
    dataController: "Cheshire East Council",
    dataProtectionContact: DEFAULT_DATA_PROTECTION_CONTACT,
    signposting: [
      {
        name: "Cheshire East Local Offer",
        description: "Lists support for children with special educational needs and disabilities in Cheshire East.",
        url: "https://www.cheshireeast.gov.uk/livewell/local-offer-for-children-with-sen-and-disabilities/",
      },
      ...NATIONAL_SIGNPOSTING,
    ],
  },
};

/** Thrown when a council cannot be presented: the message says what to add and where. */
export class CouncilPresentationError extends Error {
  override name = "CouncilPresentationError";
}

/**
 * The council's presentation for a protocol: its entry in {@link presentations}, or, for a
 * protocol id with no entry, a default from the protocol (the council's name, area, service name
 * and contact details) with {@link DEFAULT_COLOURS}.
 */
export function presentationFor(protocol: Protocol): CouncilPresentation {
  const { council } = protocol;
  const entry = presentations[protocol.id];
  const url = entry?.contact.url ?? council.contact.url ?? entry?.homepage;
  if (!url) {
    throw new CouncilPresentationError(
      `the protocol "${protocol.id}" gives no council.contact.url, the council's page about the service that the site links to. Add it to the protocol file, or add an entry for "${protocol.id}" to packages/council/src/presentation.ts.`,
    );
  }
  if (entry) return { ...entry, contact: { ...entry.contact, url } };
  return {
    name: council.name,
    area: council.areaName,
    serviceName: protocol.serviceName,
    homepage: url,
    colours: DEFAULT_COLOURS,
    contact: {
      team: "the Portage team",
      url,
      ...(council.contact.phone ? { phone: council.contact.phone } : {}),
      ...(council.contact.email ? { email: council.contact.email } : {}),
    },
    dataController: council.name,
    dataProtectionContact: DEFAULT_DATA_PROTECTION_CONTACT,
    signposting: NATIONAL_SIGNPOSTING,
  };
}

/** The council for a protocol: its presentation and the protocol. */
export function councilFor(protocol: Protocol): Council {
  return { ...presentationFor(protocol), protocol };
}
