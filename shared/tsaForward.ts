/**
 * Posting an RFC 3161 query to a timestamp authority on the app's behalf (issue #17): in Electron's main
 * process for `tsa:query`, and in `attest web` for the browser build, whose Content-Security-Policy
 * lets the page connect to its own origin only. The answer is returned unread: the renderer checks it
 * (shared/signing/timestamp.ts). Pure: the caller gives `fetch`. Nothing here logs the URL or credentials.
 */
import { MAX_TSA_REPLY_BYTES, type TsaQueryRequest, type TsaQueryResult } from './ipc';

export async function forwardTimestampQuery(fetchImpl: typeof fetch, request: TsaQueryRequest): Promise<TsaQueryResult> {
  const headers: Record<string, string> = { 'Content-Type': 'application/timestamp-query', Accept: 'application/timestamp-reply' };
  if (request.username !== undefined) {
    const pair = new TextEncoder().encode(`${request.username}:${request.password ?? ''}`);
    headers.Authorization = `Basic ${btoa(String.fromCharCode(...pair))}`;
  }
  try {
    const response = await fetchImpl(request.url, {
      method: 'POST',
      headers,
      body: new Uint8Array(request.query),
      signal: AbortSignal.timeout(request.timeoutMs),
      redirect: 'error',
      credentials: 'omit',
    });
    if (!response.ok) return { status: 'failed', reason: 'unreachable' };
    const length = Number(response.headers.get('content-length') ?? '0');
    if (length > MAX_TSA_REPLY_BYTES) return { status: 'failed', reason: 'garbage' };
    const bytes = new Uint8Array(await response.arrayBuffer());
    if (bytes.byteLength > MAX_TSA_REPLY_BYTES) return { status: 'failed', reason: 'garbage' };
    return { status: 'answered', bytes };
  } catch (error) {
    const name = error instanceof Error ? error.name : '';
    return { status: 'failed', reason: name === 'TimeoutError' || name === 'AbortError' ? 'timeout' : 'unreachable' };
  }
}
