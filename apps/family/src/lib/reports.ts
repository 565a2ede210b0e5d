// The reports' PDFs: the API gives each one's address under /api; the family app serves the same
// file under its own address (/family/children/:id/reports/<file>), and asks the API only for those.
import { BASE } from "./return-path.ts";

const REPORT_FILE = /^(review-[0-9a-f-]{36}|transition-report)\.pdf$/;

/** Whether `file` is a report's file name the API serves (a review's, or the transition report). */
export function isReportFile(file: string): boolean {
  return REPORT_FILE.test(file);
}

/**
 * The family app's address for a report's PDF, from the API's (`/api/family/children/c/reports/review-<id>.pdf`);
 * undefined when the API's address is not one of a report of that child.
 */
export function reportHref(apiHref: string, childId: string): string | undefined {
  const prefix = `/api/family/children/${childId}/reports/`;
  if (!apiHref.startsWith(prefix)) return undefined;
  const file = apiHref.slice(prefix.length);
  return isReportFile(file) ? `${BASE}/children/${encodeURIComponent(childId)}/reports/${file}` : undefined;
}
