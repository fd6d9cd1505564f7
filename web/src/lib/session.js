// Who is signed in. The session is the server's HttpOnly cookie; we keep the user and the CSRF
// token (from the login answer, or from GET /me's X-CSRF-Token header after a reload).
import { reactive } from 'vue';

export const ROLE_NAMES = {
  researcher: '科研人员', org_admin: '机构管理员', enterprise: '企业用户', broker: '技术经纪人',
  expert: '评审专家', reviewer: '第三方专业机构', officer: '科技局工作人员', admin: '平台管理员',
};

let onExpired = null;
const HINT = 'kz_signed_in'; // a hint only: the session itself is the HttpOnly cookie

export const session = reactive({
  user: null,
  csrf: null,
  ready: false,
  has(...roles) { return !!this.user && roles.some((r) => this.user.roles.includes(r)); },
  async restore() {
    // only ask the server when this browser signed in before: an anonymous visitor's GET /me
    // would only answer 401
    if (!localStorage.getItem(HINT)) { this.ready = true; return; }
    try {
      const res = await fetch('/api/v1/me', { credentials: 'same-origin', headers: { accept: 'application/json' } });
      if (res.ok) {
        this.user = await res.json();
        this.csrf = res.headers.get('x-csrf-token');
      } else {
        this.user = null;
        localStorage.removeItem(HINT);
      }
    } catch {
      this.user = null;
    } finally {
      this.ready = true;
    }
  },
  async login(username, password) {
    const res = await fetch('/api/v1/auth/login', {
      method: 'POST', credentials: 'same-origin',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ username, password }),
    });
    const data = await res.json().catch(() => null);
    if (!res.ok) {
      const e = new Error(data?.error?.message || `登录失败（${res.status}）`);
      e.status = res.status;
      e.code = data?.error?.code;
      throw e;
    }
    this.user = data.user;
    this.csrf = data.csrf_token;
    localStorage.setItem(HINT, '1');
    return data.user;
  },
  async logout() {
    try {
      await fetch('/api/v1/auth/logout', { method: 'POST', credentials: 'same-origin', headers: { 'x-csrf-token': this.csrf || '' } });
    } finally {
      this.user = null;
      this.csrf = null;
      localStorage.removeItem(HINT);
    }
  },
  /** The server said 401 on a signed-in call: the session ended (expired, revoked). */
  expired() {
    this.user = null;
    this.csrf = null;
    localStorage.removeItem(HINT);
    if (onExpired) onExpired();
  },
  onExpired(fn) { onExpired = fn; },
});
