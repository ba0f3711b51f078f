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

/** A random UUID (v4) for `Idempotency-Key`. crypto.randomUUID needs a secure context
 *  (https or loopback); getRandomValues works on a plain-http LAN address too. */
export function newIdempotencyKey(): string {
  const b = new Uint8Array(16)
  crypto.getRandomValues(b)
  b[6] = (b[6] & 0x0f) | 0x40
  b[8] = (b[8] & 0x3f) | 0x80
  const h = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('')
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`
}

// Every POST carries an Idempotency-Key (README "Write safety"): the server answers a
// repeat of the same key with the first answer, so a retry after a lost answer never
// writes twice. Not on login: its answer holds a session token, which the server would keep.
function wantsIdempotencyKey(method: string, path: string): boolean {
  return method === 'POST' && !path.startsWith('/api/v1/auth/login')
}

export interface RequestOptions {
  /** one key per user action; a network failure is retried once with the same key */
  idempotencyKey?: string
  /** extra request headers (e.g. `If-Match` with a case version) */
  headers?: Record<string, string>
}

export async function request<T>(method: string, path: string, body?: unknown, opts: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json', ...opts.headers }
  if (method !== 'GET') headers['X-CSRF-Token'] = csrfToken()
  if (body !== undefined) headers['Content-Type'] = 'application/json'
  const keyed = wantsIdempotencyKey(method, path)
  if (keyed) headers['Idempotency-Key'] = opts.idempotencyKey ?? newIdempotencyKey()
  let res: Response | null = null
  for (let attempt = 0; attempt < (keyed ? 2 : 1) && !res; ++attempt) {
    try {
      res = await fetch(API_BASE + path, {
        method,
        headers,
        credentials: 'same-origin',
        body: body === undefined ? undefined : JSON.stringify(body),
      })
    } catch {
      res = null
    }
  }
  if (!res) throw new ApiError(0, { code: 'network', message: statusMessage(0), field: null }, null)
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
export const post = <T>(path: string, body?: unknown, opts?: RequestOptions) => request<T>('POST', path, body ?? {}, opts)

export function query(params: Record<string, string | number | boolean | null | undefined>): string {
  const q = new URLSearchParams()
  for (const [k, v] of Object.entries(params)) {
    if (v === null || v === undefined || v === '') continue
    q.set(k, String(v))
  }
  const s = q.toString()
  return s ? '?' + s : ''
}

/** multipart upload with progress (fetch has no upload progress): `file` plus the text
 *  `fields`. Resolves with the JSON answer for 200/201; rejects with an ApiError otherwise
 *  (its body: a refused import's row report). Sent with an Idempotency-Key. */
export function upload<T>(path: string, file: File, onProgress: (pct: number) => void,
  fields: Record<string, string> = {}, idempotencyKey: string = newIdempotencyKey()): Promise<{ status: number; data: T }> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest()
    xhr.open('POST', API_BASE + path)
    xhr.withCredentials = true
    xhr.setRequestHeader('X-CSRF-Token', csrfToken())
    xhr.setRequestHeader('Accept', 'application/json')
    xhr.setRequestHeader('Idempotency-Key', idempotencyKey)
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress(Math.round((e.loaded / e.total) * 100))
    }
    xhr.onerror = () => reject(new ApiError(0, { code: 'network', message: statusMessage(0), field: null }, null))
    xhr.onload = () => {
      let data: unknown = null
      try { data = JSON.parse(xhr.responseText) } catch { data = null }
      // 200, or 201 for a created resource (POST /api/v1/documents)
      if (xhr.status === 200 || xhr.status === 201) return resolve({ status: xhr.status, data: data as T })
      handle401(path, xhr.status)
      const err = toApiError(xhr.status, data, xhr.getResponseHeader('Retry-After'))
      reject(err)
    }
    const fd = new FormData()
    for (const [k, v] of Object.entries(fields)) fd.append(k, v)
    fd.append('file', file, file.name)
    xhr.send(fd)
  })
}
