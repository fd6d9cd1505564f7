// 对接活动: an event's results (GET /events/{id}/results — whoever reads the event; public once it
// is published): its programme's achievements and demands by title, the registrations and people
// by state, the orgs checked in and the people who came, and the deals it started by state.
import { ref, watch } from 'vue';
import { api } from './api.js';

/** The results of the event whose id id() gives, loaded again whenever again() changes. */
export function useEventResults(id, again = () => 0) {
  const results = ref(null);
  const error = ref(null);
  let seq = 0;
  async function load() {
    const x = id();
    if (!x) return;
    const my = ++seq;
    try {
      const r = await api.get(`/events/${x}/results`);
      if (my === seq) { results.value = r; error.value = null; }
    } catch (e) {
      if (my === seq) error.value = e;
    }
  }
  watch(() => [id(), again()], load, { immediate: true });
  return { results, error, reload: load };
}
