import { relative } from 'node:path';
import { defineConfig, type Plugin } from 'vite';

const repoRoot = `${__dirname}/..`;

/**
 * Writes dist/.vite/sources.json: every source file the bundle was built from, including the
 * server's pure modules it imports from src/. scripts/ensure-web.js rebuilds when one is newer.
 */
function recordSources(): Plugin {
  return {
    name: 'yiyang-record-sources',
    apply: 'build',
    generateBundle() {
      const files = [...this.getModuleIds()]
        .map((id) => id.split('?')[0]!)
        .filter((id) => id.startsWith('/') && !id.includes('/node_modules/'))
        .map((id) => relative(repoRoot, id))
        .sort();
      this.emitFile({
        type: 'asset',
        fileName: '.vite/sources.json',
        source: JSON.stringify([...new Set(files)], null, 1),
      });
    },
  };
}

// No React plugin: esbuild's automatic JSX runtime is all the build needs (no fast refresh).
export default defineConfig({
  root: __dirname,
  esbuild: { jsx: 'automatic' },
  plugins: [recordSources()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 4000,
    rollupOptions: {
      onwarn(warning, warn) {
        // antd marks its modules "use client" for React Server Components; meaningless in a SPA bundle.
        if (warning.code === 'MODULE_LEVEL_DIRECTIVE') return;
        warn(warning);
      },
    },
  },
  server: { proxy: { '/api': 'http://localhost:3000', '/docs': 'http://localhost:3000' } },
});
