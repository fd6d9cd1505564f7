// Sending a form: the form's own rules first, then the request, `busy` while it runs; the server's
// field errors (422 {"error":{"fields":{…}}}) are shown at the fields they name, the rest as a message.
import { reactive, ref } from 'vue';
import { ElMessage } from 'element-plus';
import { applyFieldErrors } from './rules.js';

/**
 * useSubmit(formRef, fields, opts) → { errors, busy, clear, submit }
 *   formRef   the el-form, or a component that exposes validate() (FormDialog, RecordForm)
 *   fields    the names the form shows errors at (:error="errors.name"); the server's errors for
 *             other names are joined in errors._other
 *   opts.place(e, errors)  the page's own placing of a refusal (a 409 said at its field); true if placed
 *   opts.unchecked  a message when the form's own rules fail (otherwise only the fields say so)
 *   opts.refused    a message when the server's field errors were placed
 *   opts.stale      a message for 412 (the record changed since it was loaded)
 * submit(send): clears the errors, validates, runs send(); resolves to true when send() succeeded.
 * The errors are cleared before validating: clearing a field's :error afterwards would hide what the
 * rules just said there.
 */
export function useSubmit(formRef, fields, { place, unchecked, refused, stale } = {}) {
  const errors = reactive({});
  const busy = ref(false);
  const clear = () => applyFieldErrors(errors, null, fields);
  async function submit(send) {
    clear();
    if (!(await formRef.value.validate().catch(() => false))) {
      if (unchecked) ElMessage.warning(unchecked);
      return false;
    }
    busy.value = true;
    try {
      await send();
      return true;
    } catch (e) {
      if (place?.(e, errors)) return false;
      if (e.status === 422 && applyFieldErrors(errors, e, fields)) { if (refused) ElMessage.error(refused); } else if (e.status === 412 && stale) ElMessage.error(stale);
      else ElMessage.error(e.message);
      return false;
    } finally {
      busy.value = false;
    }
  }
  return { errors, busy, clear, submit };
}
