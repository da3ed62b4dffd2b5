import tailwindcss from '@tailwindcss/vite';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { precompress } from './vite-precompress';

// In development (`npm run dev -w web`) API calls are proxied to the server, so the browser sees one
// origin; `npm start` serves the built files from the server itself.
export default defineConfig({
  plugins: [react(), tailwindcss(), precompress()],
  server: {
    port: 5173,
    proxy: {
      '/trpc': 'http://127.0.0.1:3000',
      '/files': 'http://127.0.0.1:3000',
      '/auth': 'http://127.0.0.1:3000',
      '/dev-checkout': 'http://127.0.0.1:3000',
      '/tokens/history.csv': 'http://127.0.0.1:3000',
    },
  },
});
