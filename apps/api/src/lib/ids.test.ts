// Row ids are time-ordered UUIDs (docs/adr/0063); references stay random and easy to read out.
import * as v from "valibot";
import { describe, expect, it } from "vitest";
import { IdParam } from "./http.js";
import { isReference, newId, newReference } from "./ids.js";

describe("newId", () => {
  it("is a version 7 UUID that the routes' id parameter accepts", () => {
    const id = newId();
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(v.safeParse(IdParam, { id }).success).toBe(true);
  });

  it("sorts ids made later after ids made earlier, so indexes on them grow at one end", async () => {
    const earlier = Array.from({ length: 50 }, newId);
    await new Promise((resolve) => setTimeout(resolve, 5));
    const later = Array.from({ length: 50 }, newId);
    const newestEarlier = [...earlier].sort().at(-1) as string;
    const oldestLater = [...later].sort()[0] as string;
    expect(oldestLater > newestEarlier).toBe(true);
  });

  it("never repeats, even among ids made in the same millisecond", () => {
    const ids = Array.from({ length: 20_000 }, newId);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("keeps most of its bits random: ids made together differ after the time", () => {
    const [a, b] = [newId(), newId()];
    // The 48-bit time is the first 12 hex digits; what follows carries 74 random bits.
    expect(a.replaceAll("-", "").slice(13)).not.toBe(b.replaceAll("-", "").slice(13));
  });
});

describe("newReference", () => {
  it("is two groups of four from the unambiguous alphabet", () => {
    for (let i = 0; i < 200; i++) expect(isReference(newReference())).toBe(true);
  });

  it("never repeats, across the refills of its random bytes", () => {
    // 2,000 references draw on the pool of random bytes four times over; with 40 random bits each,
    // a repeat among them is about a one in 550,000 chance.
    const made = Array.from({ length: 2000 }, () => newReference());
    expect(new Set(made).size).toBe(made.length);
    // Every letter of the alphabet turns up in every place: no byte is stuck.
    for (let place = 0; place < 9; place++) {
      if (place === 4) continue;
      expect(new Set(made.map((r) => r[place])).size).toBe(32);
    }
  });
});
