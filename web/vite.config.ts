import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));
const server = 'http://127.0.0.1:5080';

export default defineConfig({
  root,
  build: {
    // The server's build runs this and serves web/dist; publish copies it into wwwroot.
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
  },
  server: {
    proxy: {
      '/api': { target: server, changeOrigin: false },
      '/hubs': { target: server, ws: true, changeOrigin: false },
    },
  },
});
