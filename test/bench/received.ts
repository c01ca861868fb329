/**
 * Received-report import figures (issue #18, "Done when": import of the R1 report ≤ 1 s), one line
 * each as `name: median unit (min–max, n=5)` after one warm-up run:
 *   (a) the app's "Import as received case" on R1's signed report (40 findings, 20 photographs, its
 *       case file attached as the app attaches it): verification with the signer trusted, the case file
 *       read from the signed revision and checked against the printed SHA-256 and the schema, then
 *       sealed with the vault codec and stored with its audit event (renderer/received/importReceived.ts
 *       over fake-indexeddb, a fresh database each run so that no run is a duplicate);
 *   (b) the reading alone (shared/interop/receivedReport.ts `receiveReport`), as `attest import` runs it.
 * Run: `node --import tsx test/bench/received.ts` (chained in `npm run bench`).
 */
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { createDatabase } from '../../renderer/db/database';
import { openRepositories, type Repositories } from '../../renderer/db/repos';
import { createVaultCodec } from '../../renderer/db/vaultCodec';
import { createVaultSearchKeyer } from '../../renderer/db/vaultSearchKeyer';
import { importReceivedReport } from '../../renderer/received/importReceived';
import { receiveReport } from '../../shared/interop/receivedReport';
import { buildReportModel, renderPdf, reportAttachment } from '../../shared/report';
import { loadReportFonts } from '../../cli/fonts';
import { EXAMPLE_CLINICIAN } from '../../cli/example';
import { createVault } from '../../shared/vault';
import { pageCount, r1CaseFile, r1Report } from './r1';
import { summarise } from './stats';

const RUNS = 5;
const MB = 1024 * 1024;

const { caseFile } = await r1CaseFile();
const r1 = await r1Report(caseFile);
const attached = await reportAttachment(caseFile);
const rendered = await renderPdf(buildReportModel({ ...r1.input, caseFile: attached.printed }), await loadReportFonts(), {
  prepareSignatures: { authorName: EXAMPLE_CLINICIAN.name, authorCertificate: r1.identity.certificate },
  attachment: attached.attachment,
});
const pdf = await r1.sign(rendered);
const trust = { certificates: [r1.identity.certificate], own: [] };
const vault = await createVault('tiger lamp ocean violin', { iterations: 1_000, allowInsecureIterationsForTests: true });

async function freshRepos(): Promise<Repositories> {
  const db = createDatabase({ name: 'attest-bench-received', indexedDB: new IDBFactory(), IDBKeyRange });
  await db.open();
  await db.vault.put({ key: 'keyring', value: vault.keyring });
  const repos = await openRepositories({ db, codec: createVaultCodec(vault.keys.dataKey), searchKeyer: createVaultSearchKeyer(vault.keys.indexKey) });
  await repos.trust.add(r1.identity.certificate);
  return repos;
}

const size = `${String(pageCount(pdf))} pages, ${(pdf.length / MB).toFixed(1)} MB, case file ${String(Math.round(attached.attachment.bytes.length / 1024))} kB`;

const imports: number[] = [];
for (let i = 0; i <= RUNS; i += 1) {
  const repos = await freshRepos();
  const start = performance.now();
  const outcome = await importReceivedReport(repos, pdf, { acceptVerdict: false });
  const ms = performance.now() - start;
  if (outcome.kind !== 'imported' || outcome.duplicate) throw new Error(`R1 was not imported: ${JSON.stringify(outcome)}`);
  if (i > 0) imports.push(ms);
  repos.close();
}
console.log(summarise(`Import of the R1 report as a received case (${size}; verify, read, check, seal, store)`, imports, 'ms', 0, 1000));

const readings: number[] = [];
for (let i = 0; i <= RUNS; i += 1) {
  const start = performance.now();
  const result = await receiveReport(pdf, { trust, now: new Date() });
  const ms = performance.now() - start;
  if (!result.ok) throw new Error(`R1 was refused: ${result.refusal.code}`);
  if (i > 0) readings.push(ms);
}
console.log(summarise('Reading of the R1 report as attest import does it (verify, read, check)', readings, 'ms'));
