/**
 * Where: main process, pure. Decides `will-navigate`, `will-frame-navigate` and `will-redirect`.
 */
import { isAppUrl } from './origin';

export type NavigationDecision = 'allow' | 'deny';

/**
 * Allows a navigation only to a page of the app origin itself (`app://attest/…`), which can only
 * serve our own build. Everything else is denied: the web, `file:`, `javascript:`, `data:`,
 * other custom schemes and look-alike hosts. External links go through `openExternalLink`.
 */
export function decideNavigation(url: string): NavigationDecision {
  return isAppUrl(url) ? 'allow' : 'deny';
}
