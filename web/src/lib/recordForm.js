// 登记 / 修改 of a record (AchievementForm, DemandForm): first what the form needs — the
// kinds' descriptors (lib/kinds.js: labels and limits), the vocabularies, the organizations an officer or admin may create it for, the record itself when
// editing — then saving: POST, or PATCH with If-Match; 提交 too when asked; then on to the record's
// workbench page. The server's field errors are shown at the fields (lib/submit.js).
import { computed, ref } from 'vue';
import { useRoute, useRouter } from 'vue-router';
import { ElMessage } from 'element-plus';
import { api, transition } from './api.js';
import { session } from './session.js';
import { loadAll } from './vocab.js';
import { loadKinds } from './kinds.js';
import { useSubmit } from './submit.js';

/**
 * useRecordForm({ kind, noun, form, fields, vocab, orgs, prepare, fill, body, submitted, submitAction })
 *   kind       'achievements' | 'demands' | …, the API's collection (or a function giving it once the kinds are loaded)
 *   noun       成果 | 需求, for the messages
 *   form       the reactive form; a chosen form.org_id is sent when creating
 *   fields     the field names the server's errors may name (errors._other: any other)
 *   vocab      the vocabularies to load first (or a function naming them once the kinds are loaded)
 *   orgs()     → the organizations offered to an officer or admin creating a record
 *   prepare()  sets the form up once the kinds and vocabularies are loaded (optional)
 *   fill(rec)  puts a loaded record into the form
 *   body()     the request body made from the form
 *   submitted  the message once saved and submitted
 *   submitAction  the owner's action that 保存并提交 takes (a function: it may depend on the kind's
 *              description; default submit)
 *   createPath  where a new record is posted (a function; default /<kind>): a child kind's
 *              collection under its parent (/challenges/7/applications)
 * → { editId, ready, loadError, status, orgs, pickOrg, formRef, errors, busy, save(andSubmit) }
 */
export function useRecordForm({ kind, noun, form, fields, vocab, orgs: offeredOrgs, prepare, fill, body, submitted, submitAction = () => 'submit', createPath }) {
  const coll = () => (typeof kind === 'function' ? kind() : kind);
  const route = useRoute();
  const router = useRouter();
  const editId = route.params.id ? Number(route.params.id) : null;
  const ready = ref(false);
  const loadError = ref(null);
  const version = ref(null);
  const status = ref('draft');
  const orgs = ref([]);
  const pickOrg = computed(() => !editId && session.has('officer', 'admin'));
  const formRef = ref(null);
  const { errors, busy, submit } = useSubmit(formRef, fields, {
    unchecked: '请先修正标红的字段',
    refused: '有字段未通过服务器校验，请查看标红的说明',
    stale: `该${noun}已被他人修改，请刷新页面后再编辑`,
  });

  async function init() {
    try {
      if (typeof vocab === 'function') {
        await loadKinds();
        await loadAll(...vocab());
      } else {
        await Promise.all([loadAll(...vocab), loadKinds()]);
      }
      prepare?.();
      if (pickOrg.value) orgs.value = await offeredOrgs();
      if (editId) {
        const rec = await api.get(`/${coll()}/${editId}`);
        version.value = rec.version;
        status.value = rec.status;
        fill(rec);
      }
      ready.value = true;
    } catch (e) {
      loadError.value = e;
    }
  }
  init();

  // The record once saved: when 保存并提交 saves but the submit fails, the next save is a PATCH
  // of that record with its new version (not a second POST, nor a stale If-Match → 412).
  let savedId = editId;
  const save = (andSubmit) => submit(async () => {
    const b = body();
    if (!savedId && form.org_id) b.org_id = form.org_id;
    let rec = savedId ? await api.patch(`/${coll()}/${savedId}`, b, { ifMatch: version.value }) : await api.post(createPath?.() ?? `/${coll()}`, b);
    savedId = rec.id;
    version.value = rec.version;
    status.value = rec.status;
    if (andSubmit) rec = await transition(coll(), rec, submitAction());
    ElMessage.success(andSubmit ? (typeof submitted === 'function' ? submitted() : submitted) : '已保存');
    router.push(`/workbench/${coll()}/${rec.id}`);
  });

  return { editId, ready, loadError, status, orgs, pickOrg, formRef, errors, busy, save };
}
