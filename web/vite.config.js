import { defineConfig } from 'vite';
import vue from '@vitejs/plugin-vue';
import components from 'unplugin-vue-components/vite';
import { ElementPlusResolver } from 'unplugin-vue-components/resolvers';

// The console is served by the API itself at `/` (see README "Web console"); in development
// `npm run dev` proxies the API to a local instance (API_URL, default http://localhost:3000).
const api = process.env.API_URL ?? 'http://localhost:3000';

export default defineConfig({
  // Element Plus on demand: each <el-…> a page uses is imported, with its CSS, into that page's chunk
  // (not the whole library up front); the precompress step writes .br/.gz beside every asset.
  plugins: [vue(), components({ resolvers: [ElementPlusResolver({ importStyle: 'css' })], dts: false })],
  base: '/',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    assetsDir: 'assets',
    sourcemap: false,
    chunkSizeWarningLimit: 600,
    rolldownOptions: {
      output: {
        // Vendor code in its own long-cached chunks: the app chunk changes far more often. Element Plus is split
        // by the pages that use its components (no group of its own: one chunk of it all would load up front).
        advancedChunks: {
          groups: [
            { name: 'echarts', test: /node_modules[\\/](echarts|zrender)/ },
            { name: 'vue', test: /node_modules[\\/](vue|@vue|vue-router)[\\/]/ },
          ],
        },
      },
    },
  },
  server: {
    proxy: {
      '/api': api,
      '/health': api,
      '/docs': api,
    },
  },
});
