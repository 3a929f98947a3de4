import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The dashboard. `npm start` builds it into dist/client, which the server serves; `npm run
// dev:client` serves it with hot reload and forwards the API and socket to a running server.
export default defineConfig({
  root: 'client',
  plugins: [react()],
  build: { outDir: '../dist/client', emptyOutDir: true },
  server: {
    proxy: {
      '/api': 'http://127.0.0.1:3000',
      '/socket.io': { target: 'ws://127.0.0.1:3000', ws: true },
    },
  },
});
