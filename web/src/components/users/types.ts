/** An account as GET/POST /api/v1/users answer it; initial_password only once, when generated. */
export interface UserRow {
  username: string
  role: string
  region_scope: string | null
  department: string | null
  disabled?: boolean
  created_at?: string
  created_by?: string
  initial_password?: string
}
