/**
 * `attest example --out DIR`: writes a complete example into DIR, to try the other commands on:
 *   case.json          a realistic case file (cli/example.ts), valid against `attest schema`;
 *   identity.p12       a demo signing identity: a new ECDSA P-256 key and a self-signed certificate
 *                      for the example clinician, in PKCS#12 under a random password printed once;
 *   identity.cert.pem  its certificate, for `attest verify --trust`;
 *   report.pdf         the report rendered from case.json and certified (DocMDP /P 2) with that
 *                      identity in the signature field the report prepared over its signature box.
 * Nothing is overwritten: a DIR that already holds one of these files is refused.
 *
 * Exit codes: 0 written; 1 something failed while making the files; 2 bad arguments or an unwritable DIR.
 */
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { createSelfSignedIdentity, exportPkcs12, toPem } from '../../shared/identity';
import { buildReportModel, renderPdf, reportAttachment } from '../../shared/report';
import { CASE_FILE_FORMAT_VERSION, DEFAULT_REPORTING_POLICY, parseCaseFile, reportInputFromCaseFile } from '../../shared/report/caseFile';
import { certificateFingerprint, signPdf, verifyPdf } from '../../shared/signing';
import { catalogs, type CliMessageKey } from '../../shared/i18n';
import { parseArgs } from '../args';
import { argsLanguage, cliText } from '../language';
import { EXAMPLE_CLINICIAN, exampleCaseFile } from '../example';
import { loadReportFonts } from '../fonts';
import { errorCode, type FolderIo } from '../io';

const exampleSynopsis = 'attest example --out DIR [--lang xx]';
export const exampleUsage = `Usage: ${exampleSynopsis}`;

const FILES = ['case.json', 'identity.p12', 'identity.cert.pem', 'report.pdf'] as const;

/** Runs `example`; returns the exit code. `now` is the signing time and the certificate's start. */
export async function run(argv: readonly string[], io: FolderIo, now: Date = new Date()): Promise<number> {
  const language = argsLanguage(argv, io.env);
  const E = catalogs[language].cli.example;
  const t = (key: CliMessageKey, params: Readonly<Record<string, string | number>> = {}): string => cliText(language, key, params);
  const fail = (message: string): number => {
    io.stderr(`attest example: ${message}\n${t('usage', { synopsis: exampleSynopsis })}`);
    return 2;
  };
  const parsed = parseArgs(argv, { options: ['--out', '--lang'], flags: [] }, language);
  if (!parsed.ok) return fail(parsed.error);
  const dir = parsed.args.values.get('--out');
  if (dir === undefined || parsed.args.positional.length > 0) return fail(E.needOut);
  for (const name of FILES) {
    if (await io.exists(join(dir, name))) {
      io.stderr(`attest example: ${t('example.exists', { name })}`);
      return 2;
    }
  }

  // The example must pass the same checks as any case file given to `render`.
  const caseFile = exampleCaseFile();
  const check = parseCaseFile(JSON.parse(JSON.stringify(caseFile)), { now });
  if (!check.success) {
    io.stderr(`attest example: ${t('example.invalid', { problems: check.issues.map((i) => `${i.path}: ${i.message}`).join('; ') })}`);
    return 1;
  }

  const password = randomBytes(18).toString('base64url');
  let files: Record<(typeof FILES)[number], Uint8Array>;
  try {
    const identity = await createSelfSignedIdentity(EXAMPLE_CLINICIAN, { now });
    const p12 = await exportPkcs12(identity.privateKey, identity.certificate, password);
    const fingerprint = await certificateFingerprint(identity.certificate);
    const attached = await reportAttachment(caseFile);
    const rendered = await renderPdf(buildReportModel({ ...reportInputFromCaseFile(caseFile, { certificateFingerprint: fingerprint, reportingPolicy: DEFAULT_REPORTING_POLICY }), caseFile: attached.printed }), await loadReportFonts(), {
      prepareSignatures: { authorName: EXAMPLE_CLINICIAN.name, authorCertificate: identity.certificate },
      attachment: attached.attachment,
    });
    const signed = await signPdf(rendered.bytes, identity, {
      signingTime: now,
      name: EXAMPLE_CLINICIAN.name,
      reason: 'Author of this medico-legal report',
      location: caseFile.place,
      certify: { permission: 2 },
      ...(rendered.fields.author === null ? { widget: rendered.signatureBlock } : { field: rendered.fields.author }),
    });
    const verified = await verifyPdf(signed, { trust: { certificates: [identity.certificate] } });
    if (verified.verdict !== 'valid') throw new Error('the signed example did not verify');
    files = {
      'case.json': new TextEncoder().encode(`${JSON.stringify(caseFile, null, 2)}\n`),
      'identity.p12': p12,
      'identity.cert.pem': new TextEncoder().encode(toPem(identity.certificate)),
      'report.pdf': signed,
    };
  } catch (error) {
    io.stderr(`attest example: ${t('example.failed', { detail: error instanceof Error ? ` (${error.message})` : '' })}`);
    return 1;
  }

  try {
    await io.mkdir(dir);
    for (const name of FILES) await io.writeFile(join(dir, name), files[name]);
  } catch (error) {
    io.stderr(`attest example: ${t('example.unwritable', { code: errorCode(error) })}`);
    return 2;
  }

  io.stdout(t('example.wrote', { dir }));
  io.stdout(`  case.json          ${t('example.caseFile', { version: String(CASE_FILE_FORMAT_VERSION) })}`);
  io.stdout(`  identity.p12       ${E.identity}`);
  io.stdout(`  identity.cert.pem  ${E.certificate}`);
  io.stdout(`  report.pdf         ${E.report}`);
  io.stdout(t('example.password', { password }));
  io.stdout(E.next);
  io.stdout(`  npm run attest -- verify ${join(dir, 'report.pdf')} --trust ${join(dir, 'identity.cert.pem')}`);
  io.stdout(`  npm run attest -- render ${join(dir, 'case.json')} --out unsigned.pdf`);
  return 0;
}
