// The caller's in-app notifications, polled every 30 s (GET /notifications), shared by the bell and
// the notification page. `localStorage['zscrm.pollMs']` shortens the interval (used by the browser tests).
import { reactive } from 'vue';
import { api } from './api.js';

export const inbox = reactive({ items: [], unreadCount: 0, byKind: [], nextCursor: null, loadedAt: null, error: null });

/** Label and tag colour of each reminder kind, read once from the server's kinds table (GET /meta/reminder-kinds). */
export const KIND_LABELS = reactive({});
export const KIND_TYPES = reactive({});
let kindsLoaded = null;
function loadKinds() {
  kindsLoaded ??= api
    .get('/meta/reminder-kinds')
    .then((kinds) => {
      for (const { kind, label, tone } of kinds) {
        KIND_LABELS[kind] = label;
        KIND_TYPES[kind] = tone;
      }
    })
    .catch(() => {
      kindsLoaded = null; // the tags show the raw kind until a later poll succeeds
    });
  return kindsLoaded;
}

const listeners = new Set();
/** Called with the notifications that arrived since the previous poll. */
export function onNewNotifications(listener) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export async function refreshInbox() {
  try {
    await loadKinds();
    const page = await api.get('/notifications', { limit: 20 });
    const known = new Set(inbox.items.map((n) => n.id));
    const fresh = inbox.loadedAt ? page.items.filter((n) => !known.has(n.id) && !n.readAt) : [];
    inbox.items = page.items;
    inbox.nextCursor = page.nextCursor;
    inbox.unreadCount = page.unreadCount ?? page.items.filter((n) => !n.readAt).length;
    inbox.byKind = page.byKind ?? [];
    inbox.loadedAt = new Date();
    inbox.error = null;
    if (fresh.length) for (const listener of listeners) listener(fresh);
  } catch (error) {
    inbox.error = error;
  }
}

export async function loadMore() {
  if (!inbox.nextCursor) return;
  const page = await api.get('/notifications', { limit: 20, cursor: inbox.nextCursor });
  inbox.items.push(...page.items);
  inbox.nextCursor = page.nextCursor;
}

export async function markRead(notification) {
  if (notification.readAt) return;
  const updated = await api.post(`/notifications/${notification.id}/read`);
  notification.readAt = updated?.readAt || new Date().toISOString();
  inbox.unreadCount = Math.max(0, inbox.unreadCount - 1);
  const count = inbox.byKind.find((k) => k.kind === notification.kind);
  if (count) {
    count.unread = Math.max(0, count.unread - 1);
    if (!notification.resolved) count.open = Math.max(0, count.open - 1);
  }
}

/** 全部已读: every unread notification, or those of one kind. */
export async function markAllRead(kind) {
  await api.post('/notifications/read-all', kind ? { kind } : {});
  await refreshInbox();
}

/** A page of the list with the notification page's filters (kind, unread only). */
export function listNotifications({ kind, unread, cursor } = {}) {
  return api.get('/notifications', { limit: 20, kind: kind || undefined, unread: unread ? 'true' : undefined, cursor });
}

let timer = null;
let users = 0;
export function pollInterval() {
  const custom = Number(localStorage.getItem('zscrm.pollMs'));
  return Number.isFinite(custom) && custom >= 500 ? custom : 30000;
}

/** Starts polling (once, however many components ask); returns the stop function. */
export function startPolling() {
  users += 1;
  if (!timer) {
    void refreshInbox();
    timer = setInterval(() => {
      if (document.visibilityState !== 'hidden') void refreshInbox();
    }, pollInterval());
  }
  return () => {
    users -= 1;
    if (users === 0 && timer) {
      clearInterval(timer);
      timer = null;
      inbox.items = [];
      inbox.unreadCount = 0;
      inbox.byKind = [];
      inbox.loadedAt = null;
    }
  };
}
