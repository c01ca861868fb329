import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runVerifyAudit, verifyAuditFile } from '../../../cli/verifyAudit';
import { EMPTY_CHAIN_HEAD, appendEvent, type ChainHead, type StoredAuditEntry } from '../../../shared/vault/auditChain';

const dir = mkdtempSync(join(tmpdir(), 'attest-audit-'));
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

const entries: StoredAuditEntry[] = [];
let head: ChainHead = EMPTY_CHAIN_HEAD;
for (let i = 0; i < 12; i += 1) {
  const entry = await appendEvent(head, { at: '2025-03-10T14:05:00+01:00', actor: 'profile-1', action: i % 2 ? 'update' : 'view', recordType: 'case', recordId: `case-${String(i % 3)}` });
  entries.push(entry);
  head = { seq: entry.seq, hash: entry.hash };
}

function file(name: string, content: string): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

async function run(args: readonly string[]): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runVerifyAudit(args, { out: (line) => out.push(line), err: (line) => err.push(line) });
  return { code, out, err };
}

const intact = file('intact.json', JSON.stringify(entries, null, 2));
const altered = file('altered.json', JSON.stringify(entries.map((e) => (e.seq === 5 ? { ...e, event: { ...e.event, action: 'sign' } } : e))));
const cut = file('cut.json', JSON.stringify(entries.slice(0, 9)));

describe('attest verify-audit', () => {
  it('prints the count and head of an intact chain and exits 0', async () => {
    expect(await run([intact])).toEqual({ code: 0, out: [`Audit chain verified: 12 events, head ${head.hash}`], err: [] });
  });

  it('names the first broken event and exits 1', async () => {
    const result = await run([altered]);
    expect(result.code).toBe(1);
    expect(result.out).toEqual(['Audit chain broken at event 5: hash-mismatch (this event was changed after it was recorded.)']);
  });

  it('catches a cut tail only against the head printed elsewhere', async () => {
    expect((await run([cut])).code).toBe(0);
    const anchored = await run([cut, '--head', head.hash, '--count', '12']);
    expect(anchored.code).toBe(1);
    expect(anchored.out[0]).toMatch(/^Audit chain broken at event 10: truncated \(/);
    expect((await run([intact, '--head', head.hash, '--count', '12'])).code).toBe(0);
  });

  it('exits 2 for input it cannot read, without echoing the path or the content', async () => {
    const cases = [
      join(dir, 'missing.json'),
      file('not-json.json', 'Audit of John Smith'),
      file('object.json', '{"entries": []}'),
      dir,
    ];
    for (const path of cases) {
      const result = await run([path]);
      expect(result.code, path).toBe(2);
      expect(result.out).toEqual([]);
      expect(result.err.join('\n')).not.toContain(dir);
      expect(result.err.join('\n')).not.toContain('John');
    }
  });

  it('exits 2 for bad arguments', async () => {
    expect((await run([])).code).toBe(2);
    expect((await run([intact, 'extra.json'])).code).toBe(2);
    expect((await run([intact, '--head'])).code).toBe(2);
    expect((await run([intact, '--head', 'ABC'])).code).toBe(2);
    expect((await run([intact, '--count', 'twelve'])).code).toBe(2);
  });

  it('verifyAuditFile reports a malformed entry as a broken chain, not as unreadable', async () => {
    const withText = file('free-text.json', JSON.stringify([entries[0], { ...entries[1], event: { ...entries[1]?.event, detail: { note: 'free text' } } }]));
    expect(await verifyAuditFile(withText)).toMatchObject({ exitCode: 1, message: expect.stringMatching(/^Audit chain broken at event 2: malformed/) as unknown });
  });
});
