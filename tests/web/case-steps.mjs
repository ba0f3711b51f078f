// The case journey (caseJourney, run by cases.test.mjs and cases-phone.test.mjs) and its
// step-driving helpers, exported so other journeys can chain them, e.g. after "household
// applies → cadre accepts" (the case opened with clue date `start`; the steps are dated up
// to start + 20 days, the API takes later dates too):
//   const approved = await identifyCase(open, vp, caseId, { start })
//   await assistCase(open, vp, caseId, { approved })
// Every helper drives the UI as the right account in its own browser context and asserts
// what the page shows; `open` is harness.mjs' open(vp).
import assert from 'node:assert/strict'
import fs from 'node:fs'
import path from 'node:path'
import { BASE, field, login, shot, open, menuTexts, closeDrawer } from './harness.mjs'

/** YYYY-MM-DD, `n` days before today (China Standard Time, the API's business day). */
export function daysAgo(n) {
  return new Date(Date.now() + 8 * 3600e3 - n * 86400e3).toISOString().slice(0, 10)
}
export function addDays(d, n) {
  return new Date(Date.parse(d + 'T00:00:00Z') + n * 86400e3).toISOString().slice(0, 10)
}

/** A small real PNG (the archive checks the type by its content), as a phone photo would be. */
export function photoFile() {
  const file = path.join(process.env.DATA, '入户照片.png')
  if (!fs.existsSync(file)) {
    fs.writeFileSync(file, Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAFklEQVR4nGP8z8DAwMDAxMDAwMDAAAANHQEDasKb6QAAAABJRU5ErkJggg==', 'base64'))
  }
  return file
}

/** fetch from the page (its cookie session + CSRF), as another client of the API would. */
export async function apiFromPage(page, method, url, body, headers = {}) {
  return page.evaluate(async ({ method, url, body, headers }) => {
    const csrf = decodeURIComponent((document.cookie.match(/(?:^|;\s*)fp_csrf=([^;]+)/) || [])[1] || '')
    const b = new Uint8Array(16)
    crypto.getRandomValues(b)
    b[6] = (b[6] & 0x0f) | 0x40
    b[8] = (b[8] & 0x3f) | 0x80
    const h = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('')
    const key = `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`
    const res = await fetch(url, {
      method,
      headers: { Accept: 'application/json', ...(method === 'POST' ? { 'Content-Type': 'application/json', 'X-CSRF-Token': csrf, 'Idempotency-Key': key } : {}), ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    })
    return { status: res.status, body: await res.json().catch(() => null) }
  }, { method, url, body, headers })
}

/** Signs `who` in and lands on the case page (the login page returns to it). */
export async function openCaseAs(open, vp, who, caseId) {
  const { ctx, page } = await open(vp)
  await page.goto(`${BASE}/cases/${caseId}`)
  await login(page, who)
  await page.waitForURL(new RegExp(`/cases/${caseId}$`))
  await page.locator('[data-test=case-state]').waitFor()
  return { ctx, page }
}

/** Households of the test village with no negative-list fact and no live case, from the end
 *  of the list (other journeys work on the first households). API reads only. */
export async function freeHouseholds(page) {
  const list = await apiFromPage(page, 'GET', `/api/v1/households?region=${process.env.VILLAGE}&limit=500`)
  assert.equal(list.status, 200)
  const cases = await apiFromPage(page, 'GET', `/api/v1/cases?region=${process.env.VILLAGE}&limit=500`)
  const live = new Set(cases.body.items.filter((c) => ['识别中', '监测中', '风险消除中'].includes(c.status)).map((c) => c.household_id))
  const out = []
  for (const h of [...list.body.items].reverse()) {
    if (live.has(h.household_id)) continue
    const d = await apiFromPage(page, 'GET', `/api/v1/households/${h.household_id}`)
    if (d.status === 200 && !d.body.negative_facts.length) out.push(h)
    if (out.length === 3) break
  }
  return out
}

/** 案件 → 登记案件 in the UI (the signed-in page is on /cases): a 干部排查 clue for `household`
 *  on `clueDate`; returns the new case id (the page is then on the case). */
export async function openCaseInUi(page, household, clueDate) {
  await page.locator('[data-test=case-new]').click()
  await field(page, 'new-household').fill(household)
  await field(page, 'new-date').fill(clueDate)
  await area(page, 'new-note').fill('入户走访发现家中有人患大病')
  await page.locator('[data-test=new-submit]').click()
  await page.waitForURL(/\/cases\/\d+$/)
  await page.locator('[data-test=case-state]').waitFor()
  return Number(new URL(page.url()).pathname.split('/').pop())
}

/** Opens a new 干部排查 case through the API as the signed-in 村级 page, on `household` or the
 *  first of freeHouseholds(). */
export async function openCaseViaApi(page, clueDate, household = null) {
  for (const h of household ? [household] : await freeHouseholds(page)) {
    const r = await apiFromPage(page, 'POST', '/api/v1/cases', { household_id: h.household_id, channel: '干部排查', clue_date: clueDate, note: '入户走访发现' })
    if (r.status === 201) return { caseId: r.body.case_id, household: h }
    assert.equal(r.status, 409, JSON.stringify(r.body))
    page.problems = page.problems.filter((p) => !/status of 409/.test(p)) // a live case: the next household
  }
  throw new Error('no household left to open a case on')
}

/** an Element Plus textarea: the data-test attribute lands on the native textarea. */
export function area(page, name) {
  return page.locator(`textarea[data-test=${name}], [data-test=${name}] textarea`).first()
}

async function version(page) {
  return Number((await page.locator('[data-test=case-version]').textContent()).trim())
}

/** Takes the step selected in the form (the next step unless `pick`), with date and note
 *  (and photos); waits for the new version, or for the refusal when `refused` is a RegExp. */
export async function takeStep(page, { pick, date, note, photo, refused } = {}) {
  const v0 = await version(page)
  if (pick) await page.locator(`[data-test="pick-${pick}"]`).click()
  if (date) await field(page, 'step-date').fill(date)
  if (note !== undefined) await area(page, 'step-note').fill(note)
  if (photo) {
    await page.locator('[data-test=step-docs] [data-test=doc-input]').setInputFiles(photo)
    await page.locator('[data-test=step-docs] [data-test=doc-item]').first().waitFor()
  }
  await page.locator('[data-test=step-submit]').click()
  if (refused) {
    await page.locator('[data-test=step-error]').waitFor()
    const text = await page.locator('[data-test=step-error]').textContent()
    assert.match(text, refused)
    return text
  }
  await page.waitForFunction((v) => Number(document.querySelector('[data-test=case-version]')?.textContent) > v, v0)
  await page.locator('[data-test=step-done]').waitFor()
}

/** The identification procedure (SPEC §7) of case `caseId` opened on `start`, each step by
 *  its account: 村级 入户核查 with a photo, 承诺授权书; 乡级 信息比对; 村级 评议, 公示 (closing
 *  after 4 days refused with the API's message, then a concurrent 公示异议 → the 409 reload,
 *  异议处理, closing after 5 days); 乡级 审核 and 公示; 县级 审定 → 监测中. Returns the
 *  date of 县级审定. */
export async function identifyCase(open, vp, caseId, { start, prefix = 'case' } = {}) {
  const photo = photoFile()
  // 村级
  let { ctx, page } = await openCaseAs(open, vp, 'village', caseId)
  assert.equal((await page.locator('[data-test=case-next]').textContent()).trim(), '入户核查')
  await takeStep(page, { date: start, note: '入户核查属实，已填写认定核查表', photo })
  assert.equal(await page.locator('[data-test=timeline-doc]').count(), 1, 'the photo is on the timeline')
  const href = await page.locator('[data-test=timeline-doc]').first().getAttribute('href')
  const doc = await apiFromPage(page, 'GET', href)
  assert.notEqual(doc.status, 404, 'the photo can be downloaded through the case')
  await shot(page, vp, `${prefix}-01-visit`)
  await takeStep(page, { date: start, note: '' })
  // 村级 may not take 信息比对: no step for it
  await page.locator('[data-test=no-step]').waitFor()
  await ctx.close()

  ;({ ctx, page } = await openCaseAs(open, vp, 'township', caseId))
  await takeStep(page, { date: addDays(start, 1) })
  await page.locator('[data-test=timeline-note]').filter({ hasText: /建议类型|评估/ }).first().waitFor()
  await ctx.close()

  ;({ ctx, page } = await openCaseAs(open, vp, 'village', caseId))
  const n0 = addDays(start, 2)
  await takeStep(page, { date: addDays(start, 1), note: '村民代表评议通过' })
  await takeStep(page, { date: n0, note: '在村委会公示栏张贴' })
  await page.locator('[data-test=notice]').waitFor()
  // 4 days: refused with the rule's own words; what was typed stays
  const msg = await takeStep(page, { date: addDays(n0, 4), note: '公示无异议', refused: /仅 4 天/ })
  assert.match(msg, /最早 \d{4}-\d{2}-\d{2} 可结束/)
  assert.equal(await field(page, 'step-date').inputValue(), addDays(n0, 4))
  assert.equal(await area(page, 'step-note').inputValue(), '公示无异议')
  await shot(page, vp, `${prefix}-02-notice-refused`)
  // someone else registers an objection meanwhile: this page's version is stale → 409, reload
  const v = await version(page)
  const obj = await apiFromPage(page, 'POST', `/api/v1/cases/${caseId}/steps`,
    { step: '公示异议', date: addDays(n0, 1), note: '村民反映家中有营运车辆' }, { 'If-Match': `"${v}"` })
  assert.equal(obj.status, 200, JSON.stringify(obj.body))
  await field(page, 'step-date').fill(addDays(n0, 5))
  await page.locator('[data-test=step-submit]').click()
  await page.locator('[data-test=step-conflict]').waitFor()
  assert.match(await page.locator('[data-test=step-conflict]').textContent(), /案件已被他人修改，已刷新/)
  page.problems = page.problems.filter((p) => !/status of 409/.test(p)) // that 409 is the point
  await page.waitForFunction((v) => Number(document.querySelector('[data-test=case-version]')?.textContent) > v, v)
  assert.equal(await field(page, 'step-date').inputValue(), addDays(n0, 5), 'the date typed is kept')
  assert.equal(await area(page, 'step-note').inputValue(), '公示无异议', 'the note typed is kept')
  assert.match(await page.locator('[data-test=notice]').textContent(), /暂停/)
  await shot(page, vp, `${prefix}-03-conflict`)
  await takeStep(page, { pick: '异议处理', date: addDays(n0, 5), note: '经核实车辆已于去年出售，异议不成立' })
  await takeStep(page, { pick: '村级公示结束', date: addDays(n0, 5), note: '公示无异议' })
  assert.match(await page.locator('[data-test=case-state]').textContent(), /待乡镇审核/)
  await ctx.close()

  ;({ ctx, page } = await openCaseAs(open, vp, 'township', caseId))
  const t0 = addDays(n0, 6)
  await takeStep(page, { date: t0, note: '乡镇审核通过' })
  await takeStep(page, { date: t0 })
  await takeStep(page, { date: addDays(t0, 5) })
  assert.match(await page.locator('[data-test=case-state]').textContent(), /待县级审定/)
  await ctx.close()

  ;({ ctx, page } = await openCaseAs(open, vp, 'county', caseId))
  const approved = addDays(t0, 6)
  // 县级 decides the type and the reasons (信息比对's suggestion preselected, if it gave one)
  await page.locator('[data-test=step-type]').click()
  await page.locator('.el-select-dropdown__item', { hasText: '突发严重困难户' }).click()
  const ill = page.locator('[data-test=step-reasons] .el-checkbox', { hasText: /^因病$/ })
  if (!(await ill.locator('input').isChecked())) await ill.click()
  await takeStep(page, { date: approved, note: '县级审定：因病致困' })
  assert.match(await page.locator('[data-test=timeline-note]').last().textContent(), /认定为 突发严重困难户，风险原因 [^；]*因病/)
  assert.equal((await page.locator('[data-test=case-status]').textContent()).trim(), '监测中')
  assert.ok(await page.locator('[data-test=timeline-entry]').count() >= 13, 'every step is on the timeline (立案 + 12 steps)')
  await shot(page, vp, `${prefix}-04-approved`)
  assert.deepEqual(page.problems, [])
  await ctx.close()
  return approved
}

/** SPEC §8 assistance: 县级 assigns wt-caseworker; the caseworker signs in, finds the case in
 *  我的任务, writes the plan and records a measure with a photo as evidence. */
export async function assistCase(open, vp, caseId, { approved, prefix = 'case' } = {}) {
  let { ctx, page } = await openCaseAs(open, vp, 'county', caseId)
  await field(page, 'caseworker-input').fill('wt-caseworker')
  await field(page, 'caseworker-date').fill(addDays(approved, 1))
  const v0 = await version(page)
  await page.locator('[data-test=caseworker-submit]').click()
  await page.waitForFunction((v) => Number(document.querySelector('[data-test=case-version]')?.textContent) > v, v0)
  assert.equal((await page.locator('[data-test=caseworker]').textContent()).trim(), 'wt-caseworker')
  assert.deepEqual(page.problems, [])
  await ctx.close()

  ;({ ctx, page } = await open(vp))
  await page.goto(`${BASE}/tasks`)
  await login(page, 'caseworker')
  await page.waitForURL(/\/tasks/)
  const row = page.locator(`[data-test=task-row][href="/cases/${caseId}"]`).first()
  await row.waitFor()
  await shot(page, vp, `${prefix}-05-tasks`)
  await row.click()
  await page.waitForURL(new RegExp(`/cases/${caseId}$`))
  await page.locator('[data-test=plan-input]').waitFor()
  assert.equal(await page.locator('[data-test=step-form]').count(), 0, '帮扶责任人 takes no procedure step')
  let v = await version(page)
  await area(page, 'plan-input').fill('落实医疗救助与公益岗位，每月走访一次')
  await field(page, 'plan-date').fill(addDays(approved, 3))
  await page.locator('[data-test=plan-submit]').click()
  await page.waitForFunction((v) => Number(document.querySelector('[data-test=case-version]')?.textContent) > v, v)
  await page.locator('[data-test=plan-text]').waitFor()
  v = await version(page)
  await page.locator('[data-test=measure-category]').click()
  await page.locator('.el-select-dropdown__item', { hasText: '综合保障' }).click()
  await field(page, 'measure-start').fill(addDays(approved, 4))
  await field(page, 'measure-amount').fill('1200.50')
  await field(page, 'measure-unit').fill('县民政局')
  await area(page, 'measure-note').fill('纳入低保')
  await page.locator('[data-test=measure-docs] [data-test=doc-input]').setInputFiles(photoFile())
  await page.locator('[data-test=measure-docs] [data-test=doc-item]').first().waitFor()
  await page.locator('[data-test=measure-submit]').click()
  await page.waitForFunction((v) => Number(document.querySelector('[data-test=case-version]')?.textContent) > v, v)
  await page.locator('[data-test=measure-row]').first().waitFor()
  assert.match(await page.locator('[data-test=measure-row]').first().textContent(), /综合保障[\s\S]*1,?200\.5 元[\s\S]*县民政局/)
  assert.equal(await page.locator('[data-test=measure-evidence]').count(), 1)
  await page.locator('[data-test=matching]').waitFor()
  // SPEC §8 matching from the API: 综合保障 addresses 因病, which is then no longer unaddressed
  assert.match(await page.locator('[data-test=measure-row]').first().textContent(), /对应风险：[^\n]*因病/)
  assert.doesNotMatch(await page.locator('[data-test=unaddressed]').textContent(), /因病/)
  await shot(page, vp, `${prefix}-06-measures`)
  assert.deepEqual(page.problems, [])
  await ctx.close()
}

/** The whole case journey at one viewport (cases.test.mjs: 1366×768, cases-phone.test.mjs:
 *  375×812 — one file each, so each stays well inside the per-file test timeout): 村级
 *  登记案件 (its own check, the API's refusal, the case), the 案件 list, at 1366×768 a rejected
 *  second case with a refused upload; (a) identifyCase; (b) assistCase; 督导 sees it all with
 *  no form or button. */
export async function caseJourney(vp) {
  const prefix = `case-${vp.name}`
  // 村级 registers a case in 案件 (W2's 自主申报 journey accepts one from a clue)
  const { ctx, page } = await open(vp)
  await page.goto(BASE + '/cases')
  await login(page, 'village')
  await page.waitForURL(/\/cases/)
  const menu = await menuTexts(page, vp)
  assert.ok(menu.includes('案件') && menu.includes('我的任务'), 'village menu: ' + menu)
  await closeDrawer(page, vp)
  const start = daysAgo(40)
  const [household, other] = await freeHouseholds(page)
  // 登记案件: the form's own check, then the API's refusal of an unknown household, then the case
  await page.locator('[data-test=case-new]').click()
  await field(page, 'new-household').fill('532923')
  await page.locator('[data-test=new-submit]').click()
  await page.getByText('户编号为 13 位数字').waitFor()
  await field(page, 'new-household').fill('5329239999999')
  await page.locator('[data-test=new-submit]').click()
  await page.locator('[data-test=case-new-error]').waitFor()
  assert.match(await page.locator('[data-test=case-new-error]').textContent(), /户不存在或不在管辖范围内/)
  await shot(page, vp, `${prefix}-00-new-refused`)
  await page.keyboard.press('Escape')
  await page.locator('[data-test=case-new-dialog]').waitFor({ state: 'hidden' })
  const caseId = await openCaseInUi(page, household.household_id, start)
  assert.match(await page.locator('[data-test=case-state]').textContent(), /待入户核查/)
  // the list finds it by the head's name, the row links to the case page
  await page.goto(BASE + '/cases')
  if (vp.name === 'phone') await page.locator('[data-test=case-filter-toggle]').click()
  await field(page, 'case-q').fill(household.head_name)
  await page.locator('[data-test=case-search]').click()
  const row = page.locator(`[data-test=case-row][href="/cases/${caseId}"]`)
  await row.waitFor()
  await shot(page, vp, `${prefix}-00-list`)
  await row.click()
  await page.waitForURL(new RegExp(`/cases/${caseId}$`))
  await page.locator('[data-test=case-state]').waitFor()

  if (vp.name === 'desktop') {
    // bad input on a second case: a file the archive does not take, 驳回 without a reason
    const second = await openCaseViaApi(page, start, other)
    await page.goto(`${BASE}/cases/${second.caseId}`)
    await page.locator('[data-test=case-state]').waitFor()
    const txt = path.join(process.env.DATA, '说明.txt')
    fs.writeFileSync(txt, '这不是照片')
    await page.locator('[data-test=step-docs] [data-test=doc-input]').setInputFiles(txt)
    await page.locator('[data-test=doc-error]').waitFor()
    assert.match(await page.locator('[data-test=doc-error]').textContent(), /说明\.txt：/)
    assert.equal(await page.locator('[data-test=step-docs] [data-test=doc-item]').count(), 0)
    page.problems = page.problems.filter((p) => !/status of 400/.test(p)) // the refused upload
    await page.locator('[data-test="pick-驳回"]').click()
    await page.locator('[data-test=step-submit]').click()
    await page.getByText('驳回须填写理由').waitFor()
    await takeStep(page, { note: '经入户核查，家庭收入稳定，不符合纳入条件' })
    assert.equal((await page.locator('[data-test=case-status]').textContent()).trim(), '已驳回')
    await shot(page, vp, `${prefix}-00-rejected`)
  }
  assert.deepEqual(page.problems, [])
  await ctx.close()

  const approved = await identifyCase(open, vp, caseId, { start, prefix })
  await assistCase(open, vp, caseId, { approved, prefix })

  // 督导: the whole case, no action anywhere
  const sup = await openCaseAs(open, vp, 'super', caseId)
  await sup.page.locator('[data-test=measure-row]').first().waitFor()
  for (const t of ['step-form', 'step-submit', 'caseworker-submit', 'plan-submit', 'measure-submit', 'doc-pick']) {
    assert.equal(await sup.page.locator(`[data-test=${t}]`).count(), 0, `督导 sees no ${t}`)
  }
  assert.ok(await sup.page.locator('[data-test=timeline-entry]').count() >= 16)
  await shot(sup.page, vp, `${prefix}-07-supervisor`)
  // first render of a case page on loopback (issue 11's closing note): cold load → timeline
  const ms = []
  for (let i = 0; i < 3; i++) {
    await sup.page.goto('about:blank')
    const t0 = Date.now()
    await sup.page.goto(`${BASE}/cases/${caseId}`)
    await sup.page.locator('[data-test=timeline-entry]').first().waitFor()
    ms.push(Date.now() - t0)
  }
  console.log(`# first render ${vp.width}×${vp.height} (cold page load to content, 3 runs): 案件办理 ${ms.join('/')} ms`)
  fs.appendFileSync(path.join(process.env.OUT, 'timings.txt'), `${vp.width}x${vp.height}: 案件办理 ${ms.join('/')} ms\n`)
  assert.deepEqual(sup.page.problems, [])
  await sup.ctx.close()
}
