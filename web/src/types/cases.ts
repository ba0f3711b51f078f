// Shapes of the case workflow answers (README "Cases (/api/v1/cases)", "Procedure reports",
// "Documents and the household dossier"), and the labels the forms offer.

export const CASE_STATUSES = ['识别中', '监测中', '风险消除中', '已消除', '已驳回', '已清退'] as const
export const CHANNELS = ['自主申报', '干部排查', '部门预警', '舆情信访'] as const
// the step body's `type` enum in /api/openapi.json
export const MONITORED_TYPES = ['脱贫不稳定户', '边缘易致贫户', '突发严重困难户'] as const
// SPEC §4a 风险类型 labels (README "Steps": `reasons` an array of these)
export const RISK_REASONS = ['因病', '因残', '因学', '因灾', '因意外事故', '因产业项目失败', '因务工就业不稳', '缺劳力',
  '因安全住房', '因饮水安全', '因疫情', '其他'] as const
// SPEC §8 measure categories (README "Assistance")
export const MEASURE_CATEGORIES = ['产业帮扶', '就业帮扶', '公益岗位', '金融帮扶', '健康帮扶', '教育帮扶', '住房安全保障',
  '饮水安全保障', '综合保障', '社会帮扶', '防贫保险', '生产生活条件改善', '基础设施', '协调子女赡养', '扶志扶智'] as const

export interface CaseItem {
  case_id: number
  household_id: string
  region_code: string
  status: string
  state: string
  version: number
  head_name: string
  caseworker: string
  next_step: string | null
  overdue: boolean
}

export interface CasePage {
  total: number
  limit: number
  offset: number
  as_of: string
  items: CaseItem[]
}

export interface HistoryEntry {
  step: string
  on: string
  actor: string
  role: string
  note: string
  documents: string[]
}

export interface AuditEvent {
  seq: number
  at: string
  on: string
  actor: string
  role: string
  action: string
  hash: string
}

export interface CasePlan {
  on: string
  text: string
  documents: string[]
  revised_on: string | null
}

export interface Measure {
  id: number
  category: string
  start: string
  amount_fen: number
  unit: string
  note: string
  evidence: string[]
  /** risk reasons this measure addresses (SPEC §8) — read when the API gives it */
  addresses?: string[]
}

export interface CaseDetail {
  case_id: number
  version: number
  state: string
  next_step: string | null
  household_id: string
  region_code: string
  channel: string
  clue_date: string
  clue_note: string
  status: string
  progress: number
  notice_start: string | null
  notice_suspended: boolean
  /** the first day the running 公示 may close (null: no 公示 runs) */
  notice_earliest_end?: string | null
  /** the steps the caller may take now, by the step table (the server still checks each) */
  allowed_steps?: string[]
  /** the case's risk reasons no recorded measure addresses (SPEC §8 matching) */
  unaddressed_reasons?: string[]
  suggested_type: string | null
  suggested_reasons: string[]
  type: string | null
  reasons: string[]
  approved_on: string | null
  eliminated_on: string | null
  last_backcheck: string | null
  closed_on: string | null
  closed_reason: string
  rollbacks: number
  caseworker: string
  caseworker_on: string | null
  plan: CasePlan | null
  measures: Measure[]
  history: HistoryEntry[]
  audit?: AuditEvent[]
}

export interface DueItem {
  case_id: number
  household_id: string
  region_code: string
  state: string
  item: string
  due: string
  days_left: number
  overdue: boolean
  rule: string
}

export interface Criterion {
  name: string
  met: boolean
  detail: string
}

export interface EliminateCheckItem {
  case_id: number
  household_id: string
  region_code: string
  eligible: boolean
  failed: string[]
  criteria: Criterion[]
}

export interface BackcheckItem {
  case_id: number
  household_id: string
  region_code: string
  eliminated_on: string
  suggestion: string
  findings: string[]
}

export interface QualityItem {
  case_id: number
  household_id: string
  region_code: string
  flag: string
  detail: string
  found_on: string
  rectified_on: string | null
}

export interface Report<T> {
  as_of: string
  region: string | null
  items: T[]
}

export interface DocumentAnswer {
  sha256: string
  media_type: string
  size: number
}

export type CaseRole = '村级' | '乡级' | '县级'

// Who takes each step — README "Steps", for showing the form only to the role that may take
// it, only for an answer without `allowed_steps` (every API answer carries it now, so the
// list the server computed is what is used). The server decides in every case (403 otherwise).
export const STEP_ROLES: Record<string, CaseRole[]> = {
  入户核查: ['村级'], 承诺授权书: ['村级'], 信息比对: ['乡级', '县级'], 村级评议: ['村级'], 村级公示: ['村级'],
  村级公示结束: ['村级'], 乡镇审核: ['乡级'], 乡镇公示: ['乡级'], 乡镇公示结束: ['乡级'], 县级审定: ['县级'],
  消除提名: ['村级'], 消除入户评估: ['村级'], 消除村级评议: ['村级'], 消除村级公示: ['村级'], 消除村级公示结束: ['村级'],
  消除乡镇审核: ['乡级'], 消除乡镇公示: ['乡级'], 消除乡镇公示结束: ['乡级'], 消除县级审定: ['县级'],
  公示异议: ['村级', '乡级'], 异议处理: ['村级', '乡级'], 回头看: ['乡级', '县级'], 清退: ['县级'], 类型变更: ['县级'],
}

/** Today in China Standard Time (the API's default business date), as YYYY-MM-DD. */
export function todayCst(): string {
  return new Date(Date.now() + 8 * 3600 * 1000).toISOString().slice(0, 10)
}

/** whole days from `a` to `b` (both YYYY-MM-DD) */
export function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(b + 'T00:00:00Z') - Date.parse(a + 'T00:00:00Z')) / 86400000)
}

export const isDate = (s: string) => /^\d{4}-\d{2}-\d{2}$/.test(s) && !isNaN(Date.parse(s + 'T00:00:00Z')) &&
  new Date(s + 'T00:00:00Z').toISOString().slice(0, 10) === s

export const fenToYuan = (f: number) => (f / 100).toLocaleString('zh-CN', { minimumFractionDigits: 0, maximumFractionDigits: 2 })
