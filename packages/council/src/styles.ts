// The council's brand as Sass settings, in one place for the three Astro apps (the public site,
// the admin app and the family app): each passes this text to Sass as `additionalData`, and its
// stylesheet hands `$council-functional-colours` and `$council-font-family` to govuk-frontend.
import type { CouncilColours } from "./presentation.js";

/**
 * The fonts: the system font, not GDS Transport (that is for GOV.UK only). A council with its own
 * web font adds its `@font-face` and puts the font first here.
 */
export const COUNCIL_FONT_FAMILY = [
  "system-ui",
  "-apple-system",
  '"Segoe UI"',
  "Roboto",
  '"Helvetica Neue"',
  "Arial",
  "sans-serif",
] as const;

/**
 * The Sass variables for a council's colours: `$council-brand`, `$council-link`,
 * `$council-link-hover`, `$council-link-visited`, `$council-template-background`, the
 * `$council-functional-colours` map for govuk-frontend's `$govuk-functional-colours`, and
 * `$council-font-family`.
 */
export function councilSassSettings(colours: CouncilColours): string {
  for (const [name, value] of Object.entries(colours)) {
    if (!/^#[0-9a-f]{3}([0-9a-f]{3})?$/i.test(value))
      throw new Error(`colour ${name} must be a hex colour, not "${value}"`);
  }
  return `
$council-brand: ${colours.brand};
$council-link: ${colours.link};
$council-link-hover: ${colours.linkHover};
$council-link-visited: ${colours.linkVisited};
$council-template-background: ${colours.templateBackground};
$council-functional-colours: (
  "brand": $council-brand,
  "link": $council-link,
  "link-hover": $council-link-hover,
  "link-visited": $council-link-visited,
  "template-background": $council-template-background,
  "surface-background": $council-template-background,
);
$council-font-family: (${COUNCIL_FONT_FAMILY.join(", ")});
`;
}
