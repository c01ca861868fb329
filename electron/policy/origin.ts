/**
 * Where: main process, pure (no Electron at run time). Tests import it.
 *
 * The one test of "is this URL ours?" that every other policy builds on.
 */
import { APP_HOST, APP_SCHEME } from '../../shared/ipc';

/**
 * True when `url` parses to exactly the app origin `app://attest`: scheme `app:`, host `attest`,
 * no port and no user name or password. Any path, query or fragment is allowed.
 *
 * `URL.origin` is `"null"` for custom schemes in Node, so the parts are compared one by one.
 * Node keeps the host of a non-special scheme as written, so `app://ATTEST/` is refused: Chromium
 * lower-cases hosts of standard schemes before we see them.
 */
export function isAppUrl(url: string | null | undefined): boolean {
  if (typeof url !== 'string' || url.length === 0) return false;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  return (
    parsed.protocol === `${APP_SCHEME}:` &&
    parsed.host === APP_HOST &&
    parsed.username === '' &&
    parsed.password === ''
  );
}
