import { describe, expect, it } from "vitest";
import { parseIsoDate } from "../dates/date-only.js";
import { parseActivityRecord } from "./activity-record.js";
import { targetProgress } from "./progress.js";

const d = parseIsoDate;
const target = { id: "t1", criterion: { successes: 3, outOf: 4, days: 2 } };

describe("a day recorded as not practised", () => {
  it("is a record of its own kind, with a note", () => {
    const parsed = parseActivityRecord({
      targetId: "t1",
      date: d("2026-11-02"),
      recordedBy: "family",
      practised: false,
      note: "Poorly with a cold",
    });
    expect(parsed.ok).toBe(true);
  });

  it("cannot also count tries", () => {
    const parsed = parseActivityRecord({
      targetId: "t1",
      date: d("2026-11-02"),
      recordedBy: "family",
      practised: false,
      tries: 3,
      successes: 1,
    });
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.problems.map((p) => p.path).sort()).toEqual(["tries"]);
  });

  it("counts neither as practice nor as success", () => {
    const progress = targetProgress(
      target,
      [
        { targetId: "t1", date: d("2026-11-02"), recordedBy: "family", practised: false },
        { targetId: "t1", date: d("2026-11-03"), recordedBy: "family", practised: false },
      ],
      d("2026-11-05"),
    );
    expect(progress.status).toBe("not-started");
    expect(progress.summary).toBe("Recorded as not practised on 2 days; no practice yet.");
  });

  it("leaves the days that were practised to decide", () => {
    const progress = targetProgress(
      target,
      [
        { targetId: "t1", date: d("2026-11-02"), recordedBy: "family", tries: 4, successes: 3 },
        { targetId: "t1", date: d("2026-11-03"), recordedBy: "family", practised: false },
        { targetId: "t1", date: d("2026-11-04"), recordedBy: "family", tries: 4, successes: 4 },
      ],
      d("2026-11-05"),
    );
    expect(progress.status).toBe("achieved");
    expect(progress.achievedOn).toBe("2026-11-04");
  });
});
