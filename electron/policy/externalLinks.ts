/**
 * Where: main process, pure. The only gate between the app and the user's browser.
 */

/** Spaces and control characters: a link built by our code never has them; a crafted one might. */
function hasUnsafeCharacter(text: string): boolean {
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    if (code <= 0x20 || (code >= 0x7f && code <= 0x9f)) return true;
  }
  return false;
}

/**
 * Parses a link the user asked to open outside the app. Returns the normalized `https:` URL, or
 * `null` when the link is refused: any other scheme (`http:`, `file:`, `javascript:`, `mailto:`,
 * custom handlers that start programs), a user name or password in the URL, no host, spaces or
 * control characters, or text that does not parse.
 */
export function parseExternalLink(url: string): string | null {
  if (url.length === 0 || url.length > 2048 || hasUnsafeCharacter(url)) return null;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol !== 'https:') return null;
  if (parsed.username !== '' || parsed.password !== '') return null;
  if (parsed.hostname === '') return null;
  return parsed.href;
}

/** The one way a link leaves the app: parse it, then hand only an accepted URL to the OS. */
export async function openExternalLink(
  url: string,
  openExternal: (safeUrl: string) => Promise<void>,
): Promise<boolean> {
  const safeUrl = parseExternalLink(url);
  if (safeUrl === null) return false;
  try {
    await openExternal(safeUrl);
    return true;
  } catch {
    // No browser, or the OS refused: the caller tells the user; the URL itself is not logged.
    return false;
  }
}
