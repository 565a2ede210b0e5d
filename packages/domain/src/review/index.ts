export {
  type BlockReview,
  type ReportSection,
  type ReviewContext,
  type ReviewReport,
  reviewBlock,
  type TargetReview,
} from "./review.js";
