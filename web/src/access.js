// Who may open a page: the API operation the page needs (route meta `api`, checked against GET /meta's
// operations, which come from the routes' own guards) and, for a page made for one kind of user, its audience
// (meta `for`). The router's guard and the menu both ask mayOpen, so a menu never offers a page the guard refuses.
import { meta, may } from './meta.js';
import { session } from './session.js';

export function mayOpen(route) {
  const { api, for: audience } = route.meta ?? {};
  // without /meta (it failed to load) the page opens and the API's own 403 speaks for itself
  if (api && meta.loaded && !may(api)) return false;
  return !audience || audience(session.user);
}
