import { describe, expect, it } from 'vitest';
import { SafeFileName, SaveFileRequest, bridgeMethodNames, ipcChannels, ipcContract } from '../../../shared/ipc';

describe('IPC contract', () => {
  it('names every channel area:verb and exposes each under one distinct method name', () => {
    for (const channel of ipcChannels) expect(channel).toMatch(/^[a-z]+:[a-z][A-Za-z]*$/);
    const methods = Object.values(bridgeMethodNames);
    expect(new Set(methods).size).toBe(methods.length);
    expect(Object.keys(bridgeMethodNames).sort()).toEqual([...ipcChannels].sort());
    expect(Object.keys(ipcContract).sort()).toEqual([...ipcChannels].sort());
  });

  it.each(['report.pdf', 'attest-2026-11-27.attest-backup', 'A-2026-00001_v2.pdf'])('accepts the file name %j', (name) => {
    expect(SafeFileName.safeParse(name).success).toBe(true);
  });

  it.each(['../../.bashrc', '/etc/passwd', 'Ivan Petrov report.pdf', 'a\\b.pdf', '.hidden', 'x'.repeat(101), 'rapport-é.pdf', ''])(
    'refuses the file name %j (no paths, no names of people)',
    (name) => {
      expect(SafeFileName.safeParse(name).success).toBe(false);
    },
  );

  it('refuses a save request whose bytes are not bytes', () => {
    expect(SaveFileRequest.safeParse({ suggestedName: 'a.pdf', kind: 'pdf', bytes: 'JVBERi0' }).success).toBe(false);
    expect(SaveFileRequest.safeParse({ suggestedName: 'a.pdf', kind: 'exe', bytes: new Uint8Array(1) }).success).toBe(false);
    expect(SaveFileRequest.safeParse({ suggestedName: 'a.pdf', kind: 'pdf', bytes: new Uint8Array(1) }).success).toBe(true);
  });
});
