import { defineConfig } from 'vite';

// No React plugin: esbuild's automatic JSX runtime is all the build needs (no fast refresh).
export default defineConfig({
  root: __dirname,
  esbuild: { jsx: 'automatic' },
  build: { outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 4000 },
  server: { proxy: { '/api': 'http://localhost:3000', '/docs': 'http://localhost:3000' } },
});
