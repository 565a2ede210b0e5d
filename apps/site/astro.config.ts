import { satteri } from "@astrojs/markdown-satteri";
import react from "@astrojs/react";
import { defineConfig } from "astro/config";
import { NodePackageImporter } from "sass-embedded";
import { settings } from "./src/config/site.ts";
import { councilWordsPlugin } from "./src/lib/council-words.ts";
import { govukClassesPlugin } from "./src/lib/govuk-classes.ts";

const { colours } = settings.council;

// The council's colours reach govuk-frontend's Sass settings here, so the compiled CSS carries
// the council's brand with no inline styles.
const sassSettings = `
$council-brand: ${colours.brand};
$council-link: ${colours.link};
$council-link-hover: ${colours.linkHover};
$council-link-visited: ${colours.linkVisited};
$council-template-background: ${colours.templateBackground};
`;

export default defineConfig({
  site: settings.siteUrl,
  output: "static",
  trailingSlash: "ignore",
  build: { format: "directory", inlineStylesheets: "never" },
  compressHTML: true,
  prefetch: false,
  devToolbar: { enabled: false },
  integrations: [react()],
  markdown: {
    processor: satteri({
      mdastPlugins: [councilWordsPlugin(settings.council)],
      hastPlugins: [govukClassesPlugin],
      features: { smartPunctuation: false },
    }),
  },
  vite: {
    // govuk-frontend's details component carries an old IE media hack (`@media screen\\0`) that
    // the default LightningCSS minifier rejects; esbuild minifies it.
    build: { cssMinify: "esbuild" },
    css: {
      preprocessorOptions: {
        scss: {
          importers: [new NodePackageImporter()],
          additionalData: sassSettings,
          quietDeps: true,
        },
      },
    },
  },
});
