/**
 * Run first by `npm test`: checks that the programs the tests use are installed (cli/prerequisites.ts).
 * As root on Debian it installs the missing packages with apt-get, as CI does; otherwise it stops at
 * once (exit 1) and prints the one command to run.
 */
import { spawn } from 'node:child_process';
import { platform } from 'node:process';
import { ensurePrerequisites, isExecutable, onPath } from './prerequisites';

const chromiumPath = process.env.CHROMIUM_PATH;

const outcome = await ensurePrerequisites({
  has: (command) =>
    command === 'chromium' && chromiumPath !== undefined && chromiumPath !== ''
      ? isExecutable(chromiumPath)
      : onPath(command, process.env.PATH),
  canInstall: async () =>
    platform === 'linux' &&
    process.getuid?.() === 0 &&
    (await onPath('apt-get', process.env.PATH)),
  aptGet: (args) =>
    new Promise((resolve) => {
      const child = spawn('apt-get', [...args], {
        stdio: ['ignore', 'ignore', 'inherit'],
        env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
      });
      child.on('error', () => { resolve(false); });
      child.on('close', (code) => { resolve(code === 0); });
    }),
  log: (line) => { console.log(line); },
});

if (outcome.status === 'missing') {
  console.error(`The tests need Debian packages that are not installed: ${outcome.packages.join(', ')}.`);
  console.error('Install them, then run npm test again:');
  console.error('');
  console.error(`  ${outcome.command}`);
  console.error('');
  console.error('(Elsewhere than Debian: install the same programs, and set CHROMIUM_PATH to Chromium.)');
  process.exit(1);
}
if (outcome.status === 'installed') console.log(`test prerequisites: installed ${outcome.packages.join(' ')}`);
