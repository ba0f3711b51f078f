// The 工作台 answer (GET /api/v1/dashboard) and the assessment's `explain`
// (README "HTTP API server": GET /api/v1/dashboard, GET /api/v1/assessments).
import type { Assessment, HouseholdDetail } from '../types'

export interface MonitoredCount {
  households: number
  persons: number
}

export interface MonitoredSplit extends MonitoredCount {
  by_type: (MonitoredCount & { type: string })[]
  by_primary_reason: (MonitoredCount & { reason: string })[]
  by_reason: (MonitoredCount & { reason: string })[]
}

export interface AreaRow extends MonitoredSplit {
  code: string
  name: string
}

export interface MonthRow {
  month: string
  new: number
  eliminated: number
  rolled_back: number
}

export interface DueRow {
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

export interface Dashboard {
  region: string | null
  region_name: string
  as_of: string
  child_level: '区划' | '县' | '乡镇' | '村'
  monitored: MonitoredSplit
  areas: AreaRow[]
  months: MonthRow[]
  due: { within_days: number; overdue: number; due_soon: number; items: DueRow[] }
  quality: { flag: '不及时' | '不精准' | '成效不明显'; found: number; rectified: number }[]
  warnings: { grade: '红' | '橙' | '黄'; open: number }[]
}

export interface VsLine {
  per_capita: number
  line: number
  below: boolean
  text: string
  rigid_expenditure?: number
}

export interface Explain {
  income: VsLine
  adjusted: VsLine
  decision: string
  reasons: { reason: string; parameter: string | null; rule: string; figures: string; primary: boolean }[]
  primary: string | null
  shortfalls: { item: string; fact: string }[]
  exclusions: { kind: string; fact: string }[]
}

export interface ExplainedAssessment extends Assessment {
  explain: Explain
}

export interface HouseholdWithAssessment extends HouseholdDetail {
  assessment?: ExplainedAssessment | null
}
