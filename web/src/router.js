import { createRouter, createWebHistory } from 'vue-router';
import { setUnauthorizedHandler } from './api.js';
import { loadPipelineMeta } from './pipeline.js';
import { loadMeta } from './meta.js';
import { mayOpen } from './access.js';
import { forgetSession, hadSession, homeFor, isCommissioner, keepsCarriersOnly, loadSession, session } from './session.js';
import Layout from './views/Layout.vue';
import LoginView from './views/LoginView.vue';

// meta.api: the API operation the page needs, meta.for: its audience (see access.js); the menu (Layout.vue) uses the titles
export const routes = [
  { path: '/login', name: 'login', component: LoginView, meta: { public: true, title: '登录' } },
  {
    path: '/',
    component: Layout,
    children: [
      { path: '', name: 'home', component: { render: () => null } },
      {
        path: 'cockpit',
        name: 'cockpit',
        component: () => import('./views/CockpitView.vue'),
        meta: { api: 'GET /dashboard/pipeline', title: '驾驶舱' },
      },
      {
        path: 'obligations',
        name: 'obligations',
        component: () => import('./views/ObligationsView.vue'),
        meta: { api: 'GET /dashboard/obligations', title: '履约监管' },
      },
      {
        path: 'carriers/plan',
        name: 'carrier-plan',
        component: () => import('./views/CarrierPlanView.vue'),
        meta: { api: 'GET /carriers/plan', title: '载体分布图' },
      },
      {
        path: 'carriers',
        name: 'carriers',
        component: () => import('./views/CarriersView.vue'),
        meta: { api: 'GET /carriers', title: '载体资源' },
      },
      {
        path: 'carriers/:id',
        name: 'carrier',
        component: () => import('./views/CarrierDetailView.vue'),
        meta: { api: 'GET /carriers/{id}', title: '载体详情' },
      },
      {
        path: 'confirmations',
        name: 'confirmations',
        component: () => import('./views/ConfirmationsView.vue'),
        meta: { api: 'GET /confirmations', title: '审核确认' },
      },
      {
        path: 'chains',
        name: 'chains',
        component: () => import('./views/ChainsView.vue'),
        meta: { api: 'GET /chains', title: '产业链' },
      },
      {
        path: 'chains/:industryCode',
        name: 'chain',
        component: () => import('./views/ChainView.vue'),
        meta: { api: 'GET /chains/{industryCode}', title: '产业链图谱' },
      },
      {
        path: 'credit',
        name: 'credit',
        component: () => import('./views/CreditView.vue'),
        meta: { api: 'GET /dashboard/credit', title: '首引人积分' },
      },
      {
        path: 'leads',
        name: 'leads',
        component: () => import('./views/LeadsView.vue'),
        meta: { api: 'GET /leads', for: (user) => !keepsCarriersOnly(user), title: '项目库' },
      },
      {
        path: 'leads/new',
        name: 'lead-new',
        component: () => import('./views/LeadEditView.vue'),
        meta: { api: 'POST /leads', title: '新建项目' },
      },
      { path: 'leads/:id', name: 'lead', component: () => import('./views/LeadDetailView.vue'), meta: { title: '项目详情' } },
      { path: 'leads/:id/edit', name: 'lead-edit', component: () => import('./views/LeadEditView.vue'), meta: { title: '编辑项目' } },
      {
        path: 'my-projects',
        name: 'my-projects',
        component: () => import('./views/MyProjectsView.vue'),
        meta: { for: isCommissioner, title: '我的项目' },
      },
      {
        path: 'notifications',
        name: 'notifications',
        component: () => import('./views/NotificationsView.vue'),
        meta: { title: '消息中心' },
      },
      {
        path: 'admin/users',
        name: 'admin-users',
        component: () => import('./views/admin/UsersView.vue'),
        meta: { api: 'GET /users', title: '用户管理' },
      },
      {
        path: 'admin/teams',
        name: 'admin-teams',
        component: () => import('./views/admin/TeamsView.vue'),
        meta: { api: 'POST /teams', title: '团队管理' },
      },
      {
        path: 'admin/deleted',
        name: 'admin-deleted',
        component: () => import('./views/admin/DeletedLeadsView.vue'),
        meta: { api: 'GET /leads/deleted', title: '已删除项目' },
      },
      { path: ':rest(.*)*', name: 'not-found', component: () => import('./views/NotFoundView.vue'), meta: { title: '页面不存在' } },
    ],
  },
];

export const router = createRouter({ history: createWebHistory('/'), routes });

router.beforeEach(async (to) => {
  if (to.meta.public) return true;
  let user;
  try {
    user = await loadSession();
  } catch (error) {
    if (error?.status === 401) return { name: 'login', query: { expired: '1', ...(to.fullPath !== '/' ? { redirect: to.fullPath } : {}) } };
    user = null;
  }
  if (!user) return { name: 'login', query: to.fullPath !== '/' ? { redirect: to.fullPath } : {} };
  // the lead's labels, choices and editability, and the pipeline's stages and gates, before any signed-in page renders
  await Promise.all([loadMeta().catch(() => undefined), loadPipelineMeta()]);
  if (to.name === 'home') return homeFor(user);
  if (!mayOpen(to)) return homeFor(user);
  return true;
});

router.afterEach((to) => {
  document.title = to.meta.title ? `${to.meta.title} · 招商 CRM` : '招商 CRM';
});

// Any 401 from the API: the token is gone or expired; back to the login page, saying so.
setUnauthorizedHandler(() => {
  const current = router.currentRoute.value;
  const expired = Boolean(session.user) || hadSession();
  forgetSession();
  if (current.name !== 'login') {
    void router.replace({
      name: 'login',
      query: { ...(expired ? { expired: '1' } : {}), ...(current.fullPath !== '/' ? { redirect: current.fullPath } : {}) },
    });
  }
});
