import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DEFAULT_COLOURS, presentations } from "@openportage/council";
import { cheshireEast } from "@openportage/domain";
import { describe, expect, it } from "vitest";
import { ADMIN_SERVICE_NAME, readCouncilBrand } from "./council.ts";

function protocolFile(value: unknown): string {
  const file = join(mkdtempSync(join(tmpdir(), "openportage-admin-council-")), "protocol.json");
  writeFileSync(file, JSON.stringify(value));
  return file;
}

describe("readCouncilBrand", () => {
  it("defaults to Lancashire and reads a preset from OPENPORTAGE_PROTOCOL, with the site's colours", () => {
    expect(readCouncilBrand({}).name).toBe("Lancashire County Council");
    const brand = readCouncilBrand({ OPENPORTAGE_PROTOCOL: "cheshire-east" });
    expect(brand).toEqual({
      name: "Cheshire East Council",
      serviceName: ADMIN_SERVICE_NAME,
      colours: presentations["cheshire-east"]?.colours,
    });
  });

  it("gives a protocol file with a new id the protocol's council name and the default colours", () => {
    const file = protocolFile({
      ...cheshireEast,
      id: "example-borough",
      council: { ...cheshireEast.council, name: "Example Borough Council" },
    });
    expect(readCouncilBrand({ OPENPORTAGE_PROTOCOL_FILE: file })).toEqual({
      name: "Example Borough Council",
      serviceName: ADMIN_SERVICE_NAME,
      colours: DEFAULT_COLOURS,
    });
  });

  it("fails on a protocol file that is not valid, naming each problem's path", () => {
    const file = protocolFile({ ...cheshireEast, council: { ...cheshireEast.council, areaName: 7 } });
    expect(() => readCouncilBrand({ OPENPORTAGE_PROTOCOL_FILE: file })).toThrow(
      new RegExp(`OPENPORTAGE_PROTOCOL_FILE: ${file} is not a valid protocol[^]*- council\\.areaName: `),
    );
  });
});
