import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DEFAULT_COLOURS, presentations } from "@openportage/council";
import { cheshireEast } from "@openportage/domain";
import { describe, expect, it } from "vitest";
import { readCouncilBrand } from "./council.ts";

function protocolFile(value: unknown): string {
  const file = join(mkdtempSync(join(tmpdir(), "openportage-family-council-")), "protocol.json");
  writeFileSync(file, JSON.stringify(value));
  return file;
}

describe("readCouncilBrand", () => {
  it("defaults to Lancashire and reads a preset, with the service's name as families know it", () => {
    expect(readCouncilBrand({}).serviceName).toBe("Lancashire Portage Service");
    const brand = readCouncilBrand({ OPENPORTAGE_PROTOCOL: "cheshire-east" });
    expect(brand.name).toBe("Cheshire East Council");
    expect(brand.colours).toEqual(presentations["cheshire-east"]?.colours);
    expect(brand.contact.team).toBe(presentations["cheshire-east"]?.contact.team);
  });

  it("gives a protocol file with a new id the protocol's council name, contact and the default colours", () => {
    const file = protocolFile({
      ...cheshireEast,
      id: "example-borough",
      council: { ...cheshireEast.council, name: "Example Borough Council" },
    });
    const brand = readCouncilBrand({ OPENPORTAGE_PROTOCOL_FILE: file });
    expect(brand.name).toBe("Example Borough Council");
    expect(brand.colours).toEqual(DEFAULT_COLOURS);
    expect(brand.contact.url).toBe(cheshireEast.council.contact.url);
  });

  it("fails on a protocol file that is not valid, naming the variable", () => {
    const file = protocolFile({ ...cheshireEast, council: { ...cheshireEast.council, areaName: 7 } });
    expect(() => readCouncilBrand({ OPENPORTAGE_PROTOCOL_FILE: file })).toThrow(/OPENPORTAGE_PROTOCOL_FILE/);
  });
});
