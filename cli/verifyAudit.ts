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
import { catalogs, defaultLanguage } from '../shared/i18n';
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

export const verifyAuditUsage = 'Usage: attest verify-audit <file.json> [--head <sha256 hex>] [--count <number of events>]';

const EntryArray = z.array(z.unknown());

/** The text of a `backup.*` message key (the key itself when unknown). */
function backupText(key: string): string {
  const backup = catalogs[defaultLanguage].backup;
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
export async function verifyAuditFile(path: string, options: VerifyChainOptions = {}): Promise<VerifyAuditOutcome> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = error instanceof Error && 'code' in error && typeof error.code === 'string' ? ` (${error.code})` : '';
    return { exitCode: 2, message: `attest verify-audit: the file could not be read${code}.` };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { exitCode: 2, message: 'attest verify-audit: the file is not JSON. Give the audit chain exported by Attest (a JSON array of entries).' };
  }
  const entries = EntryArray.safeParse(json);
  if (!entries.success) return { exitCode: 2, message: 'attest verify-audit: the file is not a JSON array of audit entries.' };

  const result = await verifyChain(entries.data, options);
  if (result.ok) return { exitCode: 0, message: `Audit chain verified: ${result.count} events, head ${result.head}` };
  return { exitCode: 1, message: `Audit chain broken at event ${result.firstBrokenSeq}: ${result.reason} (${backupText(result.messageKey)})` };
}

/** Runs `verify-audit` with the arguments after the command name; returns the exit code. */
export async function runVerifyAudit(args: readonly string[], io: CliIo): Promise<number> {
  const positional: string[] = [];
  let head: string | undefined;
  let count: number | undefined;
  for (let i = 0; i < args.length; i += 1) {
    const arg = args[i];
    if (arg === '--head' || arg === '--count') {
      const value = args[i + 1];
      i += 1;
      if (value === undefined) {
        io.err(`attest verify-audit: ${arg} needs a value.\n${verifyAuditUsage}`);
        return 2;
      }
      if (arg === '--head') {
        if (!/^[0-9a-f]{64}$/.test(value)) {
          io.err(`attest verify-audit: --head must be 64 lowercase hex characters.\n${verifyAuditUsage}`);
          return 2;
        }
        head = value;
      } else {
        count = Number(value);
        if (!/^\d+$/.test(value) || !Number.isSafeInteger(count)) {
          io.err(`attest verify-audit: --count must be a whole number.\n${verifyAuditUsage}`);
          return 2;
        }
      }
    } else if (arg !== undefined) {
      positional.push(arg);
    }
  }
  const [path, ...extra] = positional;
  if (path === undefined || extra.length > 0) {
    io.err(verifyAuditUsage);
    return 2;
  }
  const options: VerifyChainOptions = { ...(head === undefined ? {} : { expectedHead: head }), ...(count === undefined ? {} : { expectedCount: count }) };
  const outcome = await verifyAuditFile(path, options);
  if (outcome.exitCode !== 2) io.out(outcome.message);
  else io.err(outcome.message);
  return outcome.exitCode;
}
