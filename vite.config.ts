import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';
import { licenceEntry, missingLicences, noticesText, packageRootOf, productionClosure } from './cli/notices';

/**
 * The renderer loads one language's catalogs at a time (issue #16: the bundle loaded at start): every
 * import of shared/i18n/index.ts or forms/i18n/index.ts, which hold all six languages for the CLI and
 * the tests, resolves to its lazy twin (lazy.ts, same exports) that fetches a language's chunk on demand.
 */
function lazyCatalogs(): Plugin {
  const twins = new Map(['shared/i18n', 'forms/i18n'].map((folder) => [
    fileURLToPath(new URL(`./${folder}/index.ts`, import.meta.url)),
    fileURLToPath(new URL(`./${folder}/lazy.ts`, import.meta.url)),
  ]));
  return {
    name: 'attest-lazy-catalogs',
    enforce: 'pre',
    async resolveId(source, importer, options) {
      if (importer === undefined || [...twins.values()].includes(importer)) return null;
      const resolved = await this.resolve(source, importer, { ...options, skipSelf: true });
      const twin = resolved === null ? undefined : twins.get(resolved.id);
      return twin ?? resolved;
    },
  };
}

/**
 * dist/renderer/THIRD_PARTY_NOTICES.txt (issue #20 item 7): the licences of the production dependency
 * closure and of every package a module of this build came from (cli/notices.ts). A package with no
 * licence fails the build. electron-builder.yml packages dist/renderer/**, so the app carries it.
 */
function thirdPartyNotices(): Plugin {
  const projectRoot = fileURLToPath(new URL('.', import.meta.url)).replace(/[\\/]$/u, '');
  return {
    name: 'attest-third-party-notices',
    apply: 'build',
    generateBundle() {
      const roots = new Set(productionClosure(projectRoot));
      for (const id of this.getModuleIds()) {
        const root = packageRootOf(id);
        if (root !== null) roots.add(root);
      }
      const entries = [...roots].map(licenceEntry);
      const missing = missingLicences(entries);
      if (missing.length > 0) this.error(`Third-party notices: no licence named by ${missing.join(', ')}`);
      this.emitFile({ type: 'asset', fileName: 'THIRD_PARTY_NOTICES.txt', source: noticesText(entries) });
    },
  };
}

const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as { version: string };

export default defineConfig({
  root: fileURLToPath(new URL('./renderer', import.meta.url)),
  base: '/',
  plugins: [lazyCatalogs(), react(), thirdPartyNotices()],
  define: { __APP_VERSION__: JSON.stringify(pkg.version) },
  build: {
    outDir: fileURLToPath(new URL('./dist/renderer', import.meta.url)),
    emptyOutDir: true,
    // The CSP allows scripts, styles and fonts from 'self' only: never inline an asset as a data: URL.
    assetsInlineLimit: 0,
    sourcemap: false,
    target: 'chrome140',
    reportCompressedSize: true,
    rollupOptions: {
      onwarn(warning, warn) {
        // zod ships comments Rollup cannot place; harmless, and noise that would hide real warnings.
        if (warning.code === 'INVALID_ANNOTATION' && warning.id?.includes('node_modules/zod/')) return;
        warn(warning);
      },
    },
  },
  server: { host: '127.0.0.1', strictPort: true },
});
