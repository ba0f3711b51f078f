// Shapes of the clue routes (README "Clues: 农户自主申报 and 舆情信访").

export type ClueStatus = '已收到' | '已受理' | '已关闭'
export type ClueChannel = '自主申报' | '舆情信访'

export const CLUE_STATUSES: ClueStatus[] = ['已收到', '已受理', '已关闭']
export const CLUE_CHANNELS: ClueChannel[] = ['自主申报', '舆情信访']

export interface ChallengeAnswer {
  challenge: string
  difficulty: number
  algorithm?: string
  expires_at: string
}

export interface ApplyAnswer {
  receipt: string
  status: ClueStatus
}

export interface ReceiptStatus {
  status: ClueStatus
  close_reason?: string
}

/** one clue as cadres see it: resident ID and phone masked, absent values null */
export interface Clue {
  id: number
  channel: ClueChannel
  status: ClueStatus
  village_code: string
  region_code: string
  household_id: string | null
  name: string
  resident_id: string | null
  phone: string | null
  description: string
  source: string
  has_photo: boolean
  received_date: string
  received_at: string
  recorded_by: string | null
  case_id: number | null
  handled_by: string | null
  handled_at: string | null
  close_reason: string | null
  note: string | null
}

export interface AcceptAnswer {
  clue: Clue
  case: { id: number; version: number; household_id: string; channel: string; status: string; clue_date: string }
  existing: boolean
}

export interface PetitionAnswer {
  clue: Clue
  receipt: string
}

/** GB 11643 check character of the first 17 digits (the API's rule, domain/resident_id). */
export function idCheckChar(first17: string): string {
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
  let sum = 0
  for (let i = 0; i < 17; ++i) sum += (first17.charCodeAt(i) - 48) * weights[i]
  return '10X98765432'[sum % 11]
}

/** The API's resident ID rules, with its messages: '' when valid. */
export function residentIdProblem(text: string): string {
  const t = text.trim()
  if (!t) return '请输入身份证号码'
  if (t.length !== 18) return `证件号码应为18位，实际为${t.length}位`
  if (!/^\d{17}/.test(t)) return '证件号码前17位必须是数字'
  const last = t[17].toUpperCase()
  if (!/[0-9X]/.test(last)) return '证件号码校验位必须是数字或X'
  const y = Number(t.slice(6, 10)), m = Number(t.slice(10, 12)), d = Number(t.slice(12, 14))
  const birth = new Date(Date.UTC(y, m - 1, d))
  if (y < 1880 || m < 1 || m > 12 || birth.getUTCFullYear() !== y || birth.getUTCMonth() !== m - 1 || birth.getUTCDate() !== d)
    return '证件号码中的出生日期无效'
  const expected = idCheckChar(t)
  if (last !== expected) return `证件号码校验位错误（GB 11643），应为${expected}`
  return ''
}

export function phoneProblem(text: string, required: boolean): string {
  const t = text.trim()
  if (!t) return required ? '请输入联系电话' : ''
  return /^1\d{10}$/.test(t) ? '' : '联系电话应为 11 位手机号码'
}

export function villageProblem(text: string): string {
  const t = text.trim()
  if (!t) return '请输入村级区划代码'
  if (!/^\d{12}$/.test(t)) return '村级区划代码应为 12 位数字'
  if (t.endsWith('000')) return '区划代码应为村级（后3位不能为000）'
  return ''
}

/** UTF-8 code points, as the API counts characters */
export function chars(s: string): number {
  return Array.from(s.trim()).length
}
