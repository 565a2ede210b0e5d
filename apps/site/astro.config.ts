import { satteri } from "@astrojs/markdown-satteri";
import react from "@astrojs/react";
import { councilSassSettings, unconfirmedMessage, unconfirmedValues } from "@openportage/council";
import { defineConfig } from "astro/config";
import { NodePackageImporter } from "sass-embedded";
import { settings } from "./src/config/site.ts";
import { councilWordsPlugin } from "./src/lib/council-words.ts";
import { govukClassesPlugin } from "./src/lib/govuk-classes.ts";

const { colours } = settings.council;

// A production build never publishes Open Portage's starting values as the council's: it stops
// here, listing each value the protocol still marks councilDefault.
if (settings.mode === "production") {
  const unconfirmed = unconfirmedValues(settings.council.protocol);
  if (unconfirmed.length > 0) throw new Error(unconfirmedMessage(settings.council.protocol, unconfirmed));
}

// The council's colours reach govuk-frontend's Sass settings here, so the compiled CSS carries
// the council's brand with no inline styles.
const sassSettings = councilSassSettings(colours);

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
