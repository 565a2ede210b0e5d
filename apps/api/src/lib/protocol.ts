// The council's protocol: a preset from the domain package, or the council's own JSON file,
// validated by the domain package.
import { readFileSync } from "node:fs";
import { cheshireEast, lancashire, type Protocol, parseProtocol } from "@openportage/domain";

const presets: Record<string, Protocol> = { lancashire, "cheshire-east": cheshireEast };

/** Loads the protocol from a JSON file when given, otherwise the named preset. Throws with every problem listed. */
export function loadProtocol(options: { preset: string; file?: string | undefined }): Protocol {
  if (!options.file) {
    const preset = presets[options.preset];
    if (!preset) throw new Error(`PROTOCOL: no preset named "${options.preset}"`);
    return preset;
  }
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(options.file, "utf8"));
  } catch (error) {
    throw new Error(`PROTOCOL_FILE: cannot read ${options.file} as JSON: ${(error as Error).message}`);
  }
  const result = parseProtocol(json);
  if (!result.success) {
    const problems = result.problems.map((p) => `- ${p.path}: ${p.message}`).join("\n");
    throw new Error(`PROTOCOL_FILE: ${options.file} is not a valid protocol:\n${problems}`);
  }
  return result.protocol;
}
