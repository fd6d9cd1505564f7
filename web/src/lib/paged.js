// A cursor-paged list (the API's {items, next_cursor, total}): pages are walked with the cursors
// the server gives; going back re-asks for the remembered cursor of that page.
import { reactive } from 'vue';
import { api } from './api.js';

export function usePaged(path, params = () => ({}), { limit = 20 } = {}) {
  const st = reactive({ items: [], total: 0, page: 1, limit, loading: false, error: null, cursors: [null], next: null, extra: null });
  let seq = 0;
  async function fetchPage(page) {
    const my = ++seq;
    st.loading = true;
    st.error = null;
    try {
      const r = await api.get(typeof path === 'function' ? path() : path, { ...params(), limit: st.limit, cursor: st.cursors[page - 1] || undefined });
      if (my !== seq) return;
      st.items = r.items;
      st.total = r.total ?? r.items.length;
      st.next = r.next_cursor;
      st.extra = r;
      st.page = page;
      if (r.next_cursor) st.cursors[page] = r.next_cursor;
    } catch (e) {
      if (my !== seq) return;
      st.error = e;
      st.items = [];
    } finally {
      if (my === seq) st.loading = false;
    }
  }
  return {
    state: st,
    reload() { st.cursors = [null]; return fetchPage(1); },
    next() { if (st.next) return fetchPage(st.page + 1); return undefined; },
    prev() { if (st.page > 1) return fetchPage(st.page - 1); return undefined; },
    refresh() { return fetchPage(st.page); },
    setLimit(n) { st.limit = n; st.cursors = [null]; return fetchPage(1); },
  };
}
