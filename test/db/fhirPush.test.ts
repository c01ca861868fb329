/**
 * Push to a FHIR server (issue #18 item 5), the app side: Settings › FHIR server sealed in the vault,
 * "Send to FHIR server" on a signed version, and the outbox (migration 0017) that keeps the bundle
 * until the server accepts it. Real parts: the vault codec over fake-indexeddb, a signed PDF/A report
 * carrying its case file, the forwarder Electron and `attest web` use, and a real FHIR server on
 * 127.0.0.1 (Medplum's FHIR router, in-memory; test/support/fhirServer.ts).
 *
 * What a clinician would notice: sent, the server holds the person, the encounter, the consents and the
 * lesions; a server that times out, answers 500 with an OperationOutcome or answers HTML leaves the
 * bundle queued, byte for byte, with the reason (and the server's text) to show; the queue survives
 * closing the app; once the server answers, the queue sends it. The audit trail records each send and
 * failure with codes only; the token and the bundle never lie in clear in the database.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Bundle, Patient } from '@medplum/fhirtypes';
import { EXAMPLE_CLINICIAN, EXAMPLE_PERSON, exampleCaseFile } from '../../cli/example';
import { createDatabase } from '../../renderer/db/database';
import { openRepositories, type Repositories } from '../../renderer/db/repos';
import { createVaultCodec } from '../../renderer/db/vaultCodec';
import { createVaultSearchKeyer } from '../../renderer/db/vaultSearchKeyer';
import { runFhirQueue, sendVersion, testFhirServer } from '../../renderer/fhir/push';
import { forwardFhirRequest } from '../../shared/fhirForward';
import type { Platform } from '../../shared/platform';
import { buildReportModel, renderPdf, reportAttachment } from '../../shared/report';
import { reportInputFromCaseFile } from '../../shared/report/caseFile';
import { signPdf } from '../../shared/signing';
import { createVault, type CreatedVault } from '../../shared/vault';
import { startFhirServer, type TestFhirServer } from '../support/fhirServer';
import { loadFonts } from '../unit/report/helpers';
import { makeIdentity } from '../unit/signing/testIdentity';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';

const TEST_KDF = { iterations: 1_000, allowInsecureIterationsForTests: true } as const;
const TOKEN = 'sesame-token-42';
let server: TestFhirServer;
let signedPdf: Uint8Array;
let vault: CreatedVault;

/** The platform's FHIR door as Electron's main process and `attest web` implement it: real HTTP; 1.5 s instead of 30 s to wait. */
const platform = { sendToFhirServer: (request) => forwardFhirRequest(fetch, { ...request, timeoutMs: 1_500 }) } as Pick<Platform, 'sendToFhirServer'> as Platform;

beforeAll(async () => {
  server = await startFhirServer({ token: TOKEN });
  vault = await createVault('tiger lamp ocean violin', TEST_KDF);
  const identity = await makeIdentity({ commonName: EXAMPLE_CLINICIAN.name });
  const file = exampleCaseFile();
  const attached = await reportAttachment(file);
  const rendered = await renderPdf(buildReportModel({ ...reportInputFromCaseFile(file, { certificateFingerprint: null }), caseFile: attached.printed }), loadFonts(), {
    prepareSignatures: { authorName: EXAMPLE_CLINICIAN.name, authorCertificate: identity.certificate },
    attachment: attached.attachment,
  });
  signedPdf = await signPdf(rendered.bytes, identity, { signingTime: new Date(), certify: { permission: 2 }, field: rendered.fields.author ?? 'Signature1' });
}, 120_000);

afterAll(async () => { await server.close(); });

/** A vault over its own fake IndexedDB, reopened on demand (a reload), with one signed version stored. */
async function setup(clock: { now: Date }) {
  const factory = new IDBFactory();
  const open = async (): Promise<Repositories> => {
    const db = createDatabase({ name: 'attest', indexedDB: factory, IDBKeyRange });
    await db.open();
    if ((await db.vault.get('keyring')) === undefined) await db.vault.put({ key: 'keyring', value: vault.keyring });
    return openRepositories({ db, codec: createVaultCodec(vault.keys.dataKey), searchKeyer: createVaultSearchKeyer(vault.keys.indexKey), now: () => clock.now });
  };
  const repos = await open();
  const summary = await repos.cases.create({ encounterType: 'admission', facilityCode: 'PRISON-01' });
  const version = await repos.reports.storeSigned({ caseId: summary.id, documentId: crypto.randomUUID(), version: 1, signedAt: '2026-05-02T10:00:00+02:00', place: 'Genève', addenda: [], bytes: signedPdf });
  return { repos, open, factory, version };
}

/** Every row of every table, as stored, as text (what someone with the disk would read). */
async function dump(factory: IDBFactory): Promise<string> {
  const db = createDatabase({ name: 'attest', indexedDB: factory, IDBKeyRange });
  await db.open();
  const parts: string[] = [];
  for (const table of db.tables) parts.push(JSON.stringify(await table.toArray(), (_k, v: unknown) => (v instanceof ArrayBuffer ? new TextDecoder('utf-8').decode(v) : v)));
  db.close();
  return parts.join('\n');
}

describe('Settings › FHIR server', () => {
  it('stores the base URL and token sealed; "Test connection" reads the capability statement', async () => {
    const clock = { now: new Date('2026-06-01T08:00:00Z') };
    const { repos, factory } = await setup(clock);
    await repos.fhirServer.save({ url: server.baseUrl, auth: { kind: 'bearer', token: TOKEN } });
    expect(await repos.fhirServer.get()).toMatchObject({ url: server.baseUrl, auth: { kind: 'bearer', token: TOKEN } });
    expect(await testFhirServer(platform, { url: server.baseUrl, auth: { kind: 'bearer', token: TOKEN } })).toEqual({ ok: true, fhirVersion: '4.0.1', software: 'Medplum FHIR router (in-memory) 5.2.13' });
    expect(await testFhirServer(platform, { url: server.baseUrl, auth: { kind: 'bearer', token: 'nope' } })).toMatchObject({ ok: false, failure: 'auth', httpStatus: 401 });
    await expect(repos.fhirServer.save({ url: 'ftp://x', auth: { kind: 'none' } })).rejects.toThrow(/not valid/);
    repos.close();
    const disk = await dump(factory);
    expect(disk).not.toContain(TOKEN);
    expect(disk).not.toContain('127.0.0.1');
  });
});

describe('Send to FHIR server', () => {
  it('sends the signed version: the server holds the person, the encounter, 8 consents and the lesion observations; audited with codes only', async () => {
    const clock = { now: new Date('2026-06-01T08:00:00Z') };
    const { repos, factory, version } = await setup(clock);
    await repos.fhirServer.save({ url: server.baseUrl, auth: { kind: 'bearer', token: TOKEN } });
    const outcome = await sendVersion(repos, platform, version, 'en');
    expect(outcome).toMatchObject({ state: 'sent' });
    const [item] = await repos.fhirOutbox.list(version.caseId);
    expect(item).toMatchObject({ state: 'sent', attempts: 1, reportVersion: 1, lastFailure: null });
    const patients = (await server.get(`/Patient?family=${encodeURIComponent(EXAMPLE_PERSON.familyName)}`)) as Bundle<Patient>;
    expect(patients.entry).toHaveLength(1);
    const patientId = patients.entry?.[0]?.resource?.id ?? '';
    const count = async (query: string) => ((await server.get(`${query}&_count=100`)) as Bundle).entry?.length ?? 0;
    expect(await count(`/Encounter?subject=Patient/${patientId}`)).toBe(1);
    expect(await count(`/Consent?patient=Patient/${patientId}`)).toBe(8);
    const sent = JSON.parse(await repos.fhirOutbox.bundleOf(item?.id ?? '')) as Bundle;
    expect(await count(`/Observation?subject=Patient/${patientId}`)).toBe(sent.entry?.filter((e) => e.resource?.resourceType === 'Observation').length);
    expect(sent.entry?.some((e) => e.resource?.resourceType === 'DocumentReference')).toBe(true);
    // The audit: queued, then sent; ids and codes, never the person.
    const events: { event: { action: string; recordType: string } }[] = [];
    for await (const row of repos.audit.exportEntries()) events.push(row as never);
    expect(events.filter((e) => e.event.recordType === 'fhir-outbox').map((e) => e.event.action)).toEqual(['create', 'send']);
    expect(JSON.stringify(events)).not.toContain(EXAMPLE_PERSON.familyName);
    repos.close();
    const disk = await dump(factory);
    expect(disk).not.toContain(EXAMPLE_PERSON.familyName);
    expect(disk).not.toContain('urn:uuid:');
  }, 60_000);

  it('a server that times out, answers 500 with an OperationOutcome, or answers HTML: queued with the reason, the bundle kept byte for byte, through a reload, then sent', async () => {
    const clock = { now: new Date('2026-06-01T08:00:00Z') };
    const { repos, open, version } = await setup(clock);
    await repos.fhirServer.save({ url: server.baseUrl, auth: { kind: 'bearer', token: TOKEN } });
    let current = repos;
    const before = server.requests.length;
    try {
      server.mode = 'timeout';
      expect(await sendVersion(current, platform, version, 'en')).toEqual({ state: 'queued', failure: 'timeout', httpStatus: null, issues: [] });
      const [queued] = await current.fhirOutbox.list(version.caseId);
      const bundle = await current.fhirOutbox.bundleOf(queued?.id ?? '');

      server.mode = 'outcome500';
      clock.now = new Date(clock.now.getTime() + 31_000);
      expect(await runFhirQueue(current, platform, { now: () => clock.now })).toEqual({ sent: 0, queued: 1, failure: 'refused' });
      expect((await current.fhirOutbox.list(version.caseId))[0]).toMatchObject({ state: 'queued', attempts: 2, lastFailure: 'refused', lastHttpStatus: 500, issues: ['Database connection lost while processing the transaction'] });

      // Backoff: not due again 30 s later (the second failure waits a minute); "Retry now" tries it anyway.
      server.mode = 'html';
      clock.now = new Date(clock.now.getTime() + 30_000);
      expect(await runFhirQueue(current, platform, { now: () => clock.now })).toEqual({ sent: 0, queued: 1, failure: null });
      expect(await runFhirQueue(current, platform, { all: true, now: () => clock.now })).toEqual({ sent: 0, queued: 1, failure: 'html' });
      expect((await current.fhirOutbox.list(version.caseId))[0]).toMatchObject({ state: 'queued', attempts: 3, lastFailure: 'html', lastHttpStatus: 502, issues: [] });

      // A reload: the queue is still there, the bundle identical.
      current.close();
      current = await open();
      const [kept] = await current.fhirOutbox.list(version.caseId);
      expect(kept).toMatchObject({ id: queued?.id, state: 'queued', attempts: 3 });
      expect(await current.fhirOutbox.bundleOf(kept?.id ?? '')).toBe(bundle);
      expect(server.requests.length - before).toBe(3);
    } finally {
      server.mode = 'fhir';
    }
    // The server is back: the next due run (at unlock, or on the timer) sends it.
    clock.now = new Date(clock.now.getTime() + 3_600_000);
    expect(await runFhirQueue(current, platform, { now: () => clock.now })).toEqual({ sent: 1, queued: 0, failure: null });
    expect((await current.fhirOutbox.list(version.caseId))[0]).toMatchObject({ state: 'sent', attempts: 4 });
    const actions: string[] = [];
    for await (const row of current.audit.exportEntries()) {
      const event = (row as { event: { action: string; recordType: string; detail?: { failure?: string } } }).event;
      if (event.recordType === 'fhir-outbox') actions.push(event.detail?.failure === undefined ? event.action : `${event.action}:${event.detail.failure}`);
    }
    expect(actions).toEqual(['create', 'send-failed:timeout', 'send-failed:refused', 'send-failed:html', 'send']);
    current.close();
  }, 60_000);

  it('without a server configured, the bundle waits (no-server), and nothing is sent', async () => {
    const clock = { now: new Date('2026-06-01T08:00:00Z') };
    const { repos, version } = await setup(clock);
    const before = server.requests.length;
    expect(await sendVersion(repos, platform, version, 'en')).toMatchObject({ state: 'queued', failure: 'no-server' });
    expect(await repos.fhirOutbox.queuedCount()).toBe(1);
    expect(server.requests.length).toBe(before);
    repos.close();
  }, 60_000);
});
