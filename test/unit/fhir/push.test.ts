/**
 * Push to a FHIR server (issue #18 item 5), the HTTP side: the forwarder Electron's main process
 * (`fhir:send`) and `attest web` (`POST /_attest/fhir`) share, against a real FHIR server on 127.0.0.1
 * (Medplum's FHIR router over its in-memory repository, test/support/fhirServer.ts).
 *
 * What a receiving health authority would notice: the transaction is accepted, and reading back each
 * resource gives what was sent (references resolved to the server's ids). What a clinician would
 * notice: a server that does not answer in time, answers 500 with an OperationOutcome, answers an
 * HTML page, refuses the credentials, or answers too much, each comes back as its own failure (the
 * OperationOutcome's text kept), never as a success and never as a thrown error.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Bundle, Resource } from '@medplum/fhirtypes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exampleCaseFile } from '../../../cli/example';
import { startWebServer } from '../../../cli/webServer';
import { caseToFhirBundle } from '../../../shared/fhir';
import { classifyFhirAnswer, forwardFhirRequest } from '../../../shared/fhirForward';
import { FHIR_PROXY_PATH, FhirSendResult, MAX_FHIR_REPLY_BYTES, type FhirSendRequest } from '../../../shared/ipc';
import { startFhirServer, type TestFhirServer } from '../../support/fhirServer';

let server: TestFhirServer;
let guarded: TestFhirServer;
let web: Server;
let webDir: string;

beforeAll(async () => {
  server = await startFhirServer();
  guarded = await startFhirServer({ token: 'sesame-token-1' });
  webDir = mkdtempSync(join(tmpdir(), 'attest-web-fhir-'));
  mkdirSync(join(webDir, 'root'));
  writeFileSync(join(webDir, 'root', 'index.html'), '<!doctype html><title>Attest</title>');
  web = await startWebServer({ root: join(webDir, 'root'), port: 0 });
}, 60_000);

afterAll(async () => {
  await server.close();
  await guarded.close();
  web.close();
  rmSync(webDir, { recursive: true, force: true });
});

const transaction = (baseUrl: string, bundle: Bundle, timeoutMs = 10_000): FhirSendRequest => ({ operation: 'transaction', baseUrl, auth: { kind: 'none' }, timeoutMs, bundle: JSON.stringify(bundle) });

/** The resource as sent, with each `urn:uuid:` reference replaced by the server's `Type/id`, without id and meta. */
function expected(resource: Resource, ids: ReadonlyMap<string, string>): unknown {
  const rest: Partial<Resource> = { ...resource };
  delete rest.id;
  delete rest.meta;
  return JSON.parse(JSON.stringify(rest, (key, value: unknown) => (key === 'reference' && typeof value === 'string' && ids.has(value) ? ids.get(value) : value))) as unknown;
}

describe('forwarding to a real FHIR server', () => {
  it('posts the transaction Bundle; reading back every resource gives what was sent', async () => {
    const bundle = caseToFhirBundle(exampleCaseFile(), { bundleType: 'transaction' });
    const result = await forwardFhirRequest(fetch, transaction(server.baseUrl, bundle));
    expect(result.status).toBe('accepted');
    if (result.status !== 'accepted') return;
    const entries = bundle.entry ?? [];
    expect(result.locations).toHaveLength(entries.length);
    // The server's ids, in entry order (`Type/id/_history/v` or `Type/id`).
    const ids = new Map(entries.map((entry, i) => [entry.fullUrl ?? '', (result.locations[i] ?? '').split('/').slice(0, 2).join('/')]));
    const types = entries.map((entry) => entry.resource?.resourceType);
    for (const type of ['Patient', 'Encounter', 'Consent', 'Observation'] as const) expect(types).toContain(type);
    expect(types.filter((t) => t === 'Consent')).toHaveLength(8);
    for (const entry of entries) {
      const resource = entry.resource;
      if (resource === undefined) throw new Error('an entry without a resource');
      const stored: Partial<Resource> = { ...(await server.get(`/${ids.get(entry.fullUrl ?? '') ?? ''}`)) };
      expect(stored.resourceType).toBe(resource.resourceType);
      expect(stored.id).toMatch(/^[0-9a-f-]{36}$/u);
      delete stored.id;
      delete stored.meta;
      expect(stored).toEqual(expected(resource, ids));
    }
    // A search finds the person, the examination and every lesion observation under the person.
    const patientId = ids.get(entries.find((e) => e.resource?.resourceType === 'Patient')?.fullUrl ?? '') ?? '';
    const observations = (await server.get(`/Observation?subject=${patientId}&_count=100`)) as Bundle;
    expect(observations.entry?.length).toBe(types.filter((t) => t === 'Observation').length);
  });

  it('asks GET [base]/metadata for "Test connection", and sends the bearer token only to the configured server', async () => {
    const ok = await forwardFhirRequest(fetch, { operation: 'metadata', baseUrl: `${guarded.baseUrl}/`, auth: { kind: 'bearer', token: 'sesame-token-1' }, timeoutMs: 5_000 });
    expect(ok).toEqual({ status: 'capability', httpStatus: 200, fhirVersion: '4.0.1', software: 'Medplum FHIR router (in-memory) 5.2.13' });
    expect(guarded.requests.at(-1)).toEqual({ method: 'GET', path: '/fhir/R4/metadata', authorization: 'Bearer sesame-token-1' });
    expect(await forwardFhirRequest(fetch, { operation: 'metadata', baseUrl: guarded.baseUrl, auth: { kind: 'bearer', token: 'wrong' }, timeoutMs: 5_000 })).toEqual({ status: 'failed', reason: 'auth', httpStatus: 401 });
    const basic = await forwardFhirRequest(fetch, { operation: 'metadata', baseUrl: server.baseUrl, auth: { kind: 'basic', username: 'clinic-7', password: 'pä:ss' }, timeoutMs: 5_000 });
    expect(basic.status).toBe('capability');
    expect(server.requests.at(-1)?.authorization).toBe(`Basic ${Buffer.from('clinic-7:pä:ss').toString('base64')}`);
  });

  it('a server that does not answer in time, answers 500 with an OperationOutcome, or answers HTML: its own failure each', async () => {
    const bundle = caseToFhirBundle(exampleCaseFile(), { bundleType: 'transaction' });
    try {
      server.mode = 'timeout';
      const started = Date.now();
      expect(await forwardFhirRequest(fetch, transaction(server.baseUrl, bundle, 1_000))).toEqual({ status: 'failed', reason: 'timeout', httpStatus: null });
      expect(Date.now() - started).toBeLessThan(5_000);
      server.mode = 'outcome500';
      expect(await forwardFhirRequest(fetch, transaction(server.baseUrl, bundle))).toEqual({ status: 'refused', httpStatus: 500, issues: ['Database connection lost while processing the transaction'] });
      server.mode = 'html';
      expect(await forwardFhirRequest(fetch, transaction(server.baseUrl, bundle))).toEqual({ status: 'failed', reason: 'html', httpStatus: 502 });
    } finally {
      server.mode = 'fhir';
    }
    // Nothing listening: unreachable, not an exception.
    expect(await forwardFhirRequest(fetch, transaction('http://127.0.0.1:1/fhir', bundle))).toEqual({ status: 'failed', reason: 'unreachable', httpStatus: null });
  });

  it('classifies what is not FHIR, a refused entry, and an answer over the size limit', async () => {
    expect(classifyFhirAnswer('transaction', 200, 'application/json', '{"hello":"world"}')).toEqual({ status: 'failed', reason: 'not-fhir', httpStatus: 200 });
    expect(classifyFhirAnswer('transaction', 200, 'text/plain', 'OK')).toEqual({ status: 'failed', reason: 'not-fhir', httpStatus: 200 });
    expect(classifyFhirAnswer('metadata', 200, 'application/json', '{"resourceType":"Bundle","type":"searchset"}')).toEqual({ status: 'failed', reason: 'not-fhir', httpStatus: 200 });
    expect(classifyFhirAnswer('transaction', 200, 'application/fhir+json', '  <html><body>Login</body></html>')).toEqual({ status: 'failed', reason: 'html', httpStatus: 200 });
    const partial = { resourceType: 'Bundle', type: 'transaction-response', entry: [{ response: { status: '201 Created' } }, { response: { status: '422', outcome: { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'invalid', diagnostics: 'Consent.status is required', expression: ['Consent.status'] }] } } }] };
    expect(classifyFhirAnswer('transaction', 200, 'application/fhir+json', JSON.stringify(partial))).toEqual({ status: 'refused', httpStatus: 200, issues: ['Consent.status is required (Consent.status)'] });
    const huge = new Response(new Uint8Array(MAX_FHIR_REPLY_BYTES + 1), { status: 200, headers: { 'content-type': 'application/fhir+json' } });
    const big = await forwardFhirRequest(() => Promise.resolve(huge), { operation: 'metadata', baseUrl: 'https://fhir.example.org/r4', auth: { kind: 'none' }, timeoutMs: 5_000 });
    expect(big).toEqual({ status: 'failed', reason: 'too-large', httpStatus: 200 });
  });
});

describe('attest web forwards the browser build’s requests (POST /_attest/fhir)', () => {
  const post = (body: unknown, headers: Record<string, string> = {}) => fetch(`http://127.0.0.1:${String((web.address() as AddressInfo).port)}${FHIR_PROXY_PATH}`, { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body: JSON.stringify(body) });

  it('answers the classified result as JSON: accepted, then the server’s 500 OperationOutcome', async () => {
    const bundle = caseToFhirBundle(exampleCaseFile(), { bundleType: 'transaction' });
    const accepted = FhirSendResult.parse(await (await post(transaction(server.baseUrl, bundle))).json());
    expect(accepted.status).toBe('accepted');
    server.mode = 'outcome500';
    try {
      expect(FhirSendResult.parse(await (await post(transaction(server.baseUrl, bundle))).json())).toEqual({ status: 'refused', httpStatus: 500, issues: ['Database connection lost while processing the transaction'] });
    } finally {
      server.mode = 'fhir';
    }
  });

  it('refuses a cross-site page, another content type, and a request the contract does not allow', async () => {
    const metadata = { operation: 'metadata', baseUrl: server.baseUrl, auth: { kind: 'none' }, timeoutMs: 5_000 };
    expect((await post(metadata, { Origin: 'https://evil.example' })).status).toBe(403);
    expect((await post(metadata, { 'Content-Type': 'text/plain' })).status).toBe(403);
    expect((await post({ ...metadata, baseUrl: 'file:///etc/passwd' })).status).toBe(400);
    expect((await post({ ...metadata, baseUrl: `${server.baseUrl}?_format=xml` })).status).toBe(400);
    expect((await post({ ...metadata, operation: 'delete' })).status).toBe(400);
  });
});
