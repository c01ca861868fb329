/**
 * The Attest command line: headless use of shared/ and a test oracle.
 *   attest web [--port 5170]   serve the built renderer on 127.0.0.1 (npm run web)
 *   attest version             print the version
 *   attest verify-audit <file.json> [--head H] [--count N]   verify an exported audit chain (cli/verifyAudit.ts)
 * Later issues add: render, sign, verify, export.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { runVerifyAudit } from './verifyAudit';
import { startWebServer } from './webServer';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));

function usage(): string {
  return [
    'Usage: attest <command> [options]',
    '',
    'Commands:',
    '  web [--port N]   Serve the built app on http://127.0.0.1:N (default 5170). Build it first: npm run build:renderer',
    '  version          Print the Attest version',
    '  verify-audit <file.json> [--head H] [--count N]',
    '                   Verify an exported audit chain (exit 0 verified, 1 broken, 2 unreadable)',
    '  help             Show this help',
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
      const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
      console.log(pkg.version);
      return 0;
    }
    case 'web': {
      const port = Number(readOption(rest, '--port') ?? process.env.ATTEST_WEB_PORT ?? '5170');
      if (!Number.isInteger(port) || port < 1 || port > 65535) {
        console.error('attest web: --port must be a number from 1 to 65535.');
        return 2;
      }
      const root = `${repoRoot}dist/renderer`;
      try {
        await startWebServer({ root, port });
      } catch (error) {
        console.error(`attest web: could not serve ${root}: ${error instanceof Error ? error.message : 'unknown error'}. Run npm run build:renderer first.`);
        return 1;
      }
      console.log(`Attest is running at http://127.0.0.1:${port}/ (Ctrl+C to stop)`);
      return new Promise<number>(() => undefined);
    }
    case 'verify-audit':
      return runVerifyAudit(rest, { out: (line) => { console.log(line); }, err: (line) => { console.error(line); } });
    case 'help':
    case '--help':
    case '-h':
      console.log(usage());
      return 0;
    default:
      console.error(`attest: unknown command "${command}".\n\n${usage()}`);
      return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (error: unknown) => {
    console.error('attest: failed:', error instanceof Error ? error.message : 'unknown error');
    process.exitCode = 1;
  },
);
