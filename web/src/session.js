// The signed-in user: login, logout, GET /auth/me, and role checks for menus and routes.
import { computed, reactive } from 'vue';
import { api, getToken, setToken } from './api.js';

export const session = reactive({ user: null, loaded: false });

export async function login(username, password) {
  const result = await api.post('/auth/login', { username, password }, { auth: false });
  setToken(result.accessToken);
  session.user = result.user;
  session.loaded = true;
  return result.user;
}

export function logout() {
  setToken(null);
  session.user = null;
  session.loaded = false;
}

/** Loads the caller once per page load; null when there is no valid token. */
export async function loadSession() {
  if (session.loaded) return session.user;
  if (!getToken()) return null;
  session.user = await api.get('/auth/me');
  session.loaded = true;
  return session.user;
}

export function hasRole(...roles) {
  return Boolean(session.user?.roles?.some((role) => roles.includes(role)));
}

export const isLeader = computed(() => hasRole('leader', 'admin'));

/** Where a user lands after login: leaders on the cockpit, commissioners on their projects, others on the lead list. */
export function homeFor(user) {
  const roles = user?.roles || [];
  if (roles.includes('leader') || roles.includes('admin')) return { name: 'cockpit' };
  if (roles.includes('commissioner') && !roles.includes('promoter')) return { name: 'my-projects' };
  return { name: 'leads' };
}
