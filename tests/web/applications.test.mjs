// Browser journeys of 农户自主申报 and the cadres' clue inbox (issue 11, journey (a)'s first
// half and more): the public form on a phone with the proof of work in a worker, the
// receipt and its status lookup, accept → case, close with a reason, a bad ID refused
// before sending (舆情信访 and 督导: clues.test.mjs). Steps: application-steps.mjs; harness: harness.mjs.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import crypto from 'node:crypto'
import { createRequire } from 'node:module'
import fs from 'node:fs'
import path from 'node:path'
import { useBrowser, open, field, shot, login, BASE } from './harness.mjs'
import {
  applyAndAccept, fillApplication, submitApplication, receiptStatus, openClueByName, unregisteredId, badCheckDigit,
  villageMember, PHONE, DESKTOP,
} from './application-steps.mjs'

// The proof of work must be the server's exactly (app/clues.cpp pow_zero_bits): the browser's
// SHA-256 (web/src/pow-core.ts, compiled here as vite would) against node's, and the
// leading-zero-bit count against one computed from node's digest.
test('pow-core: SHA-256 and the zero-bit count match the server algorithm', async () => {
  const require = createRequire(path.join(process.env.WEB_ROOT, 'package.json'))
  const ts = require('typescript')
  const src = fs.readFileSync(path.join(process.env.WEB_ROOT, 'src/pow-core.ts'), 'utf8')
  const js = ts.transpileModule(src, { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2020 } }).outputText
  const pow = await import('data:text/javascript;base64,' + Buffer.from(js).toString('base64'))
  const nodeHex = (s) => crypto.createHash('sha256').update(s, 'utf8').digest('hex')
  // block boundaries: 55/56/63/64/65 bytes and a multi-block text, plus non-ASCII
  for (const s of ['', 'abc', 'a'.repeat(55), 'a'.repeat(56), 'a'.repeat(63), 'a'.repeat(64), 'a'.repeat(65),
    'x'.repeat(200), '18.0123456789abcdef0123456789abcdef:42', '防止返贫动态监测和帮扶']) {
    assert.equal(pow.sha256Hex(s), nodeHex(s), `sha256 of ${s.length} characters`)
  }
  // FIPS 180-4's own example
  assert.equal(pow.sha256Hex('abc'), 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad')
  const zeroBitsNode = (s) => {
    const h = crypto.createHash('sha256').update(s).digest()
    let bits = 0
    for (const b of h) { if (b === 0) { bits += 8; continue } bits += Math.clz32(b) - 24; break }
    return bits
  }
  for (let n = 0; n < 2000; ++n) assert.equal(pow.powBits('10.cafe', String(n)), zeroBitsNode('10.cafe:' + n))
  const challenge = '14.' + crypto.randomBytes(16).toString('hex')
  const nonce = pow.searchNonces(challenge, 14, 0, 1 << 22)
  assert.ok(nonce !== null)
  assert.ok(zeroBitsNode(`${challenge}:${nonce}`) >= 14, 'the nonce found meets the difficulty by node:crypto')
  // the first such nonce: every smaller one fails
  for (let n = 0; n < Number(nonce); ++n) assert.ok(zeroBitsNode(`${challenge}:${n}`) < 14)
})

useBrowser()

test(`(a) a household applies on a phone → 村级 accepts → the case (${PHONE.width}×${PHONE.height})`, async () => {
  const { caseId, householdId, cadre } = await applyAndAccept()
  assert.ok(caseId > 0)
  // the inbox now lists the clue as 已受理 with its case
  await cadre.page.goto(BASE + '/applications?status=已受理')
  const row = cadre.page.locator('[data-test=clue-row]', { hasText: villageMember(0).name }).first()
  await row.waitFor()
  await row.click()
  assert.equal((await cadre.page.locator('[data-test=clue-status]').textContent()).trim(), '已受理')
  assert.equal((await cadre.page.locator('[data-test=clue-case]').textContent()).trim(), `案件 #${caseId}`)
  assert.equal(await cadre.page.locator('[data-test=clue-accept]').count(), 0)
  await shot(cadre.page, PHONE, 'a08-inbox-accepted-clue')
  assert.ok(householdId)
  assert.deepEqual(cadre.page.problems, [])
  await cadre.ctx.close()
})

test(`bad ID refused in the form; an unregistered applicant's clue closed with a reason (${DESKTOP.width}×${DESKTOP.height})`, async () => {
  const vp = DESKTOP
  const applicant = { name: '测试申报人', residentId: unregisteredId(321), phone: '13912345678', village: process.env.VILLAGE,
    reasons: ['因灾', '其他'], description: '房屋被山洪冲毁一角，暂住亲戚家。' }
  const pub = await open(vp)
  const sent = []
  pub.page.on('request', (r) => { if (r.method() === 'POST' && r.url().includes('/api/v1/applications')) sent.push(r.url()) })
  await pub.page.goto(BASE + `/apply?village=${process.env.VILLAGE}`)
  await pub.page.locator('[data-test=apply-form]').waitFor()
  // the village code came with the link (a village's QR code) and is not typed
  assert.equal(await field(pub.page, 'apply-village').inputValue(), process.env.VILLAGE)
  await fillApplication(pub.page, { ...applicant, village: undefined, residentId: badCheckDigit(applicant.residentId) })
  await pub.page.locator('[data-test=apply-submit]').click()
  await pub.page.locator('[data-test=apply-error]').waitFor()
  assert.match(await pub.page.locator('[data-test=apply-error]').textContent(), /身份证号码：证件号码校验位错误（GB 11643），应为/)
  assert.deepEqual(sent, [], 'nothing sent for a bad ID')
  // what was typed is all still there
  assert.equal(await field(pub.page, 'apply-name').inputValue(), applicant.name)
  assert.equal(await field(pub.page, 'apply-phone').inputValue(), applicant.phone)
  await shot(pub.page, vp, 'b01-apply-bad-id')
  // a bad birth date and a short ID get the API's own words too
  await field(pub.page, 'apply-id').fill('99999919801301123X')
  await field(pub.page, 'apply-id').blur()
  await pub.page.getByText('证件号码中的出生日期无效').waitFor()
  await field(pub.page, 'apply-id').fill('9999991980')
  await field(pub.page, 'apply-id').blur()
  await pub.page.getByText('证件号码应为18位，实际为10位').waitFor()
  await field(pub.page, 'apply-id').fill(applicant.residentId)
  // a village code the API refuses (its township is not in the NBS list): the API's message
  // at the field after the proof of work, the form kept (a 400 is not counted against the limit)
  await field(pub.page, 'apply-village').fill('999999999001')
  await pub.page.locator('[data-test=apply-submit]').click()
  await pub.page.waitForFunction(() => /不在统计用区划代码中/.test(document.querySelector('[data-test=apply-error]')?.textContent ?? ''),
    null, { timeout: 60000 })
  assert.match(await pub.page.locator('[data-test=apply-error]').textContent(), /^\s*村（社区）区划代码：区划代码所属乡镇 999999999 不在统计用区划代码中/)
  assert.equal(sent.length, 2, 'one challenge and one submission')
  pub.page.problems = pub.page.problems.filter((p) => !/status of 400/.test(p)) // chromium logs the expected 400
  assert.equal(await field(pub.page, 'apply-name').inputValue(), applicant.name)
  assert.equal(await field(pub.page, 'apply-id').inputValue(), applicant.residentId)
  await shot(pub.page, vp, 'b01b-apply-refused-by-api')
  await field(pub.page, 'apply-village').fill(process.env.VILLAGE)
  const receipt = await submitApplication(pub.page)
  assert.equal(sent.length, 4, 'two challenges and two submissions')
  await shot(pub.page, vp, 'b02-apply-receipt')

  // the cadre closes it with a reason
  const cadre = await open(vp)
  await cadre.page.goto(BASE + '/applications')
  await login(cadre.page, 'village', { expectUrl: /\/applications/ })
  await shot(cadre.page, vp, 'b03-inbox')
  await openClueByName(cadre.page, applicant.name)
  assert.match(await cadre.page.locator('[data-test=clue-detail]').textContent(), /未匹配到登记户/)
  assert.match((await cadre.page.locator('[data-test=clue-description]').textContent()), /申报原因：因灾、其他/)
  await cadre.page.locator('[data-test=clue-close]').click()
  await cadre.page.locator('[data-test=close-submit]').click()
  await cadre.page.getByText('请说明关闭理由').waitFor()
  const reason = '经电话核实，已在外地稳定就业，无返贫致贫风险'
  await cadre.page.locator('textarea[data-test=close-reason]').fill(reason)
  await shot(cadre.page, vp, 'b04-inbox-close')
  await cadre.page.locator('[data-test=close-submit]').click()
  await cadre.page.waitForFunction(() => document.querySelector('[data-test=clue-status]')?.textContent?.trim() === '已关闭')
  assert.equal((await cadre.page.locator('[data-test=clue-close-reason]').textContent()).trim(), reason)
  await shot(cadre.page, vp, 'b05-inbox-closed')

  // the applicant sees 已关闭 and why
  assert.equal(await receiptStatus(pub.page, BASE, receipt), '已关闭')
  assert.match(await pub.page.locator('[data-test=receipt-close-reason]').textContent(), new RegExp(reason))
  await shot(pub.page, vp, 'b06-apply-status-closed')
  // an unknown code: the API's 404 text
  await pub.page.goto(BASE + '/apply/status?code=0000-0000-0000-0000')
  await pub.page.locator('[data-test=receipt-error]').waitFor()
  assert.match(await pub.page.locator('[data-test=receipt-error]').textContent(), /回执编号不存在/)
  for (const p of [pub.page, cadre.page]) assert.deepEqual(p.problems, [])
  await pub.ctx.close()
  await cadre.ctx.close()
})
