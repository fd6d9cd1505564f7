// Vite build of the web UI into web/dist, served by the C binary (src/http/h_static.c).
// `npm run dev` serves the sources with the API proxied to a running `kezhuan serve` on :8080.
import { defineConfig } from 'vite';
import vue from '@vitejs/plugin-vue';
import kzMaps, { regionsTsv } from './build/maps.js';
import kzGzip from './build/gzip.js';

export default defineConfig({
  plugins: [vue(), kzMaps({ regionsFile: regionsTsv }), kzGzip()],
  build: {
    outDir: 'dist',
    assetsDir: 'assets',
    emptyOutDir: true,
    // one vendor chunk per large library keeps the app's own chunk small and cache-friendly
    chunkSizeWarningLimit: 1200,
    modulePreload: { polyfill: false }, // the polyfill is an inline script; the CSP forbids those
    rollupOptions: {
      output: {
        manualChunks(id) {
          if (id.includes('node_modules/echarts') || id.includes('node_modules/zrender')) return 'echarts';
          if (id.includes('node_modules/element-plus') || id.includes('node_modules/@element-plus')) return 'element-plus';
          if (id.includes('node_modules/vue') || id.includes('node_modules/@vue')) return 'vue';
          return undefined;
        },
      },
    },
  },
  server: { proxy: { '/api': 'http://127.0.0.1:8080', '/healthz': 'http://127.0.0.1:8080' } },
});
