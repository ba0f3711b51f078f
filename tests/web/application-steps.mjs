// Steps of journey (a)'s first half, shared so later journeys can chain after them:
// a household applies on the public 自主申报 form (phone, proof of work in the browser),
// then the village cadre accepts the clue and lands on the opened case.
//   import { applyAndAccept } from './application-steps.mjs'
//   const { caseId, householdId } = await applyAndAccept()   // after useBrowser()
// Returns { caseId, householdId, receipt, cadre }: `cadre` is the village cadre's {ctx, page},
// left open on /cases/N for the next steps (the caller closes it).
// The server counts 5 applications per client address per hour (and 3 per resident ID a
// day): the whole web test run (every file, one loopback address) must stay under that.
// Households used here: villageMember(0) by applications.test.mjs, (1) and (2) by
// clues.test.mjs — a chained journey should pass another, e.g. { applicant: villageMember(3) },
// or the accept joins the case already open (`existing`) and the assertion fails.
import assert from 'node:assert/strict'
import fs from 'node:fs'
import path from 'node:path'
import { open, field, shot, login, VIEWPORTS } from './harness.mjs'

export const PHONE = VIEWPORTS.find((v) => v.name === 'phone')
export const DESKTOP = VIEWPORTS.find((v) => v.name === 'desktop')
export const RECEIPT_RE = /^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}$/

// A 1×1 PNG (a photo of the household's situation, as far as the server can tell).
export const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR42mP4z8AAAAMBAQD3A0FDAAAAAElFTkSuQmCC', 'base64')

function csv(name) {
  return fs.readFileSync(path.join(process.env.DATA, name), 'utf8').replace(/^\ufeff/, '').split(/\r?\n/).slice(1)
    .filter(Boolean).map((l) => l.split(','))
}

/** A registered member of the test village: the `fromEnd`-th last household with members
 *  (the other journeys use the village's first households). */
export function villageMember(fromEnd = 0) {
  const rows = csv('households.csv').filter((c) => c[1] === process.env.VILLAGE)
  const hh = rows.map((c) => c[0])
  const members = csv('members.csv')
  const withMembers = hh.filter((id) => members.some((m) => m[0] === id))
  const householdId = withMembers[withMembers.length - 1 - fromEnd]
  const m = members.find((c) => c[0] === householdId)
  return { householdId, name: m[1], residentId: m[2], headName: rows.find((c) => c[0] === householdId)[2] }
}

/** GB 11643: a valid resident ID that is in no registry (region 999999 does not exist). */
export function unregisteredId(seq = 123) {
  const first17 = '999999' + '19800101' + String(seq).padStart(3, '0')
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
  let sum = 0
  for (let i = 0; i < 17; ++i) sum += Number(first17[i]) * w[i]
  return first17 + '10X98765432'[sum % 11]
}

/** The same ID with a wrong check character. */
export function badCheckDigit(id) {
  const last = id[17] === '0' ? '1' : '0'
  return id.slice(0, 17) + last
}

/** Fills the public form. `village` is typed unless the page came with ?village=. */
export async function fillApplication(page, a) {
  await field(page, 'apply-name').fill(a.name)
  await field(page, 'apply-id').fill(a.residentId)
  await field(page, 'apply-phone').fill(a.phone)
  if (a.village !== undefined) await field(page, 'apply-village').fill(a.village)
  for (const r of a.reasons ?? []) await page.locator('[data-test=apply-reasons] label', { hasText: r }).click()
  await page.locator('textarea[data-test=apply-description], [data-test=apply-description] textarea').first().fill(a.description)
  if (a.photo) await page.locator('input[data-test=apply-photo]').setInputFiles({ name: 'photo.png', mimeType: 'image/png', buffer: a.photo })
}

/** Submits the filled form and waits for the receipt (the proof of work runs in a worker). */
export async function submitApplication(page) {
  await page.locator('[data-test=apply-submit]').click()
  await page.locator('[data-test=receipt]').waitFor({ timeout: 60000 })
  const receipt = (await page.locator('[data-test=receipt]').textContent()).trim()
  assert.match(receipt, RECEIPT_RE)
  assert.equal((await page.locator('[data-test=apply-status]').textContent()).trim(), '已收到')
  return receipt
}

/** The public status lookup for a receipt; returns the status text shown. */
export async function receiptStatus(page, base, receipt) {
  await page.goto(`${base}/apply/status?code=${encodeURIComponent(receipt)}`)
  await page.locator('[data-test=receipt-status]').waitFor()
  return (await page.locator('[data-test=receipt-status]').textContent()).trim()
}

/** Opens the clue whose applicant is `name` in the inbox (first page, status 已收到). */
export async function openClueByName(page, name) {
  const row = page.locator('[data-test=clue-row]', { hasText: name }).first()
  await row.waitFor()
  await row.click()
  await page.locator('[data-test=clue-detail]').waitFor()
}

/** Journey (a), first half, on a phone: apply (with a photo) → receipt 已收到 → 村级 accepts
 *  for the matched household → /cases/N → the lookup says 已受理. */
export async function applyAndAccept({ base = process.env.WEB_BASE_URL, vp = PHONE, who = 'village', applicant = villageMember(0),
  screenshots = true, clueDate = null } = {}) {
  const snap = (page, name) => (screenshots ? shot(page, vp, name) : Promise.resolve())
  // the household
  const pub = await open(vp)
  const workers = []
  pub.page.on('request', (r) => { if (/pow\.worker/.test(r.url())) workers.push(r.url()) })
  await pub.page.goto(base + '/login')
  await pub.page.locator('[data-test=to-apply]').click()
  await pub.page.waitForURL(/\/apply$/)
  await pub.page.locator('[data-test=apply-form]').waitFor()
  await fillApplication(pub.page, {
    name: applicant.name, residentId: applicant.residentId, phone: '13800138000', village: process.env.VILLAGE,
    reasons: ['因病'], description: '家人住院，自付医药费约两万元，收入明显减少。', photo: PNG,
  })
  await pub.page.locator('[data-test=apply-photo-preview]').waitFor()
  await snap(pub.page, 'a01-apply-form')
  const receipt = await submitApplication(pub.page)
  assert.ok(workers.length > 0, 'the proof of work ran in the bundled worker')
  await snap(pub.page, 'a02-apply-receipt')
  await pub.page.locator('[data-test=to-status]').click()
  await pub.page.locator('[data-test=receipt-status]').waitFor()
  assert.equal((await pub.page.locator('[data-test=receipt-status]').textContent()).trim(), '已收到')
  await snap(pub.page, 'a03-apply-status-received')

  // the village cadre
  const cadre = await open(vp)
  await cadre.page.goto(base + '/applications')
  await login(cadre.page, who, { expectUrl: /\/applications/ })
  await cadre.page.locator('[data-test=clue-row]', { hasText: applicant.name }).first().waitFor()
  await snap(cadre.page, 'a04-inbox')
  await openClueByName(cadre.page, applicant.name)
  assert.match((await cadre.page.locator('[data-test=clue-id-number]').textContent()).trim(), /^\d{6}\*{8}\d{3}[\dX]$/, 'masked ID')
  assert.match((await cadre.page.locator('[data-test=clue-phone]').textContent()).trim(), /^138\*{4}8000$/, 'masked phone')
  assert.equal((await cadre.page.locator('[data-test=clue-household]').textContent()).trim(), applicant.householdId)
  await cadre.page.waitForFunction(() => {
    const img = document.querySelector('[data-test=clue-photo]')
    return img && img.complete && img.naturalWidth > 0
  })
  await snap(cadre.page, 'a04b-inbox-clue')
  await cadre.page.locator('[data-test=clue-accept]').click()
  assert.equal((await cadre.page.locator('[data-test=accept-household]').textContent()).trim(), applicant.householdId)
  // the 线索日期 defaults to the day the application arrived; a cadre may date it earlier
  if (clueDate) await cadre.page.locator('input[data-test=accept-date], [data-test=accept-date] input').first().fill(clueDate)
  await snap(cadre.page, 'a05-inbox-accept')
  await cadre.page.locator('[data-test=accept-submit]').click()
  await cadre.page.locator('[data-test=accept-done]').waitFor()
  assert.match(await cadre.page.locator('[data-test=accept-done]').textContent(), /已登记识别案件 #\d+/)
  await snap(cadre.page, 'a06-inbox-accepted')
  await cadre.page.locator('[data-test=accept-case-link]').click()
  await cadre.page.waitForURL(/\/cases\/\d+$/)
  const caseId = Number(new URL(cadre.page.url()).pathname.split('/').pop())

  // the applicant looks again
  assert.equal(await receiptStatus(pub.page, base, receipt), '已受理')
  await snap(pub.page, 'a07-apply-status-accepted')
  for (const p of [pub.page, cadre.page]) assert.deepEqual(p.problems, [])
  await pub.ctx.close()
  return { caseId, householdId: applicant.householdId, receipt, cadre }
}
