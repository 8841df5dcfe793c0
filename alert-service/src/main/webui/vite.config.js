import { defineConfig } from 'vite';

export default defineConfig({
  base: '/',
  json: { stringify: true },
  build: {
    outDir: 'dist',
    target: 'es2022',
    chunkSizeWarningLimit: 1200,
  },
  server: { port: 5173, strictPort: true },
});
