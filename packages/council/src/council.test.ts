import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { cheshireEast, lancashire } from "@openportage/domain";
import { describe, expect, it } from "vitest";
import {
  councilFor,
  DEFAULT_COLOURS,
  loadCouncil,
  loadProtocol,
  PRESETS,
  ProtocolSettingError,
  presentationFor,
  presentations,
  readProtocolSetting,
  resolveProtocolFile,
} from "./index.js";

const folder = mkdtempSync(join(tmpdir(), "openportage-council-"));

function writeJson(name: string, value: unknown): string {
  const path = join(folder, name);
  writeFileSync(path, typeof value === "string" ? value : JSON.stringify(value));
  return path;
}

/** A new council's protocol: Cheshire East's rules under another id, name and contact. */
const newCouncil = {
  ...structuredClone(cheshireEast),
  id: "example-borough",
  serviceName: "Example Borough Portage",
  council: {
    name: "Example Borough Council",
    areaName: "Example Borough",
    contact: { url: "https://www.example.gov.uk/portage", phone: "01632 960000", email: "portage@example.gov.uk" },
  },
};

describe("readProtocolSetting", () => {
  it("reads the pair of variables, empty values as unset", () => {
    expect(readProtocolSetting({})).toEqual({ preset: undefined, file: undefined });
    expect(readProtocolSetting({ OPENPORTAGE_PROTOCOL: "cheshire-east", OPENPORTAGE_PROTOCOL_FILE: " " })).toEqual({
      preset: "cheshire-east",
      file: undefined,
    });
  });
});

describe("loadProtocol", () => {
  it("defaults to Lancashire and knows both presets", () => {
    expect(loadProtocol({})).toBe(lancashire);
    expect(loadProtocol({ preset: "cheshire-east" })).toBe(cheshireEast);
    expect(Object.keys(PRESETS)).toEqual(["lancashire", "cheshire-east"]);
  });

  it("refuses an unknown preset, naming the variable and the presets", () => {
    expect(() => loadProtocol({ preset: "atlantis" })).toThrow(ProtocolSettingError);
    expect(() => loadProtocol({ preset: "atlantis" })).toThrow(
      /^OPENPORTAGE_PROTOCOL: no preset named "atlantis"; the presets are lancashire and cheshire-east/,
    );
  });

  it("reads a valid file, which wins over the preset", () => {
    const file = writeJson("new.json", newCouncil);
    const protocol = loadProtocol({ preset: "lancashire", file });
    expect(protocol.id).toBe("example-borough");
    expect(protocol.eligibility.routes.routes).toEqual(cheshireEast.eligibility.routes.routes);
  });

  it("refuses a file that is not a valid protocol, listing every problem with its path", () => {
    const bad = structuredClone(newCouncil) as Record<string, unknown> & typeof newCouncil;
    (bad.council as { name: unknown }).name = "";
    (bad.council.contact as { email: string }).email = "not an email";
    delete (bad as { retention?: unknown }).retention;
    const file = writeJson("bad.json", bad);
    let message = "";
    try {
      loadProtocol({ file });
    } catch (error) {
      expect(error).toBeInstanceOf(ProtocolSettingError);
      message = (error as Error).message;
    }
    expect(message).toContain(`OPENPORTAGE_PROTOCOL_FILE: ${file} is not a valid protocol (3 problems):`);
    expect(message).toMatch(/^- council\.name: /m);
    expect(message).toMatch(/^- council\.contact\.email: must be an email address$/m);
    expect(message).toMatch(/^- retention: is required$/m);
  });

  it("refuses a missing file and a file that is not JSON, naming the path", () => {
    const missing = join(folder, "missing.json");
    expect(() => loadProtocol({ file: missing })).toThrow(`OPENPORTAGE_PROTOCOL_FILE: cannot read ${missing}: ENOENT`);
    const notJson = writeJson("not.json", "{ id: lancashire");
    const thrown = (() => {
      try {
        loadProtocol({ file: notJson });
      } catch (error) {
        return (error as Error).message;
      }
      return "";
    })();
    // Where it goes wrong, by line and column, without the file's text.
    expect(thrown).toBe(
      `OPENPORTAGE_PROTOCOL_FILE: ${notJson} is not valid JSON: at line 1, column 3, expected a setting name in double quotes but found "id"`,
    );
  });

  it("loads the example protocols the domain package ships", () => {
    const examples = join(import.meta.dirname, "..", "..", "domain", "examples", "protocols");
    for (const name of ["wiltshire", "leeds", "hampshire"]) {
      expect(loadProtocol({ file: join(examples, `${name}.json`) }).id).toBe(name);
    }
  });

  it("reads a relative path from the workspace root, whichever package folder runs it", () => {
    const root = join(folder, "workspace");
    mkdirSync(join(root, "apps", "site"), { recursive: true });
    mkdirSync(join(root, "protocols"));
    writeFileSync(join(root, "pnpm-workspace.yaml"), "packages: []\n");
    writeFileSync(join(root, "protocols", "ours.json"), JSON.stringify(newCouncil));
    expect(resolveProtocolFile("protocols/ours.json", join(root, "apps", "site"))).toBe(
      join(root, "protocols", "ours.json"),
    );
    expect(loadProtocol({ file: "protocols/ours.json" }, join(root, "apps", "site")).id).toBe("example-borough");
    expect(resolveProtocolFile("/abs/p.json", root)).toBe("/abs/p.json");
  });
});

describe("presentation", () => {
  it("keys every entry by a preset protocol's id", () => {
    expect(Object.keys(presentations).sort()).toEqual(Object.keys(PRESETS).sort());
    expect(presentationFor(lancashire).name).toBe("Lancashire County Council");
    expect(presentationFor(cheshireEast).serviceName).toBe("Start for Life Portage");
    expect(presentationFor(lancashire).contact.url).toBe(lancashire.council.contact.url);
  });

  it("gives a protocol with no entry a default from the protocol: its name, contact details and the default colours", () => {
    const council = loadCouncil({ OPENPORTAGE_PROTOCOL_FILE: writeJson("default.json", newCouncil) });
    expect(council.protocol.id).toBe("example-borough");
    expect(council).toMatchObject({
      name: "Example Borough Council",
      area: "Example Borough",
      serviceName: "Example Borough Portage",
      homepage: "https://www.example.gov.uk/portage",
      dataController: "Example Borough Council",
      colours: DEFAULT_COLOURS,
      contact: {
        team: "the Portage team",
        url: "https://www.example.gov.uk/portage",
        phone: "01632 960000",
        email: "portage@example.gov.uk",
      },
    });
    expect(council.signposting.map((s) => s.name)).toContain("National Portage Association");
  });

  it("says what to add when a protocol with no entry gives no web page", () => {
    const noUrl = { ...cheshireEast, id: "no-url", council: { ...cheshireEast.council, contact: {} } };
    expect(() => councilFor(noUrl)).toThrow(/no council\.contact\.url.*packages\/council\/src\/presentation\.ts/);
  });

  it("uses brand, link and visited-link colours with at least 4.5:1 contrast against white", () => {
    const luminance = (hex: string) => {
      const [r, g, b] = [1, 3, 5].map((i) => {
        const c = Number.parseInt(hex.slice(i, i + 2), 16) / 255;
        return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
      }) as [number, number, number];
      return 0.2126 * r + 0.7152 * g + 0.0722 * b;
    };
    const palettes = [...Object.values(presentations).map((p) => p.colours), DEFAULT_COLOURS];
    for (const colours of palettes) {
      for (const colour of [colours.brand, colours.link, colours.linkVisited]) {
        expect(1.05 / (luminance(colour) + 0.05), colour).toBeGreaterThanOrEqual(4.5);
      }
    }
  });
});
