import { describe, expect, it } from "vitest";
import { parseIsoDate } from "../dates/date-only.js";
import { cheshireEast, lancashire } from "../protocol/index.js";
import { supportEndDate } from "./support-end.js";

const d = parseIsoDate;

describe("supportEndDate", () => {
  it("ends Lancashire support when funded early education starts", () => {
    expect(supportEndDate(d("2023-05-14"), lancashire)).toBe("2026-09-01");
    expect(supportEndDate(d("2023-01-01"), lancashire)).toBe("2026-04-01");
  });

  it("plans Cheshire East support to the latest school start age", () => {
    expect(supportEndDate(d("2023-05-14"), cheshireEast)).toBe("2028-05-14");
  });

  it("ends a fixed-age rule on the day the child reaches that age", () => {
    const leeds = {
      eligibility: {
        ...lancashire.eligibility,
        age: { ...lancashire.eligibility.age, end: { rule: "age-in-months" as const, months: 30 } },
      },
    };
    expect(supportEndDate(d("2024-08-31"), leeds)).toBe("2027-02-28");
  });
});
