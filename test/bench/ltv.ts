/**
 * Trusted time and long-term validation bench (issue #17), with the real loopback PKI of the tests
 * (test/support/pki.ts: `openssl ts -reply` behind a small HTTP server, a CA and its CRL). Not part of
 * `npm test`; chained in `npm run bench`. Run alone:
 *   node --import tsx test/bench/ltv.ts
 *
 * Prints, one line per figure, `name: median unit (min–max, n=5)` and its goal, after one warm-up run:
 *   (a) signPdf of R1 (test/bench/r1.ts) with the test CA's signer, certified, in-process (B-B);
 *   (b) the same signing with the loopback TSA stamping the signature (B-T), the TSA's answer checked
 *       (nonce, imprint, timeStamping, chain to the test CA): goal ≤ (a) + 150 ms;
 *   (c) verifyPdf of R1 made B-LTA (B-T signature, then `addValidationData` with the CA's CRL, then a
 *       document timestamp), the CA trusted, in-process, the network cut off: goal ≤ 400 ms.
 * Each run is checked: (b) must carry an attested timestamp, (c) must be VALID with the CRL from the file.
 */
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { importPkcs12 } from '../../shared/identity';
import { signPdf, signPdfDetailed, timestampPdf, verifyPdf, type SignOptions } from '../../shared/signing';
import { addValidationData, httpRevocationFetcher } from '../../shared/signing/ltv';
import { httpTimestampTransport } from '../../shared/signing/timestamp';
import { PKCS12_PASSWORD, startTestPki } from '../support/pki';
import { pageCount, r1CaseFile, r1Report } from './r1';
import { summarise } from './stats';

const RUNS = 5;
const MB = 1024 * 1024;

async function samples(run: () => Promise<void>): Promise<number[]> {
  await run(); // warm-up
  const out: number[] = [];
  for (let i = 0; i < RUNS; i += 1) {
    const t0 = performance.now();
    await run();
    out.push(performance.now() - t0);
  }
  return out;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

async function main(): Promise<void> {
  const pki = await startTestPki();
  try {
    const identity = await importPkcs12(new Uint8Array(readFileSync(pki.signerP12)), PKCS12_PASSWORD);
    const r1 = await r1Report((await r1CaseFile()).caseFile);
    const rendered = await r1.render();
    // As the app signs (certified, DocMDP /P 2), with a widget over the signature box: the report's prepared field names R1's own identity.
    const options = (): SignOptions => ({ signingTime: new Date(), name: 'Dr Amina Test', reason: 'Author', certify: { permission: 2 }, widget: rendered.signatureBlock });
    const timestamp = { transport: httpTimestampTransport(fetch, pki.tsaUrl), policy: { anchors: [pki.caCertificate] } };
    const label = `R1 (${String(pageCount(rendered.bytes))} pages, ${(rendered.bytes.length / MB).toFixed(1)} MB)`;
    console.log(`load average before: ${loadavg().map((n) => n.toFixed(2)).join(' ')}`);

    const plain = await samples(async () => { await signPdf(rendered.bytes, identity, options()); });
    console.log(summarise(`sign ${label}, B-B`, plain, 'ms'));
    const stamped = await samples(async () => {
      const result = await signPdfDetailed(rendered.bytes, identity, { ...options(), timestamp });
      if (result.timestamp?.status !== 'attested') throw new Error('the loopback TSA did not stamp the signature');
    });
    console.log(summarise(`sign ${label} with the loopback TSA, B-T`, stamped, 'ms', 0, Math.round(median(plain) + 150)));

    const bt = await signPdfDetailed(rendered.bytes, identity, { ...options(), timestamp });
    const lt = await addValidationData(bt.pdf, { fetcher: httpRevocationFetcher(fetch), crlUrl: `${new URL(pki.tsaUrl).origin}/crl.der` });
    const lta = (await timestampPdf(lt.pdf, timestamp.transport, timestamp.policy)).pdf;
    const realFetch = globalThis.fetch;
    globalThis.fetch = () => Promise.reject(new Error('offline'));
    try {
      const verified = await samples(async () => {
        const result = await verifyPdf(lta, { trust: { certificates: [pki.caCertificate] } });
        const revocation = result.signatures[0]?.trust.revocation;
        if (result.verdict !== 'valid' || revocation?.origin !== 'file' || revocation.status !== 'good') throw new Error(`B-LTA R1 does not verify VALID from the file (${result.verdict})`);
      });
      console.log(summarise(`verify ${label} B-LTA (${(lta.length / MB).toFixed(1)} MB, 4 revisions), offline`, verified, 'ms', 0, 400));
    } finally {
      globalThis.fetch = realFetch;
    }
    console.log(`load average after: ${loadavg().map((n) => n.toFixed(2)).join(' ')}`);
  } finally {
    await pki.close();
  }
}

await main();
