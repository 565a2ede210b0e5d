// The public referral limit per address is a decision (docs/adr/0047): the default is what it
// records, and a deployment can still set its own.
import { describe, expect, it } from "vitest";
import { loadConfig, REFERRAL_WINDOW_SECONDS, REFERRALS_PER_ADDRESS } from "./config.js";

describe("the referral limit per address", () => {
  it("defaults to 20 an hour, and can be set", () => {
    expect([REFERRALS_PER_ADDRESS, REFERRAL_WINDOW_SECONDS]).toEqual([20, 3600]);
    const config = loadConfig({ LOG_LEVEL: "silent" });
    expect([config.REFERRAL_RATE_LIMIT, config.REFERRAL_RATE_WINDOW_SECONDS]).toEqual([20, 3600]);
    const set = loadConfig({ LOG_LEVEL: "silent", REFERRAL_RATE_LIMIT: "5", REFERRAL_RATE_WINDOW_SECONDS: "60" });
    expect([set.REFERRAL_RATE_LIMIT, set.REFERRAL_RATE_WINDOW_SECONDS]).toEqual([5, 60]);
  });
});
