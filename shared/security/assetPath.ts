/**
 * The path-traversal guard for serving the built renderer: used by the Electron `app://` protocol
 * handler (electron/policy/protocol.ts) and by the local web server (cli/webServer.ts), so both refuse
 * exactly the same requests. Pure string logic; each caller joins the segments under its own root and
 * checks containment once more after resolving symbolic links.
 */

export type AssetPath =
  | {
      readonly ok: true;
      /** Decoded, checked path segments; empty for the root. */
      readonly segments: readonly string[];
      /** The path named a folder (`/` or a trailing `/`): serve its index.html. */
      readonly directory: boolean;
      /** No extension on the last segment: a route of the single-page app, served index.html if absent. */
      readonly spaFallback: boolean;
    }
  | { readonly ok: false };

/**
 * After decoding, a path segment is a plain file or folder name: no separators, no drive letters or
 * Windows stream names (`:`), no control characters, no dot files (which also covers `.` and `..`).
 */
function isSafeSegment(segment: string): boolean {
  if (segment === '' || segment.startsWith('.')) return false;
  for (const char of segment) {
    const code = char.codePointAt(0) ?? 0;
    if (char === '/' || char === '\\' || char === ':' || code < 0x20 || code === 0x7f) return false;
  }
  return true;
}

/** The raw path of a URL or of a request target, without query or fragment, exactly as written. */
function rawPathOf(target: string): string | null {
  let rest = target;
  if (!rest.startsWith('/')) {
    const authority = rest.indexOf('//');
    if (authority === -1) return null;
    rest = rest.slice(authority + 2);
    const slash = rest.search(/[/?#]/u);
    if (slash === -1 || rest[slash] !== '/') return '/';
    rest = rest.slice(slash);
  }
  const end = rest.search(/[?#]/u);
  return end === -1 ? rest : rest.slice(0, end);
}

/**
 * Parses the path of a request (`/assets/index-abc.js`, or a whole `app://attest/…` URL) into safe
 * segments, or refuses it.
 *
 * Segments are taken from the raw text, not from a parsed URL's `pathname`: URL parsing silently
 * resolves `..` and `%2e%2e`, and a request that tries them is refused rather than quietly rewritten.
 * Refused: `..` or `.` segments (plain or percent-encoded), encoded slashes or backslashes,
 * backslashes, NUL and control characters, empty segments (`//etc/passwd`), drive letters, dot files,
 * and anything that fails to decode. The query and fragment are ignored.
 */
export function parseAssetPath(target: string): AssetPath {
  const raw = rawPathOf(target);
  if (raw === null) return { ok: false };
  const encodedSegments = raw.split('/').slice(1);
  const trailingSlash = encodedSegments.at(-1) === '';
  if (trailingSlash) encodedSegments.pop();

  const segments: string[] = [];
  for (const encoded of encodedSegments) {
    let segment: string;
    try {
      segment = decodeURIComponent(encoded);
    } catch {
      return { ok: false };
    }
    // Checked after decoding, so `%2e%2e`, `%2f`, `%5c` and `%00` are caught as `..`, `/`, `\`, NUL.
    if (!isSafeSegment(segment)) return { ok: false };
    segments.push(segment);
  }
  const directory = trailingSlash || segments.length === 0;
  const last = segments.at(-1) ?? '';
  return { ok: true, segments, directory, spaFallback: !directory && !last.includes('.') };
}
