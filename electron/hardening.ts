/**
 * Where: main process (Electron types only, so tests can drive it with a fake). Applied to every
 * web contents the app ever creates, through `app.on('web-contents-created')`.
 */
import type { WebContents } from 'electron';
import { decideNavigation } from './policy/navigation';

/** The part of a `will-navigate`/`will-frame-navigate`/`will-redirect` event we use. */
interface NavigationEvent {
  readonly url: string;
  preventDefault(): void;
}

function denyForeignNavigation(event: NavigationEvent): void {
  if (decideNavigation(event.url) === 'deny') event.preventDefault();
}

/**
 * Denies navigation and redirects away from `app://attest`, every `window.open` and every webview.
 */
export function hardenWebContents(contents: Pick<WebContents, 'on' | 'setWindowOpenHandler'>): void {
  contents.on('will-navigate', denyForeignNavigation);
  contents.on('will-frame-navigate', denyForeignNavigation);
  contents.on('will-redirect', denyForeignNavigation);
  // Defense in depth: webviewTag is off, and we never intend to attach a webview. Prevent it completely.
  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
  });
  // We never open a second window; external links go through the link:open channel.
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
}
