/**
 * Vault figures, one line each as `name: median unit (min–max, n=5)`, measured in Node 20 and in
 * Debian's Chromium (the engine the app runs in; `shared/vault` is bundled with esbuild and served
 * from 127.0.0.1, a secure context):
 *   - unlocking with the passphrase (PBKDF2-SHA-256, 600,000 rounds, then unwrap and derive);
 *   - unlocking with the recovery key (HKDF, no stretching);
 *   - seal + open throughput of a 1 MB record (JSON) and of a 1 MB attachment (bytes).
 * Run: `node --import tsx test/bench/vault.ts`. Not part of `npm test`: the figures depend on the machine.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { chromium } from '@playwright/test';
import { build } from 'esbuild';
import { chromiumArgs } from '../../playwright.config';
import * as vaultModule from '../../shared/vault';
import { summarise } from './stats';

type Vault = typeof vaultModule;
const RUNS = 5;
const PASSPHRASE = 'tiger lamp ocean violin';
const MB = 1_000_000;

interface Samples {
  readonly passphraseUnlockMs: number[];
  readonly recoveryUnlockMs: number[];
  readonly recordMBps: number[];
  readonly bytesMBps: number[];
}

/**
 * The measurement, written once and run in both engines: in Chromium it is serialised by Playwright,
 * so it may use nothing but its argument and the platform.
 */
async function measure(vault: Vault, runs: number, passphrase: string, size: number): Promise<Samples> {
  const { keyring, recoveryKey } = await vault.createVault(passphrase);
  const samples: Samples = { passphraseUnlockMs: [], recoveryUnlockMs: [], recordMBps: [], bytesMBps: [] };
  let keys = await vault.unlockWithPassphrase(keyring, passphrase);
  for (let i = 0; i < runs; i += 1) {
    let start = performance.now();
    keys = await vault.unlockWithPassphrase(keyring, passphrase);
    samples.passphraseUnlockMs.push(performance.now() - start);
    start = performance.now();
    await vault.unlockWithRecoveryKey(keyring, recoveryKey);
    samples.recoveryUnlockMs.push(performance.now() - start);
  }
  // A record of about 1 MB of JSON: an account in mixed scripts, as a long examination might hold.
  const sentence = 'He said they beat him at the station — Они били его — Le golpearon en la comisaría. ';
  const record = { account: { ownWords: sentence.repeat(Math.ceil(size / new TextEncoder().encode(sentence).length)) } };
  const recordBytes = new TextEncoder().encode(JSON.stringify(record)).length;
  const attachment = new Uint8Array(size);
  for (let offset = 0; offset < size; offset += 65_536) crypto.getRandomValues(attachment.subarray(offset, Math.min(size, offset + 65_536)));
  const where = { table: 'caseBodies', id: '00000000-0000-4000-8000-000000000001', schemaVersion: 1 };
  for (let i = 0; i < runs; i += 1) {
    let start = performance.now();
    await vault.openRecord(keys.dataKey, where, await vault.sealRecord(keys.dataKey, where, record));
    samples.recordMBps.push(recordBytes / 1_000_000 / ((performance.now() - start) / 1000));
    start = performance.now();
    await vault.openBytes(keys.dataKey, where, await vault.sealBytes(keys.dataKey, where, attachment));
    samples.bytesMBps.push(size / 1_000_000 / ((performance.now() - start) / 1000));
  }
  return samples;
}

function report(engine: string, samples: Samples): void {
  const iterations = vaultModule.DEFAULT_PBKDF2_ITERATIONS.toLocaleString('en');
  console.log(summarise(`vault: PBKDF2 ${iterations} iterations unlock (${engine})`, samples.passphraseUnlockMs, 'ms'));
  console.log(summarise(`vault: recovery-key unlock (${engine})`, samples.recoveryUnlockMs, 'ms', 1));
  console.log(summarise(`vault: seal+open 1 MB record, JSON (${engine})`, samples.recordMBps, 'MB/s'));
  console.log(summarise(`vault: seal+open 1 MB attachment, bytes (${engine})`, samples.bytesMBps, 'MB/s'));
}

async function inChromium(): Promise<{ version: string; samples: Samples }> {
  const bundle = await build({
    entryPoints: [fileURLToPath(new URL('../../shared/vault/index.ts', import.meta.url))],
    bundle: true,
    format: 'iife',
    globalName: 'AttestVault',
    platform: 'browser',
    write: false,
  });
  const script = bundle.outputFiles[0]?.text ?? '';
  const server = createServer((request, response) => {
    const isScript = request.url === '/vault.js';
    response.writeHead(200, { 'content-type': isScript ? 'text/javascript' : 'text/html' });
    response.end(isScript ? script : '<!doctype html><script src="/vault.js"></script>');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: chromiumArgs });
  try {
    const page = await browser.newPage();
    await page.goto(`http://127.0.0.1:${port}/`);
    const samples = await page.evaluate(
      async ({ source, runs, passphrase, size }) => {
        const vault = (globalThis as unknown as { AttestVault: Vault }).AttestVault;
        // eslint-disable-next-line @typescript-eslint/no-implied-eval -- the measurement, serialised above, rebuilt in the page.
        const factory = new Function(`return (${source})`) as () => typeof measure;
        return factory()(vault, runs, passphrase, size);
      },
      { source: measure.toString(), runs: RUNS, passphrase: PASSPHRASE, size: MB },
    );
    return { version: browser.version(), samples };
  } finally {
    await browser.close();
    server.close();
  }
}

report(`Node ${process.versions.node}`, await measure(vaultModule, RUNS, PASSPHRASE, MB));
const chromiumRun = await inChromium();
report(`Chromium ${chromiumRun.version}`, chromiumRun.samples);
