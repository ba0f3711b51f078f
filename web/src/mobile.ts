import { onBeforeUnmount, ref } from 'vue'

const QUERY = '(max-width: 768px)'

/** true on a phone-sized screen (the 375 × 812 layout): cards instead of tables. */
export function useMobile() {
  const mq = window.matchMedia(QUERY)
  const mobile = ref(mq.matches)
  const on = (e: MediaQueryListEvent) => { mobile.value = e.matches }
  mq.addEventListener('change', on)
  onBeforeUnmount(() => mq.removeEventListener('change', on))
  return mobile
}

export function yuan(v: number | null | undefined): string {
  if (v === null || v === undefined) return '—'
  return v.toLocaleString('zh-CN', { minimumFractionDigits: 0, maximumFractionDigits: 2 })
}

export function yesNo(v: boolean | null | undefined): string {
  return v === null || v === undefined ? '—' : v ? '是' : '否'
}

export function dateTime(s: string | null | undefined): string {
  if (!s) return '—'
  const d = new Date(s)
  if (isNaN(d.getTime())) return s
  const p = (n: number) => String(n).padStart(2, '0')
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}`
}
