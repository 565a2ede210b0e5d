// Which protocol a deployment runs, chosen by one pair of environment variables that the API,
// the public site's build and the admin app's build all read:
//
// - OPENPORTAGE_PROTOCOL: a preset's name (lancashire or cheshire-east); lancashire when unset.
// - OPENPORTAGE_PROTOCOL_FILE: the path of the council's own protocol JSON, which wins over the
//   preset. It is validated with the domain package's parseProtocol; every problem is listed
//   with its path.
import { existsSync, readFileSync } from "node:fs";
import { dirname, isAbsolute, join, resolve } from "node:path";
import { cheshireEast, lancashire, type Protocol, parseProtocol } from "@openportage/domain";
import { type Council, councilFor } from "./presentation.js";

/** The protocols that ship with the domain package, by name. */
export const PRESETS: Readonly<Record<string, Protocol>> = { lancashire, "cheshire-east": cheshireEast };

/** The preset used when neither variable is set. */
export const DEFAULT_PROTOCOL = "lancashire";

/** The variable naming a preset. */
export const PROTOCOL_VARIABLE = "OPENPORTAGE_PROTOCOL";
/** The variable giving the path of a protocol file. */
export const PROTOCOL_FILE_VARIABLE = "OPENPORTAGE_PROTOCOL_FILE";

/** Thrown when the chosen protocol cannot be used; the message names the variable and lists every problem. */
export class ProtocolSettingError extends Error {
  override name = "ProtocolSettingError";
}

/** The protocol setting: a preset's name, or a protocol file (which wins when both are given). */
export interface ProtocolSetting {
  readonly preset?: string | undefined;
  readonly file?: string | undefined;
}

/** Reads the setting from an environment; empty values count as unset. */
export function readProtocolSetting(env: Readonly<Record<string, string | undefined>>): ProtocolSetting {
  const preset = env[PROTOCOL_VARIABLE]?.trim() || undefined;
  const file = env[PROTOCOL_FILE_VARIABLE]?.trim() || undefined;
  return { preset, file };
}

/**
 * The folder a relative protocol file path is read from: the workspace root (the nearest folder
 * holding pnpm-workspace.yaml) above `from`, so the API and both builds, each run from its own
 * package folder, read the same file; `from` itself outside a workspace.
 */
export function baseFolder(from: string = process.cwd()): string {
  let folder = resolve(from);
  for (;;) {
    if (existsSync(join(folder, "pnpm-workspace.yaml"))) return folder;
    const parent = dirname(folder);
    if (parent === folder) return resolve(from);
    folder = parent;
  }
}

/** The absolute path a protocol file setting names. */
export function resolveProtocolFile(file: string, from?: string): string {
  return isAbsolute(file) ? file : resolve(baseFolder(from), file);
}

/** Reads and validates a protocol file. Throws a {@link ProtocolSettingError} listing every problem with its path. */
export function readProtocolFile(file: string, from?: string): Protocol {
  const path = resolveProtocolFile(file, from);
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    throw new ProtocolSettingError(
      `${PROTOCOL_FILE_VARIABLE}: cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
    );
  }
  // Given the text, parseProtocol says where JSON goes wrong by line and column, without echoing the file.
  const result = parseProtocol(text);
  if (!result.success) {
    const notJson = result.problems.length === 1 && result.problems[0]?.message.startsWith("is not valid JSON");
    if (notJson) {
      throw new ProtocolSettingError(`${PROTOCOL_FILE_VARIABLE}: ${path} ${result.problems[0]?.message}`);
    }
    const problems = result.problems.map((p) => `- ${p.path}: ${p.message}`).join("\n");
    throw new ProtocolSettingError(
      `${PROTOCOL_FILE_VARIABLE}: ${path} is not a valid protocol (${result.problems.length} ${result.problems.length === 1 ? "problem" : "problems"}):\n${problems}`,
    );
  }
  return result.protocol;
}

/** The protocol a setting chooses: the file when given, otherwise the preset (lancashire by default). */
export function loadProtocol(setting: ProtocolSetting, from?: string): Protocol {
  if (setting.file) return readProtocolFile(setting.file, from);
  const name = setting.preset || DEFAULT_PROTOCOL;
  const preset = PRESETS[name];
  if (!preset) {
    throw new ProtocolSettingError(
      `${PROTOCOL_VARIABLE}: no preset named "${name}"; the presets are ${Object.keys(PRESETS).join(" and ")}. For your own protocol set ${PROTOCOL_FILE_VARIABLE} to the path of its JSON file.`,
    );
  }
  return preset;
}

/** The council an environment chooses: its protocol (from {@link loadProtocol}) and its presentation. */
export function loadCouncil(env: Readonly<Record<string, string | undefined>>, from?: string): Council {
  return councilFor(loadProtocol(readProtocolSetting(env), from));
}
