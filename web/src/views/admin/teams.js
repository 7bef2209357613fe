// Teams for the administration pages (GET /teams, which every user may read), newest list each call.
import { api } from '../../api.js';

export async function loadTeams() {
  return (await api.get('/teams')).items;
}
