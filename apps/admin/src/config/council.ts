// The council whose staff use this app: its name and brand colours. Set OPENPORTAGE_COUNCIL at
// build time (`lancashire` or `cheshire-east`); another council adds an entry here.

/** The colours of the council's brand; each has a contrast of at least 4.5:1 on white. */
export interface CouncilBrand {
  readonly name: string;
  /** The service's name in the admin app's header. */
  readonly serviceName: string;
  readonly colours: {
    readonly brand: string;
    readonly link: string;
    readonly linkHover: string;
    readonly linkVisited: string;
    readonly templateBackground: string;
  };
}

/** The councils this repository knows, by protocol id. */
export const councils: Readonly<Record<string, CouncilBrand>> = {
  lancashire: {
    name: "Lancashire County Council",
    serviceName: "Portage case work",
    colours: {
      brand: "#00558c",
      link: "#0a4f80",
      linkHover: "#06304d",
      linkVisited: "#5b2a86",
      templateBackground: "#f0f4f7",
    },
  },
  "cheshire-east": {
    name: "Cheshire East Council",
    serviceName: "Portage case work",
    colours: {
      brand: "#2d5d3f",
      link: "#1d5a33",
      linkHover: "#0f331c",
      linkVisited: "#5b2a86",
      templateBackground: "#f2f5f3",
    },
  },
};

/** The council chosen by `id`; Lancashire when none or an unknown one is named. */
export function councilFor(id: string | undefined): CouncilBrand {
  const chosen = id ? councils[id] : undefined;
  // biome-ignore lint/style/noNonNullAssertion: lancashire is defined above.
  return chosen ?? councils.lancashire!;
}
