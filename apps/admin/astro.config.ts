import { fileURLToPath } from "node:url";
import node from "@astrojs/node";
import react from "@astrojs/react";
import { councilSassSettings } from "@openportage/council";
import type { AstroUserConfig } from "astro";
import { defineConfig } from "astro/config";
import { NodePackageImporter } from "sass-embedded";
import { readCouncilBrand } from "./src/config/council.ts";

type VitePlugin = NonNullable<NonNullable<AstroUserConfig["vite"]>["plugins"]>[number];

/**
 * Astro hashes a page's own styles and scripts for its Content-Security-Policy on every render
 * (WebCrypto, a job and a promise each: a twentieth of the waiting list page's time), though they
 * are the same few strings every time. This keeps each hash once made: the same hashes, the same
 * policy, made once for each distinct content (at most a few hundred kept). The build fails if
 * Astro's function is not found, rather than silently hashing every time again.
 */
function cspDigestsOnce(): VitePlugin {
  const file = /[\\/]astro[\\/]dist[\\/]core[\\/]encryption\.js$/;
  const original = "async function generateCspDigest(data, algorithm) {";
  return {
    name: "openportage:csp-digests-once",
    transform(code: string, id: string) {
      if (!file.test(id)) return undefined;
      if (!code.includes(original))
        throw new Error(`${original} is not in ${id}: check cspDigestsOnce in astro.config.ts`);
      return code.replace(
        original,
        `const keptCspDigests = new Map();
function generateCspDigest(data, algorithm) {
  const key = \`\${algorithm} \${data}\`;
  let digest = keptCspDigests.get(key);
  if (digest === undefined) {
    digest = generateCspDigestOnce(data, algorithm);
    if (keptCspDigests.size < 512) keptCspDigests.set(key, digest);
    digest.catch(() => keptCspDigests.delete(key));
  }
  return digest;
}
async function generateCspDigestOnce(data, algorithm) {`,
      );
    },
  };
}

// The council, chosen by OPENPORTAGE_PROTOCOL or OPENPORTAGE_PROTOCOL_FILE (as for the API and the
// public site); a bad protocol file fails the build with every problem listed.
const brand = readCouncilBrand(process.env);
const { colours } = brand;

// The council's colours reach govuk-frontend's Sass settings here (see src/styles/admin.scss).
const sassSettings = councilSassSettings(colours);

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
    plugins: [cspDigestsOnce()],
    // The pages read the council's name from here (src/config/council.ts), fixed at build time.
    define: { __OPENPORTAGE_COUNCIL_BRAND__: JSON.stringify(brand) },
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
