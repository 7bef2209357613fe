// The signed-in user: login, logout, GET /auth/me, and role checks for menus and routes.
// The session itself is an HttpOnly cookie set by the API; only the non-secret profile is kept here,
// so that a reload knows a session existed (and can say "会话已过期" when it has ended).
import { computed, reactive } from 'vue';
import { api } from './api.js';
import { forgetMeta } from './meta.js';

const PROFILE_KEY = 'zscrm.user';

export const session = reactive({ user: null, loaded: false });

function storeProfile(user) {
  try {
    if (user) localStorage.setItem(PROFILE_KEY, JSON.stringify(user));
    else localStorage.removeItem(PROFILE_KEY);
  } catch {
    // storage disabled: the session still works for this page load
  }
}

/** Whether this browser had a session (a profile is kept), e.g. to say that it has expired. */
export function hadSession() {
  try {
    return Boolean(localStorage.getItem(PROFILE_KEY));
  } catch {
    return false;
  }
}

export async function login(username, password) {
  const result = await api.post('/auth/login', { username, password }, { auth: false });
  session.user = result.user;
  session.loaded = true;
  storeProfile(result.user);
  return result.user;
}

/** Forgets the session in this page (after a 401, or once the API has ended it). */
export function forgetSession() {
  storeProfile(null);
  session.user = null;
  session.loaded = false;
  // what the next user may edit is theirs to load
  forgetMeta();
}

/** 退出: the API ends the session's tokens and clears the cookie; the page forgets it even if the call fails. */
export async function logout() {
  try {
    await api.post('/auth/logout', undefined, { auth: false });
  } catch {
    // already ended or unreachable: nothing more to do here
  } finally {
    forgetSession();
  }
}

/** Loads the caller once per page load; null when this browser has no session. */
export async function loadSession() {
  if (session.loaded) return session.user;
  if (!hadSession()) return null;
  session.user = await api.get('/auth/me');
  session.loaded = true;
  storeProfile(session.user);
  return session.user;
}

export function hasRole(...roles) {
  return Boolean(session.user?.roles?.some((role) => roles.includes(role)));
}

/** Leaders and admins: the rules the services apply inside a route (moving a lead back, waiving a clause) use this. */
export const isLeader = computed(() => hasRole('leader', 'admin'));

/** A user who only keeps carriers (载体管理员): no lead desk. */
export const keepsCarriersOnly = (user) => {
  const roles = user?.roles || [];
  return roles.length > 0 && roles.every((role) => role === 'carrier_manager');
};

/** A page for commissioners (their own projects). */
export const isCommissioner = (user) => Boolean(user?.roles?.includes('commissioner'));

/** Where a user lands after login: leaders on the cockpit, commissioners on their projects, others on the lead list. */
export function homeFor(user) {
  const roles = user?.roles || [];
  if (roles.includes('leader') || roles.includes('admin')) return { name: 'cockpit' };
  if (isCommissioner(user) && !roles.includes('promoter')) return { name: 'my-projects' };
  if (keepsCarriersOnly(user)) return { name: 'carriers' };
  return { name: 'leads' };
}
