/**
 * What the app needs from its host. `renderer/platform/electron.ts` implements it over the preload
 * bridge; `renderer/platform/browser.ts` with downloads and file inputs. The renderer picks one at start.
 */
import type {
  AppInfo,
  OpenFileRequest,
  OpenFileResult,
  SaveFileRequest,
  SaveFileResult,
} from './ipc';

export type PlatformKind = 'electron' | 'browser';

export interface Platform {
  readonly kind: PlatformKind;
  appInfo(): Promise<AppInfo>;
  /** Saves bytes where the user chooses (Electron dialog) or as a download (browser). */
  saveFile(request: SaveFileRequest): Promise<SaveFileResult>;
  /** Lets the user pick one file and returns its bytes. */
  openFile(request: OpenFileRequest): Promise<OpenFileResult>;
  /** Opens an https link outside the app; anything else is refused. */
  openExternalLink(url: string): Promise<boolean>;
  /**
   * Calls `callback` when the host asks the vault to lock (the computer sleeps or its screen locks);
   * returns the function that stops listening. Absent where the host never asks (the browser).
   */
  onLockRequested?(callback: () => void): () => void;
}
