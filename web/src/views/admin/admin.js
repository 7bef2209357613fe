// What the administration pages share: the teams (GET /teams, which every user may read), a page's load
// state, and how a dialog shows a refused save (on its fields when the API names them, else as a message).
import { ref } from 'vue';
import { ElMessage } from 'element-plus';
import { api } from '../../api.js';
import { errorText, fieldErrors } from '../../labels.js';

export async function loadTeams() {
  return (await api.get('/teams')).items;
}

/** `load()` runs `fetch` with `loading` and `error` (Chinese) kept for the page. */
export function usePageLoad(fetch) {
  const loading = ref(false);
  const error = ref('');
  async function load() {
    loading.value = true;
    try {
      await fetch();
      error.value = '';
    } catch (e) {
      error.value = errorText(e);
    } finally {
      loading.value = false;
    }
  }
  return { loading, error, load };
}

/** Runs a dialog's save with `saving` set; a refusal lands on the fields it names (`onFields` adds more), else in a message. */
export async function submitDialog(saving, errors, work, onFields = () => {}) {
  saving.value = true;
  errors.value = {};
  try {
    await work();
    return true;
  } catch (e) {
    errors.value = fieldErrors(e);
    onFields(e, errors.value);
    if (!Object.keys(errors.value).length) ElMessage.error(errorText(e));
    return false;
  } finally {
    saving.value = false;
  }
}
