// @ts-check
/**
 * Lint: strict typescript-eslint, plus the import boundaries of the house (see
 * ../shared/handbook/architecture.md). `boundaries` is exported so that test/unit/lintBoundaries.test.ts
 * can prove, with fixtures, that a wrong import fails lint.
 */
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

const nodeBuiltins = ['node:*', 'fs', 'fs/*', 'path', 'os', 'child_process', 'crypto', 'http', 'https', 'net', 'url', 'util', 'stream', 'buffer', 'worker_threads', 'process'];

/** DOM-only globals that pure shared/ code must not touch (it receives what it needs as arguments). */
const domGlobals = ['window', 'self', 'postMessage', 'importScripts', 'caches', 'document', 'navigator', 'localStorage', 'sessionStorage', 'indexedDB', 'location', 'history', 'fetch', 'XMLHttpRequest', 'HTMLElement', 'Element', 'Node', 'FileReader', 'Blob', 'File', 'Image', 'alert', 'confirm', 'prompt'].map(
  (name) => ({ name, message: 'shared/ is pure: no DOM. Pass what you need in as an argument.' }),
);
const nodeGlobals = ['process', 'Buffer', 'require', '__dirname', '__filename', 'global', 'module'].map((name) => ({
  name,
  message: 'This code must not depend on Node. Pass what you need in as an argument.',
}));

/**
 * Issue #15: no module outside shared/i18n and forms/i18n imports a catalog of one language (a
 * language folder, forms/i18n/<lang>, or English through `en` / `formsEn`); code takes a `Language`
 * and looks its catalog up in the registry. Tests may read English: they assert what it prints.
 */
const catalogLanguages = ['ar', 'zh', 'en', 'fr', 'ru', 'es'];
const oneLanguage = [
  { group: catalogLanguages.flatMap((code) => [`**/i18n/${code}`, `**/i18n/${code}/**`]), message: 'Only shared/i18n and forms/i18n import one language\'s catalog: take a Language and use catalogs[language].' },
  { group: ['**/i18n', '**/i18n/index'], importNames: ['en', 'formsEn'], message: 'Only shared/i18n and forms/i18n import one language\'s catalog: take a Language and use catalogs[language].' },
];

/** Per-folder import rules: the arrows of the architecture, enforced. */
export const boundaries = [
  {
    name: 'attest/boundaries/shared',
    files: ['shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'shared/ is pure: it may not import electron.' }],
          patterns: [
            { group: nodeBuiltins, message: 'shared/ is pure: it may not import Node built-ins.' },
            { group: ['**/renderer/**', '**/electron/**', '**/cli/**', '**/forms/**', '**/test/**'], message: 'shared/ imports nothing from the other folders.' },
            { group: ['react', 'react-dom', 'react-dom/*', 'dexie', 'i18next', 'react-i18next'], message: 'shared/ is pure: no UI or storage libraries.' },
            ...oneLanguage,
          ],
        },
      ],
      'no-restricted-globals': ['error', ...domGlobals, ...nodeGlobals],
    },
  },
  {
    name: 'attest/boundaries/forms',
    files: ['forms/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'forms/ is data: it may not import electron.' }],
          patterns: [
            { group: nodeBuiltins, message: 'forms/ is data: it may not import Node built-ins.' },
            { group: ['**/renderer/**', '**/electron/**', '**/cli/**', '**/test/**'], message: 'forms/ may import shared/ only.' },
            { group: ['react', 'react-dom', 'dexie'], message: 'forms/ is data, not React code.' },
            ...oneLanguage,
          ],
        },
      ],
      'no-restricted-globals': ['error', ...domGlobals, ...nodeGlobals],
    },
  },
  {
    name: 'attest/boundaries/renderer',
    files: ['renderer/**/*.ts', 'renderer/**/*.tsx'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'renderer/ talks to the shell only through renderer/platform/ and the preload bridge.' }],
          patterns: [
            { group: ['**/electron/**'], message: 'renderer/ never imports electron/: use renderer/platform/.' },
            { group: nodeBuiltins, message: 'renderer/ runs in a sandboxed page: no Node built-ins.' },
            { group: ['**/cli/**', '**/test/**'], message: 'renderer/ may import shared/ and forms/ only.' },
            ...oneLanguage,
          ],
        },
      ],
      'no-restricted-globals': ['error', ...nodeGlobals, { name: 'localStorage', message: 'Nothing goes to localStorage: it is unencrypted on disk.' }, { name: 'sessionStorage', message: 'Nothing goes to sessionStorage.' }],
    },
  },
  {
    // Only the repositories touch Dexie (conventions: one typed door per boundary).
    name: 'attest/boundaries/renderer-dexie',
    files: ['renderer/**/*.ts', 'renderer/**/*.tsx'],
    ignores: ['renderer/db/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'renderer/ talks to the shell only through renderer/platform/ and the preload bridge.' }],
          patterns: [
            { group: ['**/electron/**'], message: 'renderer/ never imports electron/: use renderer/platform/.' },
            { group: nodeBuiltins, message: 'renderer/ runs in a sandboxed page: no Node built-ins.' },
            { group: ['**/cli/**', '**/test/**'], message: 'renderer/ may import shared/ and forms/ only.' },
            { group: ['dexie', 'dexie/*'], message: 'Only renderer/db/ touches Dexie: call a repository.' },
            { group: ['**/db/database', '**/db/migrations/**'], message: 'Screens use repositories (renderer/db/repos), never the database itself.' },
            ...oneLanguage,
          ],
        },
      ],
    },
  },
  {
    name: 'attest/boundaries/electron',
    files: ['electron/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['**/renderer/**', '**/forms/**', '**/cli/**', '**/test/**'], message: 'electron/ may import shared/ only (the IPC contract and security policy).' },
            ...oneLanguage,
          ],
        },
      ],
    },
  },
  {
    name: 'attest/boundaries/cli',
    files: ['cli/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'cli/ runs in plain Node: importing electron there tries to download the binary.' }],
          patterns: [{ group: ['**/renderer/**', '**/electron/**'], message: 'cli/ may import shared/ and forms/ only.' }, ...oneLanguage],
        },
      ],
    },
  },
  {
    // The catalogs themselves: shared/ and forms/ rules, without the one-language rule.
    name: 'attest/boundaries/i18n',
    files: ['shared/i18n/**/*.ts', 'forms/i18n/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'Catalogs are data: they may not import electron.' }],
          patterns: [
            { group: nodeBuiltins, message: 'Catalogs are data: they may not import Node built-ins.' },
            { group: ['**/renderer/**', '**/electron/**', '**/cli/**', '**/test/**'], message: 'Catalogs import nothing from the app folders.' },
            { group: ['react', 'react-dom', 'react-dom/*', 'dexie', 'i18next', 'react-i18next'], message: 'Catalogs are data: no UI or storage libraries.' },
          ],
        },
      ],
    },
  },
];

export default tseslint.config(
  {
    ignores: ['dist/**', 'release/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', 'test/fixtures/**'],
  },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        projectService: true,
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-non-null-assertion': 'error',
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      'no-console': ['error', { allow: ['warn', 'error'] }],
    },
  },
  {
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    languageOptions: { globals: globals.node },
  },
  {
    files: ['renderer/**/*.tsx', 'renderer/**/*.ts'],
    plugins: { 'react-hooks': reactHooks },
    rules: reactHooks.configs.recommended.rules,
    languageOptions: { globals: globals.browser },
  },
  {
    files: ['cli/**/*.ts', 'test/**/*.ts', '*.ts'],
    rules: { 'no-console': 'off' },
  },
  ...boundaries,
);
