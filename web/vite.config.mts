import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

/**
 * The academy's web pages, built into web/dist and served by the app itself (same origin as the
 * API, so no CORS). No plugin: Vite's own transform compiles TypeScript and JSX.
 */
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/',
  oxc: { jsx: { runtime: 'automatic' } },
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: false, target: 'es2022' },
  server: { proxy: { '/api': 'http://localhost:3000' } },
});
