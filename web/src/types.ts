// Shapes of the fangpin API answers the pages read (README "HTTP API server and accounts").

export type RoleLabel = '村级' | '乡级' | '县级' | '部门数据员' | '帮扶责任人' | '督导' | '系统管理员'

export interface User {
  username: string
  role: RoleLabel
  region_scope: string | null
  department: string | null
}

export interface LoginAnswer {
  token: string
  token_type: string
  expires_at: string
  csrf_token: string
  user: User
}

export interface ListAssessment {
  year: number
  candidate: boolean
  type: string | null
  primary_reason: string | null
  risk_reasons: string[]
  excluded: boolean
}

export interface HouseholdItem {
  household_id: string
  region_code: string
  head_name: string
  phone: string
  formerly_poor: boolean
  monitored_type: string | null
  members: number
  assessment?: ListAssessment
}

export interface Page<T> {
  total: number
  limit: number
  offset: number
  year?: number
  items: T[]
}

export interface Member {
  name: string
  id_number: string
  birth_date: string
  sex: string
  relation: string
  health: string
  disability_grade: number | null
  labour: string
  schooling: string
  employment: string
  public_employee: boolean
  status: string
  status_date: string | null
}

export interface Finance {
  year: number
  wage_income: number
  business_income: number
  property_income: number
  transfer_income: number
  business_expense: number
  medical_selfpay: number
  education_expense: number
  disaster_loss: number
  accident_expense: number
  other_rigid: number
  net_income: number
  rigid_expenditure: number
}

export interface FinanceRevision extends Finance {
  imported_at: string
  superseded_at: string | null
  source_file: string
}

export interface NegativeFact {
  kind: string
  detail: string
  source: string
}

export interface HouseholdDetail {
  household_id: string
  region_code: string
  head_name: string
  phone: string
  formerly_poor: boolean
  exit_year: number | null
  relocated: boolean
  housing_safe: boolean
  water_safe: boolean
  education_ok: boolean
  medical_ok: boolean
  food_clothing_ok: boolean
  monitored_type: string | null
  members: Member[]
  finances: Finance[]
  finance_history: FinanceRevision[]
  negative_facts: NegativeFact[]
  masked: boolean
}

export interface Assessment {
  household_id: string
  year: number
  people: number
  net_income: number
  income_per_capita: number
  rigid_expenditure: number
  adjusted_income_per_capita: number
  line: number
  candidate: boolean
  type: string | null
  risk_reasons: string[]
  primary_reason: string | null
  excluded: boolean
  exclusion_reasons: string[]
  shortfalls: string[]
  wrong_type: boolean
  explain?: unknown
}

export interface AssessmentPage extends Page<Assessment> {
  region: string | null
  unassessable: number
}

export interface ImportRowError {
  row: number
  column: string
  reason: string
}

export interface ImportReport {
  imported: number
  rejected: number
  errors: ImportRowError[]
  warnings: string[]
  encoding: string
  written: { inserted: number; updated: number; unchanged: number }
  stored: boolean
  error?: { code: string; message: string; field: string | null }
}

export const MONITORED_TYPES = ['脱贫不稳定户', '边缘易致贫户', '突发严重困难户']
export const RISK_REASONS = ['因病', '因残', '因学', '因灾', '因意外事故', '因产业项目失败', '因务工就业不稳',
  '缺劳力', '因安全住房', '因饮水安全', '因疫情', '其他']

// --- department screening and warnings (README "Department screening and warnings") ---
export type Grade = '红' | '橙' | '黄'

// What a screening run counted: the upload's summary and the stored run share these.
export interface RunCounts {
  rows: number
  matched: number
  unmatched: number
  rejected: number
  warnings_new: number
  warnings_merged: number
  grades: Record<Grade, number>
  negative_facts_added: number
  area_events_added: number
  zero_report: boolean
}

export interface ScreeningSummary extends RunCounts {
  department: string
  month: string
  run_id: number
}

export interface RowIssue {
  row: number
  kind: string
  column: string
  reason: string
}

export interface UploadAnswer {
  summary: ScreeningSummary
  issues_total: number
  issues: RowIssue[]
  notes: string[]
}

export interface ScreeningRun extends RunCounts {
  id: number
  department: string
  month: string
  source_file: string
  user: string
  at: string
  received_on: string
  dispatch_by: string
  verify_by: string
}

export interface RunIssues {
  run_id: number
  total: number
  limit: number
  offset: number
  items: RowIssue[]
}

export interface WarningItem {
  warning_id: number
  household_id: string
  region_code: string
  member: string
  department: string
  reason: string
  grade: Grade
  facts: string[]
  signals: number
  month: string
  received_on: string
  dispatch_by: string
  verify_by: string
  status: string
  verify_result?: string
  verified_by?: string
  verified_on?: string
}

export interface VerifyAnswer extends WarningItem {
  case_id: number | null
  case_existing: boolean
}
