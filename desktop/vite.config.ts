// The studio's renderer: React built into dist/renderer, which Electron's app protocol (and the test
// host) serves from the app origin under a strict CSP (no inline scripts, no remote origins).
import { fileURLToPath } from 'node:url';
import tailwindcss from '@tailwindcss/vite';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

export default defineConfig({
  root: fileURLToPath(new URL('./src/renderer', import.meta.url)),
  // Absolute asset paths: the page is always the origin's root (studio://app/ or the test host).
  base: '/',
  plugins: [react(), tailwindcss()],
  build: {
    outDir: fileURLToPath(new URL('./dist/renderer', import.meta.url)),
    emptyOutDir: true,
    chunkSizeWarningLimit: 2000,
  },
});
