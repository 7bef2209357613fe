import { defineConfig } from 'vite';
import vue from '@vitejs/plugin-vue';

// The console is served by the API itself at `/` (see README "Web console"); in development
// `npm run dev` proxies the API to a local instance (API_URL, default http://localhost:3000).
const api = process.env.API_URL ?? 'http://localhost:3000';

export default defineConfig({
  plugins: [vue()],
  base: '/',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    assetsDir: 'assets',
    sourcemap: false,
    chunkSizeWarningLimit: 1500,
    rolldownOptions: {
      output: {
        // Vendor code in its own long-cached chunks: the app chunk changes far more often.
        advancedChunks: {
          groups: [
            {
              name: 'element-plus',
              test: /node_modules[\\/](element-plus|@element-plus|@vueuse|@floating-ui|@ctrl|lodash|dayjs|async-validator|normalize-wheel)/,
            },
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
