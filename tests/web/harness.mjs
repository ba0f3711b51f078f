// Shared harness of the browser journeys (tests/web/*.test.mjs), run by scripts/web-test.sh,
// which starts the server on a fresh demo database and serves web/dist. Each journey runs at
// 1366×768 and at 375×812 and saves screenshots under $OUT/screenshots.
// A journey file calls useBrowser() once at its top, then open(vp) per journey.
import { before, after } from 'node:test'
import assert from 'node:assert/strict'
import { createRequire } from 'node:module'
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'

const require = createRequire(path.join(process.env.WEB_ROOT, 'package.json'))
const { chromium } = require('playwright-core')

export const BASE = process.env.WEB_BASE_URL
export const OUT = process.env.OUT
export const SHOTS = path.join(OUT, 'screenshots')
export const VIEWPORTS = [
  { name: 'desktop', width: 1366, height: 768 },
  { name: 'phone', width: 375, height: 812 },
]
export const ACCOUNTS = {
  village: ['wt-village', process.env.FP_PW_VILLAGE],
  county: ['wt-county', process.env.FP_PW_COUNTY],
  super: ['wt-super', process.env.FP_PW_SUPER],
  admin: ['wt-admin', process.env.FP_PW_ADMIN],
  dept: ['wt-dept', process.env.FP_PW_DEPT],
  township: ['wt-township', process.env.FP_PW_TOWNSHIP],
  caseworker: ['wt-caseworker', process.env.FP_PW_CASEWORKER],
}

let browser
/** Registers the file's before/after hooks: one chromium for the whole file. */
export function useBrowser() {
  before(async () => {
    browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
        '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    })
  })
  after(async () => { await browser?.close() })
}

/** A fresh browser context at one viewport, failing on page errors and CSP violations. */
export async function open(vp) {
  const ctx = await browser.newContext({
    viewport: { width: vp.width, height: vp.height },
    deviceScaleFactor: 1,
    isMobile: vp.name === 'phone',
    hasTouch: vp.name === 'phone',
    locale: 'zh-CN',
    acceptDownloads: true,
  })
  const page = await ctx.newPage()
  // generous: the CI machine may be a loaded 2-core box; every wait is for a state, not a time
  page.setDefaultTimeout(30000)
  page.setDefaultNavigationTimeout(45000)
  page.problems = []
  page.on('pageerror', (e) => page.problems.push('pageerror: ' + e.message))
  page.on('console', (m) => {
    if (m.type() === 'error' && !/status of (401|404|422)/.test(m.text())) page.problems.push('console: ' + m.text())
  })
  page.on('request', (r) => {
    const u = new URL(r.url())
    // every write the UI sends carries an Idempotency-Key (login excepted: its answer is a token)
    if (r.method() === 'POST' && u.pathname.startsWith('/api/') && u.pathname !== '/api/v1/auth/login' &&
        !/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/.test(r.headers()['idempotency-key'] ?? '')) {
      page.problems.push('POST without an Idempotency-Key UUID: ' + u.pathname)
    }
    if (!['127.0.0.1', 'localhost', '[::1]'].includes(u.hostname) && !u.protocol.startsWith('data') && !u.protocol.startsWith('blob')) {
      page.problems.push('external request: ' + r.url())
    }
  })
  return { ctx, page }
}

/** an Element Plus input: the data-test attribute lands on the native input. */
export function field(page, name) {
  return page.locator(`input[data-test=${name}], [data-test=${name}] input`).first()
}

export async function shot(page, vp, name, { fullPage = true } = {}) {
  await page.waitForTimeout(700) // let Element Plus transitions, progress bars and charts settle
  // a full-page shot draws the fixed header where the window is scrolled to: scroll to the top
  if (fullPage) await page.evaluate(() => window.scrollTo(0, 0))
  await page.screenshot({ path: path.join(SHOTS, `${name}-${vp.width}x${vp.height}.png`), fullPage })
  if (vp.name === 'phone') await checkPhone(page, name)
}

/** 375 × 812: no horizontal scrolling, touch targets at least 40 px high. */
export async function checkPhone(page, name) {
  const r = await page.evaluate(() => {
    const sw = document.documentElement.scrollWidth
    const small = []
    const sel = 'button, a[href], input:not([type=hidden]):not([type=file]), .el-select__wrapper, [role=button], .el-checkbox, .el-radio-button__inner, .el-menu-item'
    for (const el of document.querySelectorAll(sel)) {
      const b = el.getBoundingClientRect()
      if (b.width === 0 || b.height === 0) continue
      const cs = getComputedStyle(el)
      if (cs.visibility === 'hidden' || cs.display === 'none' || cs.opacity === '0') continue
      if (/original/.test(el.className)) continue // Element Plus' invisible native radio/checkbox
      if (el.closest('.el-input, .el-select__wrapper') && el.tagName === 'INPUT') continue // the wrapper is the target
      if (b.height < 40 - 0.5) small.push(`${el.tagName.toLowerCase()}.${[...el.classList].slice(0, 2).join('.')} "${(el.textContent || el.getAttribute('aria-label') || '').trim().slice(0, 20)}" ${Math.round(b.height)}px`)
    }
    return { sw, iw: window.innerWidth, small }
  })
  assert.ok(r.sw <= r.iw, `${name}: horizontal scroll at phone size (scrollWidth ${r.sw} > ${r.iw})`)
  assert.deepEqual(r.small, [], `${name}: touch targets under 40 px`)
}

export async function login(page, who, { expectUrl, password } = {}) {
  const [user, pw0] = ACCOUNTS[who]
  const pw = password ?? pw0
  await page.waitForURL(/\/login/)
  await field(page, 'username').fill(user)
  await field(page, 'password').fill(pw)
  await page.locator('[data-test=login-submit]').click()
  await page.waitForURL((u) => !u.pathname.startsWith('/login'))
  if (expectUrl) assert.match(page.url(), expectUrl)
}

export async function menuTexts(page, vp) {
  if (vp.name === 'phone') {
    await page.locator('[data-test=menu-toggle]').click()
    await page.locator('.el-drawer .el-menu-item').first().waitFor()
  }
  const scope = vp.name === 'phone' ? '.el-drawer .el-menu-item' : '.side .el-menu-item'
  const texts = (await page.locator(scope).allTextContents()).map((t) => t.replace(/\s+/g, ''))
  return texts
}

export async function closeDrawer(page, vp) {
  if (vp.name !== 'phone') return
  await page.keyboard.press('Escape')
  await page.locator('.el-drawer').waitFor({ state: 'hidden' })
}

export function firstVillageHousehold() {
  const csv = fs.readFileSync(path.join(process.env.DATA, 'households.csv'), 'utf8').replace(/^\ufeff/, '').split(/\r?\n/)
  const row = csv.slice(1).map((l) => l.split(',')).find((c) => c[1] === process.env.VILLAGE)
  return { id: row[0], name: row[2] }
}

/** A 医保 feed for `count` households of the test village (skipping the first `skip`): one
 *  valid row per household (the first → a 红 warning, the others 合规自付费用 9000 元 and 大病 →
 *  橙) and one row whose 证件号码 is malformed. Written to $DATA like a department would send it. */
export function medicalFeed(name, skip, count) {
  const hh = new Set(fs.readFileSync(path.join(process.env.DATA, 'households.csv'), 'utf8').replace(/^\ufeff/, '')
    .split(/\r?\n/).slice(1).map((l) => l.split(',')).filter((c) => c[1] === process.env.VILLAGE).map((c) => c[0]))
  const seen = new Set()
  const ids = []
  for (const l of fs.readFileSync(path.join(process.env.DATA, 'members.csv'), 'utf8').replace(/^\ufeff/, '').split(/\r?\n/).slice(1)) {
    const c = l.split(',')
    if (!hh.has(c[0]) || seen.has(c[0])) continue
    seen.add(c[0])
    if (seen.size > skip) ids.push(c[2])
    if (ids.length === count) break
  }
  // the first household's 合规自付费用 of 90000 leaves its income after medical costs under the
  // line (红); the others 9000 and 大病 (橙)
  const rows = ['证件号码,日期,医疗总费用,合规自付费用,是否大病',
    ...ids.map((id, i) => (i === 0 ? `${id},2023-03-01,100000,90000,是` : `${id},2023-03-01,20000,9000,是`)),
    '12345,2023-03-01,100,50,否']
  const file = path.join(process.env.DATA, name)
  fs.writeFileSync(file, rows.join('\r\n') + '\r\n')
  return { file, rows: rows.length - 1, valid: ids.length }
}
