/**
 * `attest verify-audit <file.json> [--head <hash>] [--count <n>]`: checks an exported audit chain
 * (a JSON array of stored entries) and names the first broken link. With `--head` (and `--count`),
 * the chain is also checked against a head printed elsewhere (a signed report), which is what
 * catches a cut tail or a chain rewritten from some point on.
 *
 * Exit codes: 0 verified, 1 broken, 2 unreadable input or bad arguments.
 * Output names no path and no file content (the file may sit in a folder named after a case).
 */
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { catalogs, defaultLanguage, type Language } from '../shared/i18n';
import { argsLanguage, cliText } from './language';
import { verifyChain, type VerifyChainOptions } from '../shared/vault/auditChain';

/** Where the command writes: stdout and stderr in the CLI, arrays in tests. */
export interface CliIo {
  readonly out: (line: string) => void;
  readonly err: (line: string) => void;
}

/** The outcome of checking one file. */
export interface VerifyAuditOutcome {
  readonly exitCode: 0 | 1 | 2;
  /** One line for a person: the verdict (0, 1) goes to stdout, an input problem (2) to stderr. */
  readonly message: string;
}

const verifyAuditSynopsis = 'attest verify-audit <file.json> [--head <sha256 hex>] [--count <number of events>] [--lang xx]';
export const verifyAuditUsage = `Usage: ${verifyAuditSynopsis}`;

const EntryArray = z.array(z.unknown());

/** The text of a `backup.*` message key in `language` (the key itself when unknown). */
function backupText(key: string, language: Language): string {
  const backup = catalogs[language].backup;
  const [namespace, ...path] = key.split('.');
  if (namespace !== 'backup') return key;
  let node: unknown = backup;
  for (const segment of path) {
    if (typeof node !== 'object' || node === null || !Object.hasOwn(node, segment)) return key;
    node = (node as Readonly<Record<string, unknown>>)[segment];
  }
  return typeof node === 'string' ? node : key;
}

/** Reads and verifies the audit chain exported to `path`. Never throws for a bad file. */
export async function verifyAuditFile(path: string, options: VerifyChainOptions = {}, language: Language = defaultLanguage): Promise<VerifyAuditOutcome> {
  const A = catalogs[language].cli.verifyAudit;
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = error instanceof Error && 'code' in error && typeof error.code === 'string' ? ` (${error.code})` : '';
    return { exitCode: 2, message: `attest verify-audit: ${cliText(language, 'verifyAudit.unreadable', { code })}` };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { exitCode: 2, message: `attest verify-audit: ${A.notJson}` };
  }
  const entries = EntryArray.safeParse(json);
  if (!entries.success) return { exitCode: 2, message: `attest verify-audit: ${A.notArray}` };

  const result = await verifyChain(entries.data, options);
  if (result.ok) return { exitCode: 0, message: cliText(language, 'verifyAudit.verified', { count: result.count, head: result.head }) };
  return { exitCode: 1, message: cliText(language, 'verifyAudit.broken', { seq: result.firstBrokenSeq, reason: result.reason, message: backupText(result.messageKey, language) }) };
}

/** Runs `verify-audit` with the arguments after the command name; returns the exit code. */
export async function runVerifyAudit(args: readonly string[], io: CliIo, env: Readonly<Record<string, string | undefined>> = process.env): Promise<number> {
  const language = argsLanguage(args, env);
  const usage = cliText(language, 'usage', { synopsis: verifyAuditSynopsis });
  const positional: string[] = [];
  let head: string | undefined;
  let count: number | undefined;
  for (let i = 0; i < args.length; i += 1) {
    const arg = args[i];
    if (arg === '--lang') {
      i += 1;
    } else if (arg === '--head' || arg === '--count') {
      const value = args[i + 1];
      i += 1;
      if (value === undefined) {
        io.err(`attest verify-audit: ${cliText(language, 'args.needsValue', { option: arg })}\n${usage}`);
        return 2;
      }
      if (arg === '--head') {
        if (!/^[0-9a-f]{64}$/.test(value)) {
          io.err(`attest verify-audit: ${cliText(language, 'verifyAudit.head')}\n${usage}`);
          return 2;
        }
        head = value;
      } else {
        count = Number(value);
        if (!/^\d+$/.test(value) || !Number.isSafeInteger(count)) {
          io.err(`attest verify-audit: ${cliText(language, 'verifyAudit.count')}\n${usage}`);
          return 2;
        }
      }
    } else if (arg !== undefined) {
      positional.push(arg);
    }
  }
  const [path, ...extra] = positional;
  if (path === undefined || extra.length > 0) {
    io.err(usage);
    return 2;
  }
  const options: VerifyChainOptions = { ...(head === undefined ? {} : { expectedHead: head }), ...(count === undefined ? {} : { expectedCount: count }) };
  const outcome = await verifyAuditFile(path, options, language);
  if (outcome.exitCode !== 2) io.out(outcome.message);
  else io.err(outcome.message);
  return outcome.exitCode;
}
