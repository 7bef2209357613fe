import { createApp } from 'vue';
// Element Plus's base variables and the styles of what scripts call (messages, dialogs, notifications);
// the components a page uses come with their own CSS (vite.config.js).
import 'element-plus/theme-chalk/base.css';
import 'element-plus/es/components/message/style/css';
import 'element-plus/es/components/message-box/style/css';
import 'element-plus/es/components/notification/style/css';
import 'element-plus/es/components/loading/style/css';
import App from './App.vue';
import { router } from './router.js';
import './styles.css';

createApp(App).use(router).mount('#app');
