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
 *   attest schema                            print the case file's JSON Schema
 *   attest verify-audit <file.json> [--head H] [--count N]   verify an exported audit chain (cli/verifyAudit.ts)
 *   attest web [--port 5170]                 serve the built renderer on 127.0.0.1 (npm run web)
 *   attest version                           print the version
 * Exit codes everywhere: 0 done, 1 failed (an invalid signature, a failed signing), 2 bad usage or
 * invalid input. No command prints a stack trace.
 */
import { join } from 'node:path';
import { nodeIo } from './io';
import { packageRoot, packageVersion } from './paths';

// Each command is imported when it runs: compiled (dist/cli, code split), `version` and `help` then
// never load pdf-lib, PKI.js, fontkit or the report renderer, and start in a few tens of milliseconds.

function usage(): string {
  return [
    'Usage: attest <command> [options]',
    '',
    'Commands:',
    '  example --out DIR',
    '                   Write an example case (case.json), a demo signing identity (identity.p12, identity.cert.pem)',
    '                   and the signed report made from them (report.pdf); prints the identity\'s password once',
    '  render CASE.json --out FILE.pdf [--intake | --variant anonymised|summary [--report SIGNED.pdf]] [--cert CERT.pem] [--policy consent-based|automatic] [--lang xx]',
    '                   Render the unsigned medico-legal report (or, with --intake, the admission-examination record)',
    '                   of a case file; with --cert, the signature block names that certificate; --policy is the',
    '                   reporting policy the report states it is issued under (default consent-based); --lang is the',
    '                   document\'s language (ar, zh, en, fr, ru, es, those with a catalog; default en)',
    '  sign FILE.pdf --p12 ID.p12 --password-env VAR --out SIGNED.pdf [--reason T] [--location T] [--name T]',
    '                   Sign a PDF, or add a co-signature to a signed one; the PKCS#12 password is read from $VAR',
    '  sign … --tsa URL [--tsa-trust CERT.pem] [--tsa-credentials-env VAR]',
    '                   With --tsa, the signature carries a timestamp from that authority (PAdES B-T); offline, it is made without (B-B)',
    '  timestamp FILE.pdf --tsa URL --out STAMPED.pdf [--tsa-trust CERT.pem] [--tsa-credentials-env VAR]',
    '                   Add a document timestamp (RFC 3161) by incremental update, e.g. to a report signed offline',
    '  verify FILE.pdf [--trust CERT.pem]... [--lang xx]',
    '                   Check every signature (exit 0 valid, 1 invalid, modified or untrusted, 2 not a signed PDF)',
    '  import FILE.pdf [--trust CERT.pem]... [--out CASE.json] [--accept-verdict]',
    '                   Verify a received report and read the case file attached to it (checked against the SHA-256',
    '                   its signed pages print, and the case-file schema); --out writes it and its provenance',
    '  schema           Print the JSON Schema of the case file (format attest-case, version 1)',
    '  verify-audit <file.json> [--head H] [--count N]',
    '                   Verify an exported audit chain (exit 0 verified, 1 broken, 2 unreadable)',
    '  web [--port N]   Serve the built app on http://127.0.0.1:N (default 5170). Build it first: npm run build:renderer',
    '  version          Print the Attest version',
    '  help             Show this help',
    '',
    'Exit codes: 0 done; 1 failed; 2 bad usage or invalid input.',
  ].join('\n');
}

function readOption(args: readonly string[], name: string): string | undefined {
  const index = args.indexOf(name);
  return index >= 0 ? args[index + 1] : undefined;
}

async function main(args: readonly string[]): Promise<number> {
  const [command = 'help', ...rest] = args;
  switch (command) {
    case 'version': {
      console.log(packageVersion());
      return 0;
    }
    case 'web': {
      const port = Number(readOption(rest, '--port') ?? process.env.ATTEST_WEB_PORT ?? '5170');
      if (!Number.isInteger(port) || port < 1 || port > 65535) {
        console.error('attest web: --port must be a number from 1 to 65535.');
        return 2;
      }
      const root = join(packageRoot(), 'dist', 'renderer');
      try {
        const { startWebServer } = await import('./webServer');
        await startWebServer({ root, port });
      } catch (error) {
        console.error(`attest web: could not serve ${root}: ${error instanceof Error ? error.message : 'unknown error'}. Run npm run build:renderer first.`);
        return 1;
      }
      console.log(`Attest is running at http://127.0.0.1:${port}/ (Ctrl+C to stop)`);
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
    case 'schema':
      return (await import('./commands/schema')).run(rest, nodeIo());
    case 'verify-audit':
      return (await import('./verifyAudit')).runVerifyAudit(rest, { out: (line) => { console.log(line); }, err: (line) => { console.error(line); } });
    case 'help':
    case '--help':
    case '-h':
      console.log(usage());
      return 0;
    default:
      console.error(`${(await import('./language')).unknownCommand(command)}\n\n${usage()}`);
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
    console.error('attest: failed:', error instanceof Error ? error.message : 'unknown error');
    process.exitCode = 1;
  },
);
