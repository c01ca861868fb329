/**
 * Argument parsing shared by the commands: options that take a value (`--out FILE`), flags
 * (`--intake`) and positional arguments, in any order. Unknown options are errors, never ignored:
 * a mistyped `--ouput` must not silently write somewhere else.
 */
import type { Language } from '../shared/i18n';
import { cliText } from './language';

export interface ParsedArgs<O extends string, F extends string> {
  readonly values: ReadonlyMap<O, string>;
  readonly flags: ReadonlySet<F>;
  readonly positional: readonly string[];
}

export type ArgsResult<O extends string, F extends string> = { readonly ok: true; readonly args: ParsedArgs<O, F> } | { readonly ok: false; readonly error: string };

/** Parses `argv` (the arguments after the command name). An option given twice keeps the last value. Errors are in `language`. */
export function parseArgs<O extends string, F extends string>(argv: readonly string[], spec: { readonly options: readonly O[]; readonly flags: readonly F[] }, language: Language = 'en'): ArgsResult<O, F> {
  const values = new Map<O, string>();
  const flags = new Set<F>();
  const positional: string[] = [];
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i] ?? '';
    const option = spec.options.find((name) => name === arg);
    const flag = spec.flags.find((name) => name === arg);
    if (option !== undefined) {
      const value = argv[i + 1];
      i += 1;
      if (value === undefined) return { ok: false, error: cliText(language, 'args.needsValue', { option }) };
      values.set(option, value);
    } else if (flag !== undefined) {
      flags.add(flag);
    } else if (arg.startsWith('--')) {
      return { ok: false, error: cliText(language, 'args.unknownOption', { option: arg }) };
    } else {
      positional.push(arg);
    }
  }
  return { ok: true, args: { values, flags, positional } };
}
