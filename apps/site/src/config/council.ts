// The council the site is built for: its name, contact details, brand colours and the
// protocol it runs. Another council adds an entry here (or edits one) and rebuilds; nothing
// else in the site names a council. See docs/site.md, "Rebranding for another council".
import { cheshireEast, lancashire, type Protocol } from "@openportage/domain";

/** Colours of the council's brand. Each must have a contrast of at least 4.5:1 on white. */
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
  /** Who answers: the team's name as the council uses it. */
  readonly team: string;
  readonly phone?: string;
  readonly email?: string;
  /** The council's own page about the service. */
  readonly url: string;
  /** Postal address, one line per entry. */
  readonly address?: readonly string[];
  /** When the phone line is open, in plain words. */
  readonly hours?: string;
}

/** Everything about a council that the site shows. */
export interface Council {
  /** The council's name, in the header and footer ("Lancashire County Council"). */
  readonly name: string;
  /** The area it serves, as families say it ("Lancashire"). */
  readonly area: string;
  /** The service's name in the header. */
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
  readonly signposting: readonly { readonly name: string; readonly description: string; readonly url?: string }[];
  /** The protocol the service runs: the same object the API uses. */
  readonly protocol: Protocol;
}

const nationalSignposting = [
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
] as const;

/** The councils this repository knows, by protocol id. */
export const councils: Readonly<Record<string, Council>> = {
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
    contact: {
      team: "your Inclusion Service area team",
      url: lancashire.council.contact.url ?? "https://www.lancashire.gov.uk/",
    },
    dataController: "Lancashire County Council",
    dataProtectionContact: "the council's data protection officer, through the council's website",
    signposting: [
      {
        name: "Lancashire's Local Offer",
        description: "Lists support for children with special educational needs and disabilities in Lancashire.",
        url: "https://www.lancashire.gov.uk/children-education-families/special-educational-needs-and-disabilities/",
      },
      ...nationalSignposting,
    ],
    protocol: lancashire,
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
    contact: {
      team: "the Start for Life Portage team",
      url: cheshireEast.council.contact.url ?? "https://www.cheshireeast.gov.uk/",
    },
    dataController: "Cheshire East Council",
    dataProtectionContact: "the council's data protection officer, through the council's website",
    signposting: [
      {
        name: "Cheshire East Local Offer",
        description: "Lists support for children with special educational needs and disabilities in Cheshire East.",
        url: "https://www.cheshireeast.gov.uk/livewell/local-offer-for-children-with-sen-and-disabilities/",
      },
      ...nationalSignposting,
    ],
    protocol: cheshireEast,
  },
};

/** The protocol id the site is built for when `OPENPORTAGE_PROTOCOL` is not set. */
export const DEFAULT_PROTOCOL = "lancashire";

/** The council for a protocol id; throws naming the known ids when there is none. */
export function councilFor(protocolId: string | undefined): Council {
  const id = protocolId && protocolId.length > 0 ? protocolId : DEFAULT_PROTOCOL;
  const council = councils[id];
  if (!council) {
    throw new Error(
      `OPENPORTAGE_PROTOCOL is "${id}", which this site does not know. Known: ${Object.keys(councils).join(", ")}. Add the council to apps/site/src/config/council.ts.`,
    );
  }
  return council;
}
