// A cursor-paged list (the API's {items, next_cursor, total}): pages are walked with the cursors
// the server gives; going back re-asks for the remembered cursor of that page.
//
//   const list = usePaged('/orgs', () => ({ q: f.q.trim() || undefined, kind: f.kind || undefined }),
//     { typed: () => f.q, picked: () => f.kind });
//
// The first page loads at once. A change of `typed` (a search box) reloads from page 1 after a
// pause in typing; a change of `picked` (a select, a tab) reloads from page 1 at once.
import { reactive, watch, onBeforeUnmount } from 'vue';
import { api } from './api.js';

const TYPING_MS = 300;

export function usePaged(path, params = () => ({}), { limit = 20, typed, picked } = {}) {
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
  const list = {
    state: st,
    reload() { st.cursors = [null]; return fetchPage(1); },
    next() { if (st.next) return fetchPage(st.page + 1); return undefined; },
    prev() { if (st.page > 1) return fetchPage(st.page - 1); return undefined; },
    refresh() { return fetchPage(st.page); },
    setLimit(n) { st.limit = n; st.cursors = [null]; return fetchPage(1); },
  };
  let timer = null;
  if (typed) watch(typed, () => { clearTimeout(timer); timer = setTimeout(() => list.reload(), TYPING_MS); });
  if (picked) watch(picked, () => list.reload());
  onBeforeUnmount(() => clearTimeout(timer));
  list.reload();
  return list;
}
