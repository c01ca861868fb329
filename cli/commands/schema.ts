/**
 * `attest schema`: prints the JSON Schema (draft 2020-12) of the case file, derived from the zod
 * schema `CaseFile` (shared/report/caseFile.ts), so it can never disagree with what `render` accepts.
 * What JSON Schema cannot say (no blank text, no date in the future, photo ids that exist, a JPEG
 * display copy) is left to `render`, which checks everything.
 *
 * Exit codes: 0 printed; 2 bad arguments.
 */
import { caseFileJsonSchema } from '../../shared/report/caseFile';
import { argsLanguage, cliText } from '../language';
import type { CommandIo } from './verify';

export const schemaUsage = 'Usage: attest schema';
const schemaSynopsis = 'attest schema [--lang xx]';

/** Runs `schema`; returns the exit code. */
export function run(argv: readonly string[], io: CommandIo): Promise<number> {
  const language = argsLanguage(argv, io.env);
  const rest = argv[0] === '--lang' ? argv.slice(2) : argv;
  if (rest.length > 0 || (argv[0] === '--lang' && argv.length < 2)) {
    io.stderr(`attest schema: ${cliText(language, 'schema.noArguments')}\n${cliText(language, 'usage', { synopsis: schemaSynopsis })}`);
    return Promise.resolve(2);
  }
  io.stdout(JSON.stringify(caseFileJsonSchema(), null, 2));
  return Promise.resolve(0);
}
