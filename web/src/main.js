import { createApp } from 'vue';
// Element Plus's base variables and the styles of what scripts call (messages, dialogs, notifications);
// the components a page uses come with their own CSS (vite.config.js).
import 'element-plus/theme-chalk/base.css';
import 'element-plus/es/components/message/style/css';
import 'element-plus/es/components/message-box/style/css';
import 'element-plus/es/components/notification/style/css';
import 'element-plus/es/components/loading/style/css';
import 'element-plus/es/components/table/style/css';
import 'element-plus/es/components/table-column/style/css';
import 'element-plus/es/components/tag/style/css';
import { ElTable, ElTableColumn, ElTag } from 'element-plus';
import App from './App.vue';
import { router } from './router.js';
import './styles.css';

// Registered by name for render functions that resolve them (resolveComponent('el-table') in CockpitView);
// templates get theirs imported on demand.
createApp(App).use(router).component('ElTable', ElTable).component('ElTableColumn', ElTableColumn).component('ElTag', ElTag).mount('#app');
