/**
 * Talking to a FHIR server on the app's behalf (issue #18 item 5): in Electron's main process for
 * `fhir:send`, and in `attest web` for the browser build (the page's CSP allows its own origin only).
 *
 * Limited to what the app needs: GET [base]/metadata and POST [base] with a transaction Bundle, the URL
 * composed here from the configured base (the caller cannot name another path), no redirects, a
 * timeout, and an answer read with a running byte count (never more than MAX_FHIR_REPLY_BYTES). What
 * comes back is parsed with zod and classified: a CapabilityStatement, an accepted transaction-response,
 * a refusal with the OperationOutcome's issue texts, or a failure (timeout, unreachable, an HTML page,
 * something that is not FHIR, too large, credentials refused). Pure: the caller gives `fetch`. Nothing
 * here logs the URL, the credentials, the bundle or the answer.
 */
import { z } from 'zod';
import { MAX_FHIR_ISSUE_CHARS, MAX_FHIR_ISSUES, MAX_FHIR_REPLY_BYTES, type FhirSendRequest, type FhirSendResult } from './ipc';

const FHIR_JSON = 'application/fhir+json';

const IssueSchema = z.looseObject({
  severity: z.string().optional(),
  code: z.string().optional(),
  diagnostics: z.string().optional(),
  details: z.looseObject({ text: z.string().optional(), coding: z.array(z.looseObject({ display: z.string().optional(), code: z.string().optional() })).optional() }).optional(),
  expression: z.array(z.string()).optional(),
});
const OperationOutcomeSchema = z.looseObject({ resourceType: z.literal('OperationOutcome'), issue: z.array(IssueSchema).min(1) });
const CapabilitySchema = z.looseObject({ resourceType: z.literal('CapabilityStatement'), fhirVersion: z.string().optional(), software: z.looseObject({ name: z.string().optional(), version: z.string().optional() }).optional() });
const ResponseEntry = z.looseObject({
  response: z.looseObject({ status: z.string().regex(/^\d{3}\b/u), location: z.string().optional(), outcome: z.unknown().optional() }),
});
const TransactionResponseSchema = z.looseObject({ resourceType: z.literal('Bundle'), type: z.literal('transaction-response'), entry: z.array(ResponseEntry).optional() });

const clip = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

/** The issue texts of an OperationOutcome: details.text, else diagnostics, else a coding's display, else the code; errors first. */
export function outcomeIssueTexts(value: unknown): string[] | null {
  const parsed = OperationOutcomeSchema.safeParse(value);
  if (!parsed.success) return null;
  const rank = (severity: string | undefined) => (severity === 'fatal' || severity === 'error' ? 0 : severity === 'warning' ? 1 : 2);
  return [...parsed.data.issue]
    .sort((a, b) => rank(a.severity) - rank(b.severity))
    .slice(0, MAX_FHIR_ISSUES)
    .map((issue) => {
      const text = issue.details?.text ?? issue.diagnostics ?? issue.details?.coding?.find((c) => c.display !== undefined)?.display ?? issue.code ?? '';
      const where = issue.expression?.length ? ` (${issue.expression.join(', ')})` : '';
      return clip(`${text}${where}`.trim(), MAX_FHIR_ISSUE_CHARS);
    })
    .filter((text) => text !== '');
}

/** The answer's bytes, read with a running count; null once it passes `max`. */
async function readLimited(response: Response, max: number): Promise<Uint8Array | null> {
  const declared = Number(response.headers.get('content-length') ?? '0');
  if (Number.isFinite(declared) && declared > max) {
    await response.body?.cancel().catch(() => undefined);
    return null;
  }
  if (response.body === null) return new Uint8Array(0);
  const reader = response.body.getReader();
  const parts: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) {
      await reader.cancel().catch(() => undefined);
      return null;
    }
    parts.push(value);
  }
  const out = new Uint8Array(size);
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.byteLength;
  }
  return out;
}

function looksLikeHtml(contentType: string, text: string): boolean {
  return /^(text\/html|application\/xhtml\+xml)\b/iu.test(contentType) || /^\s*(<!doctype html|<html\b|<head\b|<body\b)/iu.test(text);
}

/** The URL of an operation: the base itself for a transaction, `[base]/metadata` for the capability statement. */
export function fhirOperationUrl(baseUrl: string, operation: FhirSendRequest['operation']): string {
  const base = baseUrl.endsWith('/') ? baseUrl.slice(0, -1) : baseUrl;
  return operation === 'metadata' ? `${base}/metadata` : base;
}

function authorization(auth: FhirSendRequest['auth']): string | null {
  if (auth.kind === 'bearer') return `Bearer ${auth.token}`;
  if (auth.kind === 'basic') {
    const pair = new TextEncoder().encode(`${auth.username}:${auth.password}`);
    let binary = '';
    for (const byte of pair) binary += String.fromCharCode(byte);
    return `Basic ${btoa(binary)}`;
  }
  return null;
}

/** Classifies an answer already read (exported for the tests of each branch). */
export function classifyFhirAnswer(operation: FhirSendRequest['operation'], httpStatus: number, contentType: string, text: string): FhirSendResult {
  if (httpStatus === 401 || httpStatus === 403) return { status: 'failed', reason: 'auth', httpStatus };
  if (looksLikeHtml(contentType, text)) return { status: 'failed', reason: 'html', httpStatus };
  let json: unknown;
  try {
    json = JSON.parse(text) as unknown;
  } catch {
    return { status: 'failed', reason: 'not-fhir', httpStatus };
  }
  const issues = outcomeIssueTexts(json);
  if (httpStatus < 200 || httpStatus > 299) {
    if (issues !== null) return { status: 'refused', httpStatus, issues };
    return { status: 'failed', reason: 'not-fhir', httpStatus };
  }
  if (operation === 'metadata') {
    const capability = CapabilitySchema.safeParse(json);
    if (!capability.success) return { status: 'failed', reason: 'not-fhir', httpStatus };
    const software = capability.data.software?.name === undefined ? null : clip([capability.data.software.name, capability.data.software.version].filter((v) => v !== undefined).join(' '), 200);
    return { status: 'capability', httpStatus, fhirVersion: capability.data.fhirVersion === undefined ? null : clip(capability.data.fhirVersion, 20), software };
  }
  const bundle = TransactionResponseSchema.safeParse(json);
  if (!bundle.success) {
    // A 2xx OperationOutcome is a server saying it did not process the bundle (some do).
    if (issues !== null) return { status: 'refused', httpStatus, issues };
    return { status: 'failed', reason: 'not-fhir', httpStatus };
  }
  const entries = bundle.data.entry ?? [];
  const failed = entries.filter((entry) => !entry.response.status.startsWith('2'));
  if (failed.length > 0) {
    const texts = failed.flatMap((entry) => outcomeIssueTexts(entry.response.outcome) ?? [entry.response.status]);
    return { status: 'refused', httpStatus, issues: texts.slice(0, MAX_FHIR_ISSUES) };
  }
  return { status: 'accepted', httpStatus, locations: entries.flatMap((entry) => (entry.response.location === undefined ? [] : [clip(entry.response.location, 2048)])) };
}

export async function forwardFhirRequest(fetchImpl: typeof fetch, request: FhirSendRequest): Promise<FhirSendResult> {
  const headers: Record<string, string> = { Accept: `${FHIR_JSON}, application/json;q=0.9` };
  const auth = authorization(request.auth);
  if (auth !== null) headers.Authorization = auth;
  if (request.operation === 'transaction') headers['Content-Type'] = `${FHIR_JSON}; charset=utf-8`;
  const signal = AbortSignal.timeout(request.timeoutMs);
  try {
    const response = await fetchImpl(fhirOperationUrl(request.baseUrl, request.operation), {
      method: request.operation === 'metadata' ? 'GET' : 'POST',
      headers,
      ...(request.operation === 'transaction' ? { body: request.bundle } : {}),
      signal,
      redirect: 'error',
      credentials: 'omit',
    });
    const bytes = await readLimited(response, MAX_FHIR_REPLY_BYTES);
    if (bytes === null) return { status: 'failed', reason: 'too-large', httpStatus: response.status };
    let text: string;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      return { status: 'failed', reason: 'not-fhir', httpStatus: response.status };
    }
    return classifyFhirAnswer(request.operation, response.status, response.headers.get('content-type') ?? '', text);
  } catch (error) {
    const name = error instanceof Error ? error.name : '';
    // The body may still be arriving when the time runs out: the signal says which it was.
    return { status: 'failed', reason: name === 'TimeoutError' || name === 'AbortError' || signal.aborted ? 'timeout' : 'unreachable', httpStatus: null };
  }
}
