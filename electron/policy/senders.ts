/**
 * Where: main process, pure. Decides whether an IPC message comes from our own page.
 */
import { isAppUrl } from './origin';

/**
 * True when the URL of the frame that sent an IPC message is on the app origin `app://attest`.
 * A missing frame (`null`/`undefined`: it navigated away or was destroyed) is refused, as is
 * `about:blank`, which a page on any origin can open.
 */
export function isTrustedSender(frameUrl: string | null | undefined): boolean {
  return isAppUrl(frameUrl);
}
