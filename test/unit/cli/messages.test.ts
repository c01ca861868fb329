/**
 * The CLI speaks the message language (issue #15): a few commands run in French and Arabic (from LANG,
 * from LC_ALL and from --lang) print no phrase of the English `cli` catalog, and keep their exit
 * codes; the same runs in English still print the English lines the other tests pin.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { run as render } from '../../../cli/commands/render';
import { run as sign } from '../../../cli/commands/sign';
import { run as timestamp } from '../../../cli/commands/timestamp';
import { run as verify } from '../../../cli/commands/verify';
import { run as importReport } from '../../../cli/commands/import';
import { run as schema } from '../../../cli/commands/schema';
import { runVerifyAudit } from '../../../cli/verifyAudit';
import { exampleCaseFile } from '../../../cli/example';
import { argsLanguage, cliText } from '../../../cli/language';
import { catalogs, type Language } from '../../../shared/i18n';
import { signPdf } from '../../../shared/signing';
import { VERDICT_WORDS } from '../../../shared/signing/verdict';
import { makePdf, scratchDir } from '../signing/helpers';
import { makeIdentity, toPem } from '../signing/testIdentity';
import { attest, capture } from './helpers';

const scratch = scratchDir('attest-cli-messages-');
afterAll(() => { scratch.remove(); });

let signedPdf = '';
let certPem = '';
let caseJson = '';

beforeAll(async () => {
  const alice = await makeIdentity({ commonName: 'Dr Alice Examiner' });
  const bob = await makeIdentity({ commonName: 'Dr Bob Reviewer', algorithm: 'RSA' });
  const cosigned = await signPdf(await signPdf(await makePdf(), alice, { signingTime: new Date() }), bob, { signingTime: new Date() });
  signedPdf = scratch.write('signed.pdf', cosigned);
  certPem = scratch.write('alice.pem', toPem(alice.certificate));
  caseJson = scratch.write('case.json', JSON.stringify(exampleCaseFile()));
});

function strings(tree: unknown): string[] {
  if (typeof tree === 'string') return [tree];
  if (typeof tree !== 'object' || tree === null) return [];
  return Object.values(tree).flatMap(strings);
}

/**
 * The English `cli` catalog's phrases: the literal pieces between placeholders and line breaks, of
 * two words or more and 8 characters or more, that `target`'s catalog does not also contain (synopses
 * and option names are the same in every language).
 */
function englishPhrases(target: Language): string[] {
  const theirs = strings(catalogs[target].cli).join('\n');
  const pieces = strings(catalogs.en.cli).flatMap((s) => s.split(/\{\{[^}]*\}\}|\n/u));
  const phrases = new Set<string>();
  for (const piece of pieces) {
    const phrase = piece.trim().replace(/^[(:;,.…]+|[):;,.]+$/gu, '').trim();
    if (phrase.length < 8 || !phrase.includes(' ') || theirs.includes(phrase)) continue;
    phrases.add(phrase);
  }
  return [...phrases];
}

function englishIn(output: string, target: Language): string[] {
  return englishPhrases(target).filter((phrase) => output.includes(phrase));
}

/** `line` with each verdict word (an identifier printed as is in every language) replaced by `<verdict>`. */
function maskVerdicts(line: string): string {
  return Object.values(VERDICT_WORDS).reduce((text, word) => text.replaceAll(word, '<verdict>'), line);
}

/** Runs the commands of this test in-process with `env`; returns each one's exit code and all output. */
async function session(env: NodeJS.ProcessEnv, extra: readonly string[] = []): Promise<{ codes: number[]; output: string }> {
  const lines: string[] = [];
  const codes: number[] = [];
  // `identifiers`: the command prints verdict words as identifiers (VALID, SIGNER NOT TRUSTED), in every
  // language, as sign's refusals do; they are left out of the scan for English phrases.
  const runOne = async (command: (argv: readonly string[], io: ReturnType<typeof capture>['io']) => Promise<number>, argv: readonly string[], identifiers = false): Promise<void> => {
    const c = capture(env);
    codes.push(await command([...argv, ...extra], c.io));
    const printed = [...c.out, ...c.err];
    lines.push(...(identifiers && argsLanguage(extra, env) !== 'en' ? printed.map(maskVerdicts) : printed));
  };
  await runOne(verify, [signedPdf]); // 3: signer not trusted
  await runOne(verify, [signedPdf, '--trust', certPem]); // 3: Bob is not trusted, Alice is
  await runOne(verify, [caseJson]); // 2: not a PDF
  await runOne(render, [caseJson]); // 2: no --out
  await runOne(render, [caseJson, '--out', join(scratch.dir, 'x.pdf'), '--variant', 'both']); // 2
  await runOne(render, [join(scratch.dir, 'none.json'), '--out', join(scratch.dir, 'x.pdf')]); // 2: unreadable
  await runOne(render, [scratch.write('broken.json', '{"format": '), '--out', join(scratch.dir, 'x.pdf')]); // 2: not JSON
  await runOne(sign, [signedPdf, '--p12', 'id.p12', '--password-env', 'NOT_SET_ANYWHERE', '--out', 'y.pdf']); // 2
  await runOne(sign, [signedPdf, '--ouput', 'y.pdf']); // 2: unknown option
  await runOne(timestamp, [signedPdf, '--out', 'y.pdf']); // 2: no --tsa
  await runOne(timestamp, [signedPdf, '--tsa', 'ftp://tsa.example', '--out', 'y.pdf']); // 2
  await runOne(schema, ['--out', 'x.json']); // 2
  await runOne(importReport, [], true); // 2: no file
  await runOne(importReport, [caseJson], true); // 2: not a PDF, so not a signed report
  await runOne(importReport, [signedPdf, '--trust', certPem], true); // 3: Bob is not trusted, so the verdict is not VALID
  await runOne(importReport, [signedPdf, '--accept-verdict'], true); // 2: no case file attached
  const audit: string[] = [];
  codes.push(await runVerifyAudit([caseJson, ...extra], { out: (l) => audit.push(l), err: (l) => audit.push(l) }, env)); // 2: not an array
  lines.push(...audit);
  return { codes, output: lines.join('\n') };
}

const EXIT_CODES = [3, 3, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 3, 2, 2];

describe('the CLI in the message language', () => {
  it('in English prints the lines the other tests pin, with the same exit codes', async () => {
    const { codes, output } = await session({ LANG: 'C.UTF-8' });
    expect(codes).toEqual(EXIT_CODES);
    expect(output).toContain('Signer:      Dr Alice Examiner');
    expect(output).toContain('attest render: give one case file and --out.\nUsage: attest render CASE.json');
    expect(output).toContain('attest sign: the environment variable NOT_SET_ANYWHERE is not set; put the PKCS#12 password in it.');
    expect(output).toContain('attest sign: unknown option --ouput.');
    expect(output).toContain('Verdict: NOT A PDF. This file is not a PDF document.');
    expect(output).toContain('attest import: refused: the verification verdict is SIGNER NOT TRUSTED, not VALID;');
    expect(output).toContain('attest import: refused: the signed report carries no case file');
  });

  for (const [name, env, extra, language] of [
    ['French from LANG', { LANG: 'fr_FR.UTF-8' }, [], 'fr'],
    ['Arabic from LC_ALL over LANG', { LC_ALL: 'ar_EG.UTF-8', LANG: 'en_GB.UTF-8' }, [], 'ar'],
    ['Arabic from --lang', { LANG: 'C.UTF-8' }, ['--lang', 'ar'], 'ar'],
  ] as const) {
    it(`in ${name} prints no English phrase of the CLI catalog, with the same exit codes`, async () => {
      const { codes, output } = await session(env, extra);
      expect(codes).toEqual(EXIT_CODES);
      // The scan can fail: the English run's output holds many of these phrases.
      expect(englishIn((await session({ LANG: 'C.UTF-8' })).output, language).length).toBeGreaterThan(10);
      expect(englishIn(output, language)).toEqual([]);
      const V = catalogs[language].cli.verify;
      expect(output).toContain(V.label.signer);
      expect(output).toContain(V.trustProblem['not-trusted']);
      expect(output).toContain(cliText(language, 'render.needInputAndOut'));
      expect(output).toContain(cliText(language, 'sign.passwordUnset', { variable: 'NOT_SET_ANYWHERE' }));
      expect(output).toContain(cliText(language, 'usage', { synopsis: 'attest render CASE.json --out FILE.pdf' }));
      expect(output).toContain(maskVerdicts(cliText(language, 'import.refused', { reason: cliText(language, 'import.refusal.verdict', { verdict: 'SIGNER NOT TRUSTED' }) })));
      expect(output).toContain(cliText(language, 'import.refused', { reason: cliText(language, 'import.refusal.noAttachment') }));
      const I = catalogs[language].cli.import;
      const alice = cliText(language, 'import.signer', { name: 'Dr Alice Examiner', kind: I.kind.approval, trust: I.trusted, fingerprint: '\u0000', time: '' }).split('\u0000')[0] ?? '';
      expect(output.split('\n').filter((line) => line.startsWith(I.label.signer) && line.includes(alice))).toHaveLength(1);
    });
  }

  it('pads the labels of verify to the longest of the language, so values line up', async () => {
    const c = capture({ LANG: 'fr_FR.UTF-8' });
    await verify([signedPdf], c.io);
    const labelled = c.out.filter((line) => line.startsWith('  ') && !line.startsWith('  -'));
    const starts = new Set(labelled.map((line) => /^ {2}\S.*?: +/u.exec(line)?.[0].length));
    expect(starts.size).toBe(1);
  });

  it('renders the anonymised report with its review lines in French', async () => {
    const file = exampleCaseFile();
    const opinion = { ...file.examination.opinion, conclusions: `${file.examination.opinion?.conclusions ?? ''} Mr SOKOLOV gave his ID as AK 0042917; seen in Fresnes.` };
    const named = scratch.write('named.json', JSON.stringify({ ...file, examination: { ...file.examination, opinion } }));
    const c = capture({ LANG: 'fr_FR.UTF-8' });
    expect(await render([named, '--out', join(scratch.dir, 'anon.pdf'), '--variant', 'anonymised'], c.io)).toBe(0);
    const output = [...c.out, ...c.err].join('\n');
    expect(output).toContain(cliText('fr', 'render.rendered', { what: catalogs.fr.cli.render.what.anonymised, caseNumber: exampleCaseFile().caseNumber, version: '1', size: '' }).split(' (')[0]);
    expect(output).toContain(`${catalogs.fr.cli.render.replaced} "SOKOLOV": ${catalogs.fr.cli.render.reason.name}`);
    expect(output).toContain(`${catalogs.fr.cli.render.flagged}  "Fresnes": ${catalogs.fr.cli.render.reason.capitalised}`);
    expect(englishIn(output, 'fr')).toEqual([]);
  });

  it('the help and an unknown command, as a user runs them, in Arabic and French', () => {
    for (const [env, language] of [[{ LANG: 'ar_SA.UTF-8' }, 'ar'], [{ LANG: 'fr_CA.UTF-8' }, 'fr']] as const) {
      const help = attest(['help'], env);
      expect(help.status).toBe(0);
      expect(help.stdout).toContain(cliText(language, 'help.title'));
      expect(help.stdout).toContain('  verify FILE.pdf [--trust CERT.pem]... [--lang xx]');
      expect(englishIn(help.stdout, language)).toEqual([]);
      const unknown = attest(['sing'], env);
      expect(unknown.status).toBe(2);
      expect(unknown.stderr).toContain(cliText(language, 'unknownCommand', { command: 'sing' }));
      expect(englishIn(unknown.stderr, language)).toEqual([]);
    }
    expect(attest(['help'], { LANG: 'C' }).stdout).toContain('Usage: attest <command> [options]');
  }, 60_000);
});
