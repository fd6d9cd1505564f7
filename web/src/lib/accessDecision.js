// The owner organization's decision on an access request (批准 / 拒绝 / 收回授权): a prompt for an
// optional comment, then POST /access-requests/{id}/decision. Shared by the per-achievement list
// (components/AccessRequests.vue) and the inbox (views/wb/AccessInbox.vue).
import { ElMessage, ElMessageBox } from 'element-plus';
import { api } from './api.js';

export const DECISION_LABEL = { approve: '批准', decline: '拒绝', revoke: '收回授权' };

/** Asks for the comment and sends the decision; → true once decided (false: cancelled or refused). */
export async function decideAccess(row, action) {
  let comment;
  try {
    const r = await ElMessageBox.prompt(`${DECISION_LABEL[action]} ${row.requester?.display_name || ''} 的申请。可填写批复意见（选填）：`, DECISION_LABEL[action], {
      confirmButtonText: '确定', cancelButtonText: '取消', inputPlaceholder: '批复意见', inputValidator: (v) => ([...(v || '')].length <= 500 ? true : '意见不能超过 500 字'),
    });
    comment = (r.value || '').trim() || undefined;
  } catch { return false; }
  try {
    await api.post(`/access-requests/${row.id}/decision`, { action, comment });
    ElMessage.success(`已${DECISION_LABEL[action]}`);
    return true;
  } catch (e) {
    ElMessage.error(e.message);
    return false;
  }
}
