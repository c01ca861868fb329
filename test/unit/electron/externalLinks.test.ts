import { describe, expect, it, vi } from 'vitest';
import { openExternalLink, parseExternalLink } from '../../../electron/policy/externalLinks';

describe('parseExternalLink', () => {
  it('accepts an https link and returns it normalized', () => {
    expect(parseExternalLink('https://www.ohchr.org/en/publications')).toBe('https://www.ohchr.org/en/publications');
    expect(parseExternalLink('HTTPS://Example.ORG')).toBe('https://example.org/');
  });

  it.each([
    ['plain http', 'http://example.org/'],
    ['a local file', 'file:///home/user/case.pdf'],
    ['javascript:', 'javascript:alert(1)'],
    ['mailto:', 'mailto:someone@example.org'],
    ['data:', 'data:text/html,hi'],
    ['our own app', 'app://attest/'],
    ['a scheme that starts a program', 'ms-msdt:/id PCWDiagnostic'],
    ['smb shares', 'smb://server/share'],
    ['a user and password', 'https://user:pass@example.org/'],
    ['a user only', 'https://user@example.org/'],
    ['spaces', 'https://example.org/a b'],
    ['a newline', 'https://example.org/\nx'],
    ['a NUL', 'https://example.org/\u0000'],
    ['leading space', ' https://example.org/'],
    ['no scheme', 'example.org'],
    ['a relative path', '/cases/1'],
    ['malformed text', 'https://'],
    ['the empty string', ''],
    ['an over-long link', `https://example.org/${'a'.repeat(2100)}`],
  ])('refuses %s', (_label, url) => {
    expect(parseExternalLink(url)).toBeNull();
  });
});

describe('openExternalLink', () => {
  it('opens only the parsed URL', async () => {
    const openExternal = vi.fn(() => Promise.resolve());
    await expect(openExternalLink('https://example.org', openExternal)).resolves.toBe(true);
    expect(openExternal).toHaveBeenCalledWith('https://example.org/');
  });

  it('never calls the OS for a refused link', async () => {
    const openExternal = vi.fn(() => Promise.resolve());
    await expect(openExternalLink('file:///etc/passwd', openExternal)).resolves.toBe(false);
    expect(openExternal).not.toHaveBeenCalled();
  });

  it('reports false when the OS fails to open it', async () => {
    await expect(openExternalLink('https://example.org', () => Promise.reject(new Error('no browser')))).resolves.toBe(false);
  });
});
