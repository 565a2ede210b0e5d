import { describe, expect, it } from "vitest";
import { isReportFile, reportHref } from "./reports.ts";

const id = "0b8a6c1e-3f6d-4c39-9d7e-2f1e1c7a9b10";

describe("report files", () => {
  it("serves the API's report files under the family app's address", () => {
    expect(reportHref(`/api/family/children/c1/reports/review-${id}.pdf`, "c1")).toBe(
      `/family/children/c1/reports/review-${id}.pdf`,
    );
    expect(reportHref("/api/family/children/c1/reports/transition-report.pdf", "c1")).toBe(
      "/family/children/c1/reports/transition-report.pdf",
    );
  });

  it("asks the API for nothing else", () => {
    expect(reportHref("/api/family/children/c2/reports/transition-report.pdf", "c1")).toBeUndefined();
    expect(reportHref("/api/cases/c1/reviews/x.pdf", "c1")).toBeUndefined();
    expect(isReportFile("../../session")).toBe(false);
    expect(isReportFile(`review-${id}.pdf.exe`)).toBe(false);
  });
});
