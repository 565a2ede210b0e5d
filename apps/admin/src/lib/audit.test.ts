import { describe, expect, it } from "vitest";
import { auditQuery, readAuditFilters, shortId } from "./audit.ts";

describe("audit search", () => {
  it("reads good filters and drops malformed ones", () => {
    const filters = readAuditFilters(
      new URLSearchParams(
        "action=read&recordType=child&actorId=not-a-uuid&outcome=maybe&from=2026-11-01&to=2026-11-30",
      ),
    );
    expect(filters).toEqual({
      action: "read",
      recordType: "child",
      record: "",
      actor: "",
      actorId: "",
      outcome: "",
      from: "2026-11-01",
      to: "2026-11-30",
    });
  });

  it("reads a record id or reference and part of a name", () => {
    expect(readAuditFilters(new URLSearchParams("record=LAN-2026-0001&actor=%20Cora%20"))).toMatchObject({
      record: "LAN-2026-0001",
      actor: "Cora",
    });
    expect(readAuditFilters(new URLSearchParams("recordId=1a2b3c4d"))).toMatchObject({ record: "1a2b3c4d" });
    expect(readAuditFilters(new URLSearchParams("record=50%25%20off"))).toMatchObject({ record: "" });
    expect(auditQuery(readAuditFilters(new URLSearchParams("record=1a2b3c4d&actor=Cora")), 1)).toMatchObject({
      record: "1a2b3c4d",
      actor: "Cora",
    });
  });

  it("turns days into the API's times, the last day included", () => {
    const query = auditQuery(readAuditFilters(new URLSearchParams("from=2026-11-01&to=2026-11-30")), 2);
    expect(query).toMatchObject({ from: "2026-11-01T00:00:00Z", to: "2026-12-01T00:00:00Z", page: 2, pageSize: 50 });
  });

  it("shows an id by its random end, not by the time it starts with", () => {
    // Two ids made in the same minute (version 7: the time first) share their first 8 characters.
    const a = "019ae0c1-5b2a-7c3d-8e4f-0a1b2c3d4e5f";
    const b = "019ae0c1-77f0-7aaa-9bbb-ffeeddccbbaa";
    expect(shortId(a)).toBe("2c3d4e5f");
    expect(shortId(b)).toBe("ddccbbaa");
    expect(shortId(a)).not.toBe(shortId(b));
  });
});
