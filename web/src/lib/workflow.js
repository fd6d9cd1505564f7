// Which state-machine actions a user is offered, mirroring the server's tables
// (src/domain/achievement.c and demand.c). The server still decides; a refused action shows its message.
import { session } from './session.js';

const REVIEW = ['reviewer', 'officer', 'admin'];

export const ACH_ACTIONS = {
  submit: { label: '提交审查', from: ['draft', 'withdrawn'], who: 'owner', type: 'primary' },
  accept: { label: '通过形式审查', from: ['submitted'], who: REVIEW, type: 'success' },
  publish: { label: '发布', from: ['screening'], who: REVIEW, type: 'success', date: 'if-missing' }, // a listing needs a future validity date
  return: { label: '退回修改', from: ['submitted', 'screening'], who: REVIEW, type: 'warning', comment: true },
  reject: { label: '不予通过', from: ['submitted', 'screening'], who: REVIEW, type: 'danger', comment: true },
  withdraw: { label: '撤回', from: ['submitted', 'screening', 'published'], who: 'owner+admin', type: 'default' },
  renew: { label: '续期', from: ['expired'], who: 'owner+admin', type: 'primary', date: true, dateLabel: '新的有效期' },
  archive: { label: '归档', from: ['*'], who: ['admin'], type: 'info' },
};
export const DEM_ACTIONS = {
  submit: { label: '提交审核', from: ['draft'], who: 'owner', type: 'primary' },
  publish: { label: '审核发布', from: ['submitted'], who: REVIEW, type: 'success' },
  return: { label: '退回修改', from: ['submitted'], who: REVIEW, type: 'warning', comment: true },
  reject: { label: '不予通过', from: ['submitted'], who: REVIEW, type: 'danger', comment: true },
  match: { label: '标记已对接', from: ['published'], who: 'owner+broker', type: 'success' },
  withdraw: { label: '撤回', from: ['submitted', 'published'], who: 'owner+admin', type: 'default' },
  close: { label: '关闭', from: ['published', 'matched'], who: 'owner+officer', type: 'info' },
  reopen: { label: '重新打开', from: ['closed'], who: 'owner+admin', type: 'default' },
};

// date: true — the action asks for a date (dateLabel; otherwise 有效期至); 'if-missing' — only for
// records without a future validity date.

/** Whether an action needs a validity date from the dialog for these rows (publish without one). */
export function needsDate(act, rows, today) {
  if (act.date === true) return true;
  return act.date === 'if-missing' && rows.some((r) => !r.valid_until || r.valid_until <= today);
}

/** The server's message with its field reasons, for a refused action. */
export const reason = (e) => (e.fields && Object.keys(e.fields).length ? `${e.message}：${Object.values(e.fields).join('；')}` : e.message);

export function isOwner(rec, kind) {
  const roles = kind === 'demand' ? ['enterprise', 'org_admin'] : ['researcher', 'org_admin'];
  return !!session.user && session.user.org_id === rec.org_id && session.has(...roles);
}

function allowed(who, rec, kind) {
  if (Array.isArray(who)) return session.has(...who);
  const owner = isOwner(rec, kind);
  if (who === 'owner') return owner;
  if (who === 'owner+admin') return owner || session.has('admin');
  if (who === 'owner+broker') return owner || session.has('broker', 'officer', 'admin');
  if (who === 'owner+officer') return owner || session.has('officer', 'admin');
  return false;
}

/** [{action, label, type, comment, date}] offered for rec. */
export function actionsFor(rec, kind = 'achievement') {
  const table = kind === 'demand' ? DEM_ACTIONS : ACH_ACTIONS;
  return Object.entries(table)
    .filter(([, a]) => (a.from.includes('*') ? rec.status !== 'archived' : a.from.includes(rec.status)) && allowed(a.who, rec, kind))
    .map(([action, a]) => ({ action, ...a }));
}

export function canEdit(rec, kind = 'achievement') {
  const editable = kind === 'demand' ? ['draft'] : ['draft', 'withdrawn', 'expired'];
  return session.has('admin') || (isOwner(rec, kind) && editable.includes(rec.status));
}
