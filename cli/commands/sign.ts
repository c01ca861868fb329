/**
 * `attest sign FILE.pdf --p12 ID.p12 --password-env VAR --out SIGNED.pdf [--reason TEXT] [--location TEXT]`:
 * signs a PDF (PAdES B-B, incremental update, so an already signed report gets a co-signature) with
 * the identity in a PKCS#12 file whose password is read from the environment variable VAR (never from
 * the command line, where other users and shell history would see it).
 *
 * Exit codes: 0 signed and written; 1 signing failed (wrong password, unusable identity, a PDF that
 * cannot be signed); 2 bad arguments or a file that cannot be read or written.
 */
import { IdentityError, importPkcs12 } from '../../shared/identity';
import { signPdf, SigningError, verifyPdf } from '../../shared/signing';
import type { CommandIo } from './verify';

export type { CommandIo } from './verify';

export const signUsage = 'Usage: attest sign FILE.pdf --p12 ID.p12 --password-env VAR --out SIGNED.pdf [--reason TEXT] [--location TEXT] [--name TEXT]';

const OPTIONS = ['--p12', '--password-env', '--out', '--reason', '--location', '--name'] as const;
type Option = (typeof OPTIONS)[number];

function errorCode(error: unknown): string {
  return error instanceof Error && 'code' in error && typeof error.code === 'string' ? ` (${error.code})` : '';
}

/** Runs `sign` with the arguments after the command name; returns the exit code. */
export async function run(argv: readonly string[], io: CommandIo): Promise<number> {
  const values = new Map<Option, string>();
  const files: string[] = [];
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i] ?? '';
    const option = OPTIONS.find((name) => name === arg);
    if (option) {
      const value = argv[i + 1];
      i += 1;
      if (value === undefined) {
        io.stderr(`attest sign: ${option} needs a value.\n${signUsage}`);
        return 2;
      }
      values.set(option, value);
    } else if (arg.startsWith('--')) {
      io.stderr(`attest sign: unknown option ${arg}.\n${signUsage}`);
      return 2;
    } else {
      files.push(arg);
    }
  }
  const [input] = files;
  const p12Path = values.get('--p12');
  const passwordVar = values.get('--password-env');
  const out = values.get('--out');
  if (input === undefined || files.length > 1 || !p12Path || !passwordVar || !out) {
    io.stderr(`attest sign: give one PDF, --p12, --password-env and --out.\n${signUsage}`);
    return 2;
  }
  const password = io.env[passwordVar];
  if (password === undefined) {
    io.stderr(`attest sign: the environment variable ${passwordVar} is not set; put the PKCS#12 password in it.`);
    return 2;
  }

  let pdf: Uint8Array;
  let p12: Uint8Array;
  try {
    pdf = await io.readFile(input);
  } catch (error) {
    io.stderr(`attest sign: the PDF could not be read${errorCode(error)}.`);
    return 2;
  }
  try {
    p12 = await io.readFile(p12Path);
  } catch (error) {
    io.stderr(`attest sign: the PKCS#12 file could not be read${errorCode(error)}.`);
    return 2;
  }

  let signed: Uint8Array;
  try {
    const identity = await importPkcs12(p12, password);
    const reason = values.get('--reason');
    const location = values.get('--location');
    const name = values.get('--name');
    signed = await signPdf(pdf, identity, {
      signingTime: new Date(),
      ...(reason === undefined ? {} : { reason }),
      ...(location === undefined ? {} : { location }),
      ...(name === undefined ? {} : { name }),
    });
  } catch (error) {
    if (error instanceof IdentityError || error instanceof SigningError) {
      io.stderr(`attest sign: ${error.message}`);
      return 1;
    }
    io.stderr(`attest sign: signing failed${error instanceof Error ? ` (${error.message})` : ''}.`);
    return 1;
  }

  // Check what we made before writing it: a signature that does not verify must never leave here.
  const check = await verifyPdf(signed);
  if (!check.valid) {
    io.stderr('attest sign: the signed document did not verify; nothing was written. The identity may not match its certificate.');
    return 1;
  }
  try {
    await io.writeFile(out, signed);
  } catch (error) {
    io.stderr(`attest sign: the signed PDF could not be written${errorCode(error)}.`);
    return 2;
  }
  const last = check.signatures.at(-1);
  io.stdout(`Signed as ${last?.signerName ?? 'unknown'} (${last?.fieldName ?? 'signature'}, ${check.signatures.length} signature(s) in the document). SHA-256 of the signed file: ${check.sha256}`);
  return 0;
}
