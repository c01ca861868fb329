/**
 * Proves that the import boundaries of the house fail lint. Each fixture in test/fixtures/lint names
 * the path it is linted as and the rule it must break (or `nothing`, a control that must pass, so the
 * rules cannot simply forbid everything).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ESLint, type Linter } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const fixtureDir = fileURLToPath(new URL('../fixtures/lint/', import.meta.url));

interface ConfigModule {
  default: Linter.Config[];
  boundaries: Linter.Config[];
}

async function loadConfig(): Promise<ConfigModule> {
  return (await import(pathToFileURL(`${root}eslint.config.js`).href)) as ConfigModule;
}

const fixtures = readdirSync(fixtureDir)
  .filter((name) => name.endsWith('.ts'))
  .map((name) => {
    const text = readFileSync(`${fixtureDir}${name}`, 'utf8');
    const lintAs = /^\/\/ lint-as: (\S+)$/m.exec(text)?.[1] ?? '';
    const expected = /^\/\/ expect: (\S+)$/m.exec(text)?.[1] ?? '';
    return { name, text, lintAs, expected };
  });

describe('lint boundaries', () => {
  it('has fixtures for each folder, both failing and passing', () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(15);
    for (const folder of ['shared', 'renderer', 'electron', 'cli', 'forms']) {
      expect(fixtures.some((f) => f.lintAs.startsWith(`${folder}/`) && f.expected !== 'nothing')).toBe(true);
    }
  });

  it('are part of the project lint configuration', async () => {
    const { default: config, boundaries } = await loadConfig();
    for (const block of boundaries) expect(config).toContainEqual(block);
  });

  it.each(fixtures)('$name, linted as $lintAs, reports $expected', async ({ text, lintAs, expected }) => {
    const { boundaries } = await loadConfig();
    const eslint = new ESLint({
      cwd: root,
      overrideConfigFile: true,
      overrideConfig: [{ files: ['**/*.ts', '**/*.tsx'], languageOptions: { parser: tseslint.parser } }, ...boundaries],
    });
    const [result] = await eslint.lintText(text, { filePath: `${root}${lintAs}` });
    const rules = (result?.messages ?? []).map((m) => m.ruleId ?? `fatal: ${m.message}`);
    if (expected === 'nothing') expect(rules).toEqual([]);
    else expect(rules).toContain(expected);
  });
});
