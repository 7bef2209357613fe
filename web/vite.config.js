import { defineConfig } from 'vite';
import vue from '@vitejs/plugin-vue';
import components from 'unplugin-vue-components/vite';
import { ElementPlusResolver } from 'unplugin-vue-components/resolvers';

// The console is served by the API itself at `/` (see README "Web console"); in development
// `npm run dev` proxies the API to a local instance (API_URL, default http://localhost:3000).
const api = process.env.API_URL ?? 'http://localhost:3000';

/**
 * The first paint is the loading shell of index.html: the stylesheets and the entry script move from <head> to the
 * end of <body>, after the shell, so the browser paints it without waiting for the CSS (a stylesheet in the body
 * holds back only what follows it). Module scripts still run after the stylesheets before them have loaded.
 */
const paintShellFirst = {
  name: 'paint-shell-first',
  transformIndexHtml: {
    order: 'post',
    handler(html) {
      const moved = [];
      const rest = html.replace(/\s*<link rel="stylesheet"[^>]*>|\s*<script type="module"[^>]*><\/script>/g, (tag) => {
        moved.push(tag.trim());
        return '';
      });
      // styles first, then the script that mounts the app
      moved.sort((a, b) => Number(a.startsWith('<script')) - Number(b.startsWith('<script')));
      return rest.replace(/\s*<\/body>/, `\n    ${moved.join('\n    ')}\n  </body>`);
    },
  },
};

export default defineConfig({
  // Element Plus on demand: each <el-…> a page uses is imported, with its CSS, into that page's chunk
  // (not the whole library up front); the precompress step writes .br/.gz beside every asset.
  plugins: [vue(), components({ resolvers: [ElementPlusResolver({ importStyle: 'css' })], dts: false }), paintShellFirst],
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
            // the map series and its geo coordinates stay with the plan (载体分布图), out of the cockpit's pie chunk
            {
              name: 'echarts',
              test: /node_modules[\\/](echarts(?![\\/]lib[\\/](chart[\\/]map|coord[\\/]geo|component[\\/]geo|component[\\/]helper[\\/](MapDraw|RoamController|roamHelper|cursorHelper|interactionMutex)|coord[\\/]View|action[\\/]roamHelper))|zrender)/,
            },
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
