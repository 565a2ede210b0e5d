// Markdown turns into plain HTML elements; this plugin gives them the govuk-frontend
// classes, so content pages look like the rest of the site without extra CSS.

/** The govuk-frontend classes each element of a content page gets. */
export const GOVUK_CLASSES: Readonly<Record<string, readonly string[]>> = {
  h2: ["govuk-heading-l"],
  h3: ["govuk-heading-m"],
  h4: ["govuk-heading-s"],
  p: ["govuk-body"],
  ul: ["govuk-list", "govuk-list--bullet"],
  ol: ["govuk-list", "govuk-list--number"],
  a: ["govuk-link"],
  strong: ["govuk-!-font-weight-bold"],
  table: ["govuk-table"],
  thead: ["govuk-table__head"],
  tbody: ["govuk-table__body"],
  tr: ["govuk-table__row"],
  th: ["govuk-table__header"],
  td: ["govuk-table__cell"],
  blockquote: ["govuk-inset-text"],
  hr: ["govuk-section-break", "govuk-section-break--l", "govuk-section-break--visible"],
};

/** The classes an element should have: its own followed by the govuk-frontend ones for its tag. */
export function govukClassesFor(tagName: string, existing: unknown): string[] {
  const own = Array.isArray(existing)
    ? existing.map(String)
    : typeof existing === "string"
      ? existing.split(/\s+/)
      : [];
  const extra = GOVUK_CLASSES[tagName] ?? [];
  return [...own.filter((c) => c !== ""), ...extra.filter((c) => !own.includes(c))];
}

interface HastElement {
  readonly tagName: string;
  readonly properties?: Readonly<Record<string, unknown>>;
}

/** A Markdown plugin (for Astro's Sätteri processor) that adds the govuk-frontend classes. */
export const govukClassesPlugin = {
  name: "govuk-classes",
  element: {
    filter: Object.keys(GOVUK_CLASSES),
    visit(node: Readonly<HastElement>, ctx: { setProperty(node: never, key: string, value: unknown): void }) {
      ctx.setProperty(node as never, "className", govukClassesFor(node.tagName, node.properties?.className));
    },
  },
};
