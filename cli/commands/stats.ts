/**
 * `attest stats STATS.json --out FILE.csv [--lang xx] [--header language|ids]`: writes the CSV of a
 * statistics JSON export made by the app (format attest-statistics), exactly as the app writes its
 * CSV: notes, section titles and column names in the --lang language (else the message language),
 * or with `--header ids` the format's stable identifiers for software. The data cells (codes, months,
 * counts, [c]) are the same either way; the JSON itself always keeps identifiers.
 *
 * Exit codes: 0 written; 2 bad arguments, an unreadable file or one that is not a statistics export.
 * Output names no path and no figure.
 */
import { CSV_HEADERS, fromJson, toCsv, type CsvHeader } from '../../shared/stats/export';
import { parseArgs } from '../args';
import { errorCode } from '../io';
import { argsLanguage, cliText, parseLanguage } from '../language';
import { languageFrames } from '../../shared/i18n';
import type { Language } from '../../shared/i18n';
import type { CommandIo } from './verify';

/** A language's name in the message language (`French`, `français`). */
function languageName(language: Language, messages: Language): string {
  return new Intl.DisplayNames([languageFrames[messages].tag], { type: 'language' }).of(languageFrames[language].tag) ?? language;
}

const statsSynopsis = 'attest stats STATS.json --out FILE.csv [--lang xx] [--header language|ids]';
export const statsUsage = `Usage: ${statsSynopsis}`;

/** Runs `stats`; returns the exit code. */
export async function run(argv: readonly string[], io: CommandIo): Promise<number> {
  const messages = argsLanguage(argv, io.env);
  const fail = (message: string): number => {
    io.stderr(`attest stats: ${message}\n${cliText(messages, 'usage', { synopsis: statsSynopsis })}`);
    return 2;
  };
  const parsed = parseArgs(argv, { options: ['--out', '--lang', '--header'], flags: [] }, messages);
  if (!parsed.ok) return fail(parsed.error);
  const { values, positional } = parsed.args;
  const [input] = positional;
  const out = values.get('--out');
  if (input === undefined || positional.length > 1 || out === undefined) return fail(cliText(messages, 'stats.needArguments'));
  const headerArg = values.get('--header') ?? 'language';
  const header = CSV_HEADERS.find((h) => h === headerArg);
  if (header === undefined) return fail(cliText(messages, 'stats.header'));
  const langArg = values.get('--lang');
  const lang = langArg === undefined ? null : parseLanguage(langArg, messages);
  if (lang !== null && !lang.ok) return fail(lang.error);
  const language = lang?.language ?? messages;

  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(await io.readFile(input));
  } catch (error) {
    io.stderr(`attest stats: ${cliText(messages, 'stats.unreadable', { code: errorCode(error) })}`);
    return 2;
  }
  const read = fromJson(text);
  if (!read.ok) {
    io.stderr(`attest stats: ${cliText(messages, 'stats.notStatistics', { path: read.problems[0] ?? '' })}`);
    return 2;
  }
  try {
    await io.writeFile(out, new TextEncoder().encode(toCsv(read.stats, language, header satisfies CsvHeader)));
  } catch (error) {
    io.stderr(`attest stats: ${cliText(messages, 'stats.unwritable', { code: errorCode(error) })}`);
    return 2;
  }
  io.stdout(cliText(messages, 'stats.written', { from: read.stats.period.from, to: read.stats.period.to, header: header === 'ids' ? cliText(messages, 'stats.headerIds') : cliText(messages, 'stats.headerLanguage', { language: languageName(language, messages) }) }));
  return 0;
}
