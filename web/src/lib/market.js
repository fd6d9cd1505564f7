// 科技大市场: the seven categories of the listings (挂牌, src/kinds/listing.c: the vocabulary
// listing_categories), the three transaction modes, and the live state of one listing's trading
// (GET /api/v1/listings/{id}/bidding, polled). Each category also names the published records of
// the platform that belong to it (成果与需求: the achievements and demands lists with filters of
// their own), shown beside the listings.
import { markRaw, reactive, onBeforeUnmount, watch } from 'vue';
import { Trophy, Connection, Document, Cpu, ChatDotRound, SetUp, Money } from '@element-plus/icons-vue';
import { session } from './session.js';

export const CATEGORIES = [
  { key: 'release', name: '成果发布', icon: markRaw(Trophy), desc: '高校院所挂牌发布的科技成果', records: { kind: 'achievements', query: {} } },
  { key: 'transaction', name: '技术交易', icon: markRaw(Connection), desc: '技术转让与许可：挂牌、拍卖、协议定价', records: { kind: 'achievements', query: { transfer_mode: 'transfer' } } },
  { key: 'ip', name: '知识产权', icon: markRaw(Document), desc: '专利等知识产权的转让与许可', records: { kind: 'achievements', query: { transfer_mode: 'license' } } },
  { key: 'development', name: '技术开发', icon: markRaw(Cpu), desc: '委托开发与联合攻关', records: { kind: 'demands', query: { kind: 'tech_problem' } } },
  { key: 'consulting', name: '科技咨询', icon: markRaw(ChatDotRound), desc: '技术咨询、评估与论证', records: { kind: 'demands', query: { cooperation_mode: 'consulting' } } },
  { key: 'service', name: '技术服务', icon: markRaw(SetUp), desc: '检测、中试与技术服务', records: { kind: 'demands', query: { kind: 'equipment' } } },
  { key: 'finance', name: '投融资对接', icon: markRaw(Money), desc: '科技项目投融资与作价投资', records: { kind: 'demands', query: { kind: 'finance' }, also: { kind: 'achievements', query: { transfer_mode: 'equity' }, name: '可作价投资的成果' } } },
];
// the keys of the page before listings existed (links kept elsewhere, bookmarks)
const OLD = { trade: 'transaction', develop: 'development', consult: 'consulting' };
export const byKey = (k) => CATEGORIES.find((c) => c.key === (OLD[k] ?? k)) || null;

export const MODES = [
  { key: 'listed', name: '挂牌交易', short: '挂牌', type: 'primary' },
  { key: 'auction', name: '拍卖', short: '拍卖', type: 'danger' },
  { key: 'negotiated', name: '协议定价', short: '协议定价', type: 'warning' },
];
export const modeOf = (k) => MODES.find((m) => m.key === k) ?? { key: k, name: k, short: k, type: 'info' };

/** A listing's "YYYY-MM-DDTHH:MM[:SS]" (China Standard Time) → ms since the epoch, or NaN. */
export const cstMs = (s) => (s ? Date.parse(`${s.length === 16 ? `${s}:00` : s}+08:00`) : NaN);

/** ms → "2天 03:04:05" / "03:04:05"; ≤ 0 → "00:00:00". */
export function left(ms) {
  const t = Math.max(0, Math.floor(ms / 1000));
  const d = Math.floor(t / 86400);
  const hms = [Math.floor((t % 86400) / 3600), Math.floor((t % 3600) / 60), t % 60].map((x) => String(x).padStart(2, '0')).join(':');
  return d ? `${d}天 ${hms}` : hms;
}

/** ms → "3 天 4 小时" / "2 小时 5 分" / "12 分钟": a card's rough time left. */
export function roughLeft(ms) {
  const m = Math.max(0, Math.floor(ms / 60000));
  if (m >= 1440) return `${Math.floor(m / 1440)} 天 ${Math.floor((m % 1440) / 60)} 小时`;
  if (m >= 60) return `${Math.floor(m / 60)} 小时 ${m % 60} 分`;
  return `${Math.max(m, 1)} 分钟`;
}

const POLL_MS = 2000;

/**
 * The trading state of a listing (GET /listings/{id}/bidding), kept up to date while the page is
 * open: asked again every 2 s with the last answer's ETag (If-None-Match), so that nothing but a
 * bare 304 travels until a bid, a deposit or a state change. Polling with the ETag rather than
 * server-sent events: it works through the load balancer and on every node alike (no sticky
 * connection), a poll costs the server one indexed read, the 304s are tiny, and no
 * libmicrohttpd thread is held open per viewer.
 *
 * The server's clock decides: each answer's `now` gives the offset of this browser's clock, and
 * `serverNow()` (ticking every second in st.tick) is what the countdowns count from.
 * onChange(data, previous) runs on every new answer. refresh(): ask now (after the user's own bid).
 */
export function useBidding(id, { onChange } = {}) {
  const st = reactive({ data: null, error: null, offset: 0, tick: Date.now() });
  let etag = null;
  let timer = null;
  let ctrl = null;
  let stopped = false;
  async function poll() {
    clearTimeout(timer);
    ctrl?.abort();
    const mine = new AbortController();
    ctrl = mine;
    const p = id();
    try {
      const headers = { accept: 'application/json' };
      if (etag) headers['if-none-match'] = etag;
      const res = await fetch(`/api/v1/listings/${p}/bidding`, { headers, credentials: 'same-origin', signal: mine.signal });
      if (res.status === 200) {
        const d = await res.json();
        if (stopped || p !== id()) return;
        etag = res.headers.get('etag');
        st.offset = Date.parse(d.now) - Date.now();
        const prev = st.data;
        st.data = d;
        st.error = null;
        onChange?.(d, prev);
      } else if (res.status !== 304) {
        const body = await res.json().catch(() => null);
        st.error = body?.error?.message || `请求失败（${res.status}）`;
      }
    } catch (e) {
      if (e.name === 'AbortError') return;
      st.error = '无法连接服务器，正在重试';
    }
    if (!stopped && ctrl === mine) timer = setTimeout(poll, document.hidden ? POLL_MS * 5 : POLL_MS);
  }
  const clock = setInterval(() => { st.tick = Date.now(); }, 1000);
  // another user signed in on this page: what is "mine" differs, ask afresh
  watch([id, () => session.user?.id], () => { etag = null; st.data = null; poll(); }, { immediate: true });
  onBeforeUnmount(() => { stopped = true; clearTimeout(timer); clearInterval(clock); ctrl?.abort(); });
  return {
    state: st,
    refresh: () => poll(),
    /** The server's time now (ms), ticking. */
    serverNow: () => st.tick + st.offset,
  };
}
