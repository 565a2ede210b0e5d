export {
  type AreaComparison,
  compareProfiles,
  type DevelopmentalProfile,
  DevelopmentalProfileSchema,
  type ProfileChange,
  type ProfileComparison,
  type ProfileEntry,
  ProfileEntrySchema,
  type ProfileProblem,
  type ProfileRules,
  validateProfile,
} from "./profile.js";
