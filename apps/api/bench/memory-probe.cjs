// Loaded into the server by the hosting benchmark (node --expose-gc -r bench/memory-probe.cjs):
// on SIGUSR2 it writes what holds the process's memory to the file OPENPORTAGE_MEMORY_PROBE names,
// as JSON, in MB: the resident set; V8's heap as allocated, as used, and as still used after a full
// collection (what is live); and what lies outside the heap (the SQLite connections' page caches,
// buffers, compiled code). Bench tooling only: the server never loads it by itself.
const { renameSync, writeFileSync } = require("node:fs");
const { getHeapSpaceStatistics } = require("node:v8");

const target = process.env.OPENPORTAGE_MEMORY_PROBE;
const mb = (bytes) => Math.round(bytes / 1024 / 1024);

process.on("SIGUSR2", () => {
  if (!target) return;
  const before = process.memoryUsage();
  globalThis.gc?.();
  const after = process.memoryUsage();
  const spaces = Object.fromEntries(
    getHeapSpaceStatistics()
      .filter((s) => s.space_size > 0)
      .map((s) => [s.space_name.replace(/_space$/, ""), mb(s.space_used_size)]),
  );
  const figures = {
    rss: mb(after.rss),
    heapAllocated: mb(after.heapTotal),
    heapUsed: mb(before.heapUsed),
    heapLive: mb(after.heapUsed),
    outsideHeap: mb(after.rss - after.heapTotal),
    spaces,
  };
  writeFileSync(`${target}.tmp`, JSON.stringify(figures));
  renameSync(`${target}.tmp`, target);
});
