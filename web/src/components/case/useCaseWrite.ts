import { ref } from 'vue'
import { post, ApiError, newIdempotencyKey } from '../../api'
import type { CaseDetail } from '../../types/cases'

export const CONFLICT_TEXT = '案件已被他人修改，已刷新'

/** One case write form (a step, the caseworker, the plan, a measure): sends If-Match with the
 *  version the user saw and one Idempotency-Key per action. A stale version (409 conflict)
 *  reloads the case and says so; any failure keeps what was typed (the form's own state). */
export function useCaseWrite(current: () => CaseDetail, reload: () => Promise<void>) {
  const busy = ref(false)
  const error = ref('')
  const field = ref<string | null>(null)
  const conflict = ref(false)
  let key = newIdempotencyKey()

  async function submit(path: string, body: Record<string, unknown>): Promise<CaseDetail | null> {
    if (busy.value) return null
    busy.value = true
    error.value = ''
    field.value = null
    conflict.value = false
    try {
      const c = current()
      const answer = await post<CaseDetail>(`/api/v1/cases/${c.case_id}/${path}`, body,
        { idempotencyKey: key, headers: { 'If-Match': `"${c.version}"` } })
      key = newIdempotencyKey()
      await reload()
      return answer
    } catch (e) {
      if (!(e instanceof ApiError)) {
        error.value = '提交失败'
        return null
      }
      if (e.status !== 0) key = newIdempotencyKey()
      if (e.status === 409 && e.code === 'conflict') {
        conflict.value = true
        error.value = CONFLICT_TEXT
        await reload()
      } else {
        error.value = e.message
        field.value = e.field
      }
      return null
    } finally {
      busy.value = false
    }
  }
  return { busy, error, field, conflict, submit }
}
