// The one way the pages talk to the fangpin API (README "HTTP API server and accounts"):
// cookie session, the fp_csrf cookie echoed in X-CSRF-Token on every POST, and the JSON
// error shape {"error":{"code","message","field"}}.

export const API_BASE: string = (import.meta.env.VITE_API_BASE as string | undefined) ?? ''

export interface ApiErrorBody {
  code: string
  message: string
  field: string | null
}

export class ApiError extends Error {
  status: number
  code: string
  field: string | null
  body: unknown
  retryAfter: number | null
  constructor(status: number, err: ApiErrorBody, body: unknown, retryAfter: number | null = null) {
    super(err.message)
    this.status = status
    this.code = err.code
    this.field = err.field
    this.body = body
    this.retryAfter = retryAfter
  }
}

type UnauthorizedHandler = () => void
let onUnauthorized: UnauthorizedHandler = () => {}
/** Called once by the router: a 401 on any call but login sends the user to 登录. */
export function setUnauthorizedHandler(h: UnauthorizedHandler): void {
  onUnauthorized = h
}

export function csrfToken(): string {
  const m = document.cookie.match(/(?:^|;\s*)fp_csrf=([^;]+)/)
  return m ? decodeURIComponent(m[1]) : ''
}

function toApiError(status: number, body: unknown, retryAfter: string | null): ApiError {
  const e = (body as { error?: ApiErrorBody } | null)?.error
  const err: ApiErrorBody = e && typeof e.message === 'string'
    ? e
    : { code: 'http_' + status, message: statusMessage(status), field: null }
  return new ApiError(status, err, body, retryAfter ? Number(retryAfter) : null)
}

export function statusMessage(status: number): string {
  if (status === 0) return '无法连接服务器，请检查网络后重试'
  if (status === 404) return '未找到'
  if (status === 413) return '文件过大（上限 32 MiB）'
  if (status >= 500) return '服务器内部错误，请稍后重试'
  return `请求失败（HTTP ${status}）`
}

function handle401(path: string, status: number): void {
  if (status === 401 && !path.startsWith('/api/v1/auth/login')) onUnauthorized()
}

export async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' }
  if (method !== 'GET') headers['X-CSRF-Token'] = csrfToken()
  if (body !== undefined) headers['Content-Type'] = 'application/json'
  let res: Response
  try {
    res = await fetch(API_BASE + path, {
      method,
      headers,
      credentials: 'same-origin',
      body: body === undefined ? undefined : JSON.stringify(body),
    })
  } catch {
    throw new ApiError(0, { code: 'network', message: statusMessage(0), field: null }, null)
  }
  let data: unknown = null
  const text = await res.text()
  if (text) {
    try { data = JSON.parse(text) } catch { data = null }
  }
  if (!res.ok) {
    handle401(path, res.status)
    throw toApiError(res.status, data, res.headers.get('Retry-After'))
  }
  return data as T
}

export const get = <T>(path: string) => request<T>('GET', path)
export const post = <T>(path: string, body?: unknown) => request<T>('POST', path, body ?? {})

export function query(params: Record<string, string | number | boolean | null | undefined>): string {
  const q = new URLSearchParams()
  for (const [k, v] of Object.entries(params)) {
    if (v === null || v === undefined || v === '') continue
    q.set(k, String(v))
  }
  const s = q.toString()
  return s ? '?' + s : ''
}

/** multipart upload with progress (fetch has no upload progress). Resolves with the JSON
 *  answer for 200 and for 422 (a refused upload still carries its row report). */
export function upload<T>(path: string, file: File, onProgress: (pct: number) => void): Promise<{ status: number; data: T }> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest()
    xhr.open('POST', API_BASE + path)
    xhr.withCredentials = true
    xhr.setRequestHeader('X-CSRF-Token', csrfToken())
    xhr.setRequestHeader('Accept', 'application/json')
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress(Math.round((e.loaded / e.total) * 100))
    }
    xhr.onerror = () => reject(new ApiError(0, { code: 'network', message: statusMessage(0), field: null }, null))
    xhr.onload = () => {
      let data: unknown = null
      try { data = JSON.parse(xhr.responseText) } catch { data = null }
      if (xhr.status === 200) return resolve({ status: 200, data: data as T })
      handle401(path, xhr.status)
      const err = toApiError(xhr.status, data, xhr.getResponseHeader('Retry-After'))
      reject(err)
    }
    const fd = new FormData()
    fd.append('file', file, file.name)
    xhr.send(fd)
  })
}
