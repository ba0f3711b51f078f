import { reactive } from 'vue'
import { get, post, ApiError } from './api'
import type { LoginAnswer, User } from './types'

export const session = reactive<{ user: User | null; checked: boolean; expired: boolean }>({
  user: null,
  checked: false,
  expired: false,
})

/** Asks the server who the cookie belongs to (once per page load, and after a 401). */
export async function loadMe(): Promise<User | null> {
  try {
    session.user = await get<User>('/api/v1/auth/me')
  } catch (e) {
    if (!(e instanceof ApiError) || e.status !== 401) throw e
    session.user = null
  }
  session.checked = true
  return session.user
}

export async function login(username: string, password: string): Promise<User> {
  const a = await post<LoginAnswer>('/api/v1/auth/login', { username, password })
  session.user = a.user
  session.checked = true
  session.expired = false
  return a.user
}

export async function logout(): Promise<void> {
  try {
    await post('/api/v1/auth/logout')
  } catch {
    // the session may already be gone; the cookies are cleared by the server when it answers
  }
  session.user = null
}
