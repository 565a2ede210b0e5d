import node from "@astrojs/node";
import { councilSassSettings } from "@openportage/council";
import { defineConfig } from "astro/config";
import { NodePackageImporter } from "sass-embedded";
import { readCouncilBrand } from "./src/config/council.ts";

// The council, chosen by OPENPORTAGE_PROTOCOL or OPENPORTAGE_PROTOCOL_FILE (as for the API, the
// public site and the admin app); a bad protocol file fails the build with every problem listed.
const brand = readCouncilBrand(process.env);
const { colours } = brand;

// The council's colours reach govuk-frontend's Sass settings here (see src/styles/family.scss).
const sassSettings = councilSassSettings(colours);

// The family app renders on the server so that every form works without JavaScript (the passkey
// button is the one script). The build is a Node handler (dist/server/entry.mjs) that the API's
// server mounts at /family (see src/node/mount.mjs).
export default defineConfig({
  base: "/family",
  output: "server",
  adapter: node({ mode: "middleware" }),
  trailingSlash: "ignore",
  build: { inlineStylesheets: "never" },
  compressHTML: true,
  prefetch: false,
  markdown: { syntaxHighlight: false },
  devToolbar: { enabled: false },
  // Form posts are checked against the page's own origin (cross-site request forgery); inline scripts
  // and styles Astro emits are allowed by hash in a Content-Security-Policy, never by unsafe-inline.
  security: { checkOrigin: true, csp: true },
  vite: {
    // The pages read the council's name and contact details from here (src/config/council.ts).
    define: { __OPENPORTAGE_COUNCIL_BRAND__: JSON.stringify(brand) },
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
