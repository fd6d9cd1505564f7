// One record loaded by its path (GET /achievements/{id}, /demands/{id}), again when the path
// changes (another id in the route): while a new path loads, rec is null. reload() asks again and
// keeps showing the record until the answer (after a 412, say). A path of null loads nothing.
import { ref, watch } from 'vue';
import { api } from './api.js';

export function useRecord(path, { onLoad } = {}) {
  const rec = ref(null);
  const error = ref(null);
  let seq = 0;
  async function reload() {
    const p = path();
    if (!p) return;
    const my = ++seq;
    try {
      const r = await api.get(p);
      if (my !== seq) return;
      rec.value = r;
      error.value = null;
      onLoad?.(r);
    } catch (e) {
      if (my === seq) error.value = e;
    }
  }
  watch(path, (p) => {
    if (!p) return; // leaving the page
    rec.value = null;
    error.value = null;
    reload();
  }, { immediate: true });
  return { rec, error, reload };
}
