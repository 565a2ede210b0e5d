import { lancashire } from "@openportage/domain";
import { describe, expect, it } from "vitest";
import { CASELOAD_LIMITS, caseloadLimitFor, DEFAULT_CASELOAD_LIMIT } from "./caseload.js";

describe("caseloadLimitFor", () => {
  it("is Open Portage's starting figure for a council that sets none", () => {
    expect(CASELOAD_LIMITS[lancashire.id]).toBeUndefined();
    expect(caseloadLimitFor(lancashire)).toBe(DEFAULT_CASELOAD_LIMIT);
    expect(DEFAULT_CASELOAD_LIMIT).toBe(20);
  });

  it("takes the deployment's setting over the council's entry", () => {
    expect(caseloadLimitFor(lancashire, 12)).toBe(12);
    expect(caseloadLimitFor({ id: "no-entry" }, 7)).toBe(7);
  });
});
