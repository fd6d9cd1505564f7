// The web UI's entry: Vue 3, Element Plus in zh-CN, the history-mode router, the session.
import { createApp } from 'vue';
import ElementPlus from 'element-plus';
import zhCn from 'element-plus/es/locale/lang/zh-cn';
import 'element-plus/dist/index.css';
import './styles.css';
import App from './App.vue';
import { router } from './router.js';
import { session } from './lib/session.js';

const app = createApp(App);
app.use(ElementPlus, { locale: zhCn });
app.config.errorHandler = (err) => {
  console.error(err); // still a console error: the browser tests fail on it
  // an error a view did not handle: say so on the page, keep the app usable
  import('element-plus').then(({ ElMessage }) => ElMessage.error(err?.message || '页面出错了，请刷新重试'));
};
// the session first: the router's first navigation checks who is signed in
session.restore().finally(() => {
  app.use(router);
  app.mount('#app');
});
