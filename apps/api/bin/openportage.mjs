#!/usr/bin/env node
// The `openportage` command (package bin): runs the built operations CLI, dist/cli.js. A file of
// its own, present before the build, so that `pnpm install` on a fresh clone can link the bin for
// the packages that depend on this one (a bin pointing into dist/ made pnpm warn "Failed to
// create bin" until the API was built).
import { existsSync } from "node:fs";

const cli = new URL("../dist/cli.js", import.meta.url);
if (!existsSync(cli)) {
  process.stderr.write("openportage: the API is not built yet: run pnpm --filter @openportage/api build\n");
  process.exit(1);
}
await import(cli.href);
