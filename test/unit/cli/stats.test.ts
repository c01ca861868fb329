/** `attest stats`: the CSV of a statistics JSON export, header in the language or as identifiers (issue #15). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { run as stats } from '../../../cli/commands/stats';
import { catalogs } from '../../../shared/i18n';
import { computeStatistics } from '../../../shared/stats/compute';
import { toCsv, toJson } from '../../../shared/stats/export';
import { suppressStatistics } from '../../../shared/stats/suppress';
import { scratchDir } from '../signing/helpers';
import { many } from '../stats/helpers';
import { capture } from './helpers';

const scratch = scratchDir('attest-cli-stats-');
afterAll(() => { scratch.remove(); });

const published = suppressStatistics(computeStatistics([...many(12, { injuriesDocumented: true, lesions: [{ type: 'contusion', consistency: 'consistent' }] }), ...many(3, { facilityCode: 'PRISON-02' }), ...many(9, { facilityCode: 'PRISON-03' })], { from: '2025-01-01', to: '2025-03-31' }));

describe('attest stats STATS.json --out FILE.csv', () => {
  const input = scratch.write('stats.json', toJson(published));

  it('writes the CSV with its header in the --lang language, or as identifiers with --header ids; messages in the message language', async () => {
    const fr = capture({ LANG: 'C.UTF-8' });
    expect(await stats([input, '--out', join(scratch.dir, 'fr.csv'), '--lang', 'fr'], fr.io)).toBe(0);
    const csv = readFileSync(join(scratch.dir, 'fr.csv'), 'utf8');
    expect(csv).toBe(toCsv(published, 'fr'));
    expect(csv).toContain(`${catalogs.fr.signing.stats.export.header.section},${catalogs.fr.signing.stats.byMonth}\r\n`);
    // --lang is also the message language (as in every command).
    expect(fr.out.join('\n')).toBe('CSV des statistiques du 2025-01-01 au 2025-03-31 écrit (noms de colonnes en français).');
    const en = capture({ LANG: 'C.UTF-8' });
    expect(await stats([input, '--out', join(scratch.dir, 'en.csv')], en.io)).toBe(0);
    expect(en.out.join('\n')).toBe('Wrote the CSV of the statistics from 2025-01-01 to 2025-03-31 (column names in English).');
    expect(readFileSync(join(scratch.dir, 'en.csv'), 'utf8')).toBe(toCsv(published, 'en'));

    const ids = capture({ LANG: 'ar_EG.UTF-8' });
    expect(await stats([input, '--out', join(scratch.dir, 'ids.csv'), '--header', 'ids'], ids.io)).toBe(0);
    expect(readFileSync(join(scratch.dir, 'ids.csv'), 'utf8')).toBe(toCsv(published, 'ar', 'ids'));
    expect(readFileSync(join(scratch.dir, 'ids.csv'), 'utf8')).toContain('section,by_month\r\nkind,key,admissions,');
    expect(ids.out.join('\n')).toContain(catalogs.ar.cli.stats.headerIds);
  });

  it('refuses a bad --header, a file that is not a statistics export and a missing --out with exit 2, writing nothing', async () => {
    const bad = capture({ LANG: 'fr_FR.UTF-8' });
    expect(await stats([input, '--out', join(scratch.dir, 'x.csv'), '--header', 'names'], bad.io)).toBe(2);
    expect(bad.err.join('\n')).toContain(catalogs.fr.cli.stats.header);
    const other = capture();
    expect(await stats([scratch.write('case.json', '{"format":"attest-case","formatVersion":1}'), '--out', join(scratch.dir, 'x.csv')], other.io)).toBe(2);
    expect(other.err.join('\n')).toContain('is not a statistics export of Attest');
    expect(await stats([input], capture().io)).toBe(2);
    expect(() => readFileSync(join(scratch.dir, 'x.csv'))).toThrow();
  });
});
