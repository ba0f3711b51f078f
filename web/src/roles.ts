// What each role may see and do, mirroring the API's route table (`x-roles` in
// /api/openapi.json). The menu, the route guard and every action button read this.
import type { RoleLabel } from './types'

export const ALL_ROLES: RoleLabel[] = ['村级', '乡级', '县级', '部门数据员', '帮扶责任人', '督导', '系统管理员']

const can = {
  dashboard: ['乡级', '县级', '督导', '系统管理员'],
  households: ['村级', '乡级', '县级', '帮扶责任人', '督导', '系统管理员'],
  assessments: ['村级', '乡级', '县级', '督导', '系统管理员'],
  import: ['村级', '乡级', '县级', '系统管理员'],
  importCases: ['县级'],
  unmask: ['县级', '系统管理员'],
  users: ['系统管理员'],
  // department screening (README "Department screening and warnings")
  warnings: ['村级', '乡级', '县级', '督导', '系统管理员'],
  verifyWarning: ['村级', '乡级', '县级'],
  departmentData: ['部门数据员', '县级', '督导', '系统管理员'],
  uploadFeed: ['部门数据员', '县级', '系统管理员'],
  // case workflow (README "Cases (/api/v1/cases)"); which step each role takes is the step table's
  cases: ['村级', '乡级', '县级', '帮扶责任人', '督导', '系统管理员'],
  tasks: ['村级', '乡级', '帮扶责任人'],
  openCase: ['村级', '乡级', '县级'],
  caseStep: ['村级', '乡级', '县级'],
  assignCaseworker: ['村级', '乡级', '县级'],
  casePlan: ['帮扶责任人', '村级', '乡级'],
  caseMeasure: ['帮扶责任人', '村级', '乡级', '县级'],
  uploadDocument: ['村级', '乡级', '县级', '帮扶责任人'],
  // clues: 农户自主申报 and 舆情信访 (README "Clues")
  applications: ['村级', '乡级', '县级', '督导', '系统管理员'],
  handleClue: ['村级', '乡级', '县级'],
  recordPetition: ['乡级', '县级'],
} satisfies Record<string, RoleLabel[]>

export type Capability = keyof typeof can

export function allowed(role: RoleLabel | undefined | null, what: Capability): boolean {
  return !!role && (can[what] as RoleLabel[]).includes(role)
}

/** 督导 is read-only: no button that writes is ever shown to it. */
export function readOnly(role: RoleLabel | undefined | null): boolean {
  return role === '督导'
}

export interface MenuEntry {
  path: string
  title: string
  cap: Capability
  pending?: boolean
}

export const MENU: MenuEntry[] = [
  { path: '/dashboard', title: '工作台', cap: 'dashboard' },
  { path: '/tasks', title: '我的任务', cap: 'tasks' },
  { path: '/households', title: '农户', cap: 'households' },
  { path: '/cases', title: '案件', cap: 'cases' },
  { path: '/warnings', title: '预警核实', cap: 'warnings' },
  { path: '/department-data', title: '数据上报', cap: 'departmentData' },
  { path: '/applications', title: '申报线索', cap: 'applications' },
  { path: '/import', title: '导入', cap: 'import' },
  { path: '/users', title: '用户管理', cap: 'users' },
]

export function homeFor(role: RoleLabel): string {
  if (allowed(role, 'dashboard')) return '/dashboard'
  if (allowed(role, 'households')) return '/households'
  return '/department-data'
}
