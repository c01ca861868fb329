#!/usr/bin/env node
/**
 * The Attest command line: headless use of shared/ and a test oracle (`npm run attest -- <command>`).
 * Shipped compiled: `npm run build:cli` bundles it with esbuild into dist/cli/main.js (the package's
 * `attest` bin) and one chunk per command; `npm run attest` builds, then runs the bundle.
 *   attest example --out DIR                 write an example case, a demo identity and its signed report (cli/commands/example.ts)
 *   attest render CASE.json --out FILE.pdf [--intake | --variant anonymised|summary [--report SIGNED.pdf]] [--cert CERT.pem] [--policy P] [--lang xx]   render an unsigned report, record or referral variant from a case file
 *   attest sign FILE.pdf --p12 ID.p12 --password-env VAR --out SIGNED.pdf  sign or co-sign a PDF (PAdES B-B)
 *   attest verify FILE.pdf [--trust CERT.pem]   check every signature of a PDF
 *   attest import FILE.pdf [--trust CERT.pem] [--out CASE.json] [--accept-verdict]   verify a received report and read the case file it carries
 *   attest timestamp FILE.pdf --tsa URL --out STAMPED.pdf   add a document timestamp (RFC 3161)
 *   attest ltv FILE.pdf --out OUT.pdf [--crl-url U] [--ocsp-url U] [--tsa URL]   add long-term validation data (B-LT, B-LTA)
 *   attest schema                            print the case file's JSON Schema
 *   attest stats STATS.json --out FILE.csv [--lang xx] [--header language|ids]   the CSV of a statistics JSON export
 *   attest stats STATS.json --format measure-report|dhis2 [--dhis2-mapping FILE] [--out FILE]   statistics for national systems
 *   attest fhir CASE.json [--anonymised] [--transaction] [--report SIGNED.pdf] [--out FILE]   the case as a FHIR R4 Bundle (cli/commands/fhir.ts)
 *   attest verify-audit <file.json> [--head H] [--count N]   verify an exported audit chain (cli/verifyAudit.ts)
 *   attest web [--port 5170]                 serve the built renderer on 127.0.0.1 (npm run web)
 *   attest version                           print the version
 * Exit codes everywhere: 0 done, 1 failed (an invalid signature, a failed signing), 2 bad usage or
 * invalid input. No command prints a stack trace.
 */
import { join } from 'node:path';
import { nodeIo } from './io';
import { packageRoot, packageVersion } from './paths';
import type { CliMessageKey, Language } from '../shared/i18n';

// Each command is imported when it runs: compiled (dist/cli, code split), `version` and `help` then
// never load pdf-lib, PKI.js, fontkit or the report renderer, and start in a few tens of milliseconds.

/** The help: synopses as they are typed, descriptions in the message language (indented under each). */
async function usage(language: Language): Promise<string> {
  const { cliText } = await import('./language');
  const describe = (key: CliMessageKey): string[] => cliText(language, key).split('\n').map((line) => `                   ${line}`);
  return [
    cliText(language, 'help.title'),
    '',
    cliText(language, 'help.commands'),
    '  example --out DIR',
    ...describe('help.example'),
    '  render CASE.json --out FILE.pdf [--intake | --variant anonymised|summary [--report SIGNED.pdf]] [--cert CERT.pem] [--policy consent-based|automatic] [--lang xx]',
    ...describe('help.render'),
    '  sign FILE.pdf --p12 ID.p12 --password-env VAR --out SIGNED.pdf [--reason T] [--location T] [--name T]',
    ...describe('help.sign'),
    '  sign … --tsa URL [--tsa-trust CERT.pem] [--tsa-credentials-env VAR]',
    ...describe('help.signTsa'),
    '  timestamp FILE.pdf --tsa URL --out STAMPED.pdf [--tsa-trust CERT.pem] [--tsa-credentials-env VAR]',
    ...describe('help.timestamp'),
    '  ltv FILE.pdf --out OUT.pdf [--crl-url URL] [--ocsp-url URL] [--tsa URL [--tsa-trust CERT.pem]] [--lang xx]',
    ...describe('help.ltv'),
    '  verify FILE.pdf [--trust CERT.pem]... [--lang xx]',
    ...describe('help.verify'),
    `  schema           ${cliText(language, 'help.schema')}`,
    '  stats STATS.json --out FILE.csv [--lang xx] [--header language|ids]',
    ...describe('help.stats'),
    '  stats STATS.json --format measure-report|dhis2 [--dhis2-mapping MAPPING.json] [--out FILE.json] [--lang xx]',
    ...describe('help.statsNational'),
    '  fhir CASE.json [--anonymised] [--transaction] [--report SIGNED.pdf] [--out BUNDLE.json] [--lang xx]',
    ...describe('help.fhir'),
    '  import FILE.pdf [--trust CERT.pem]... [--out CASE.json] [--accept-verdict] [--lang xx]',
    ...describe('help.import'),
    '  verify-audit <file.json> [--head H] [--count N]',
    ...describe('help.verifyAudit'),
    `  web [--port N]   ${cliText(language, 'help.web')}`,
    `  version          ${cliText(language, 'help.version')}`,
    `  help             ${cliText(language, 'help.help')}`,
    '',
    cliText(language, 'help.language'),
    cliText(language, 'help.exitCodes'),
  ].join('\n');
}

function readOption(args: readonly string[], name: string): string | undefined {
  const index = args.indexOf(name);
  return index >= 0 ? args[index + 1] : undefined;
}

async function main(args: readonly string[]): Promise<number> {
  const [command = 'help', ...rest] = args;
  const language = async (): Promise<Language> => (await import('./language')).argsLanguage(rest, process.env);
  const text = async (key: CliMessageKey, params: Readonly<Record<string, string | number>> = {}): Promise<string> => (await import('./language')).cliText(await language(), key, params);
  switch (command) {
    case 'version': {
      console.log(packageVersion());
      return 0;
    }
    case 'web': {
      const port = Number(readOption(rest, '--port') ?? process.env.ATTEST_WEB_PORT ?? '5170');
      if (!Number.isInteger(port) || port < 1 || port > 65535) {
        console.error(`attest web: ${await text('web.port')}`);
        return 2;
      }
      const root = join(packageRoot(), 'dist', 'renderer');
      try {
        const { startWebServer } = await import('./webServer');
        await startWebServer({ root, port });
      } catch (error) {
        console.error(`attest web: ${await text('web.cannotServe', { root, message: error instanceof Error ? error.message : await text('unknownError') })}`);
        return 1;
      }
      console.log(await text('web.running', { port: String(port) }));
      return new Promise<number>(() => undefined);
    }
    case 'example':
      return (await import('./commands/example')).run(rest, nodeIo());
    case 'render':
      return (await import('./commands/render')).run(rest, nodeIo());
    case 'sign':
      return (await import('./commands/sign')).run(rest, nodeIo());
    case 'verify':
      return (await import('./commands/verify')).run(rest, nodeIo());
    case 'import':
      return (await import('./commands/import')).run(rest, nodeIo());
    case 'timestamp':
      return (await import('./commands/timestamp')).run(rest, nodeIo());
    case 'ltv':
      return (await import('./commands/ltv')).run(rest, nodeIo());
    case 'schema':
      return (await import('./commands/schema')).run(rest, nodeIo());
    case 'fhir':
      return (await import('./commands/fhir')).runFhir(rest, nodeIo());
    case 'stats': {
      // One command, two outputs: the CSV (default), or with --format a document for national systems.
      const format = rest[rest.indexOf('--format') + 1];
      if (rest.includes('--format') && format !== 'csv') return (await import('./commands/fhir')).runStats(rest, nodeIo());
      return (await import('./commands/stats')).run(rest.filter((arg, i) => !(arg === '--format' || (i > 0 && rest[i - 1] === '--format'))), nodeIo());
    }
    case 'verify-audit':
      return (await import('./verifyAudit')).runVerifyAudit(rest, { out: (line) => { console.log(line); }, err: (line) => { console.error(line); } });
    case 'help':
    case '--help':
    case '-h':
      console.log(await usage(await language()));
      return 0;
    default:
      console.error(`${(await import('./language')).unknownCommand(command)}\n\n${await usage(await language())}`);
      return 2;
  }
}

// Output piped into a reader that stops early (`attest schema | head`): stop quietly, not with a stack trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    process.exit(error.code === 'EPIPE' ? 0 : 1);
  });
}

main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (error: unknown) => {
    void import('./language').then(({ cliText, messageLanguage }) => {
      const language = messageLanguage(undefined);
      console.error(cliText(language, 'failed', { message: error instanceof Error ? error.message : cliText(language, 'unknownError') }));
    });
    process.exitCode = 1;
  },
);
