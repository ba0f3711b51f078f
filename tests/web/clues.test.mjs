// Browser journeys of 舆情信访 and the read-only clue inbox (issue 11): 乡级 records a petition
// (refused in the form without a village or household) → its receipt → 受理 (at the desk the
// household is picked by 户主姓名) → the case; 督导 reads the clues with no action button.
// Harness: harness.mjs; steps shared with applications.test.mjs: application-steps.mjs.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { useBrowser, open, field, shot, login, menuTexts, closeDrawer, BASE, VIEWPORTS } from './harness.mjs'
import { receiptStatus, villageMember } from './application-steps.mjs'

useBrowser()

/** A clue open on this page is closed by the village cadre meanwhile: this page's 关闭 answers
 *  409 with the API's message, and the clue offers no action any more. */
async function handledMeanwhile(page, vp) {
  const name = '重复反映人'
  await page.goto(BASE + '/applications')
  await page.locator('[data-test=petition-open]').click()
  await field(page, 'petition-name').fill(name)
  await field(page, 'petition-village').fill(process.env.VILLAGE)
  await page.locator('textarea[data-test=petition-description]').fill('媒体报道：村里有户人家房屋漏雨。')
  await page.locator('[data-test=petition-submit]').click()
  await page.locator('[data-test=petition-handle]').click()
  await page.locator('[data-test=clue-close]').click()
  await page.locator('textarea[data-test=close-reason]').fill('与已受理的线索重复')

  const other = await open(vp)
  await other.page.goto(BASE + '/applications')
  await login(other.page, 'village', { expectUrl: /\/applications/ })
  await other.page.locator('[data-test=clue-row]', { hasText: name }).first().click()
  await other.page.locator('[data-test=clue-close]').click()
  await other.page.locator('textarea[data-test=close-reason]').fill('已电话核实，房屋已修缮')
  await other.page.locator('[data-test=close-submit]').click()
  await other.page.waitForFunction(() => document.querySelector('[data-test=clue-status]')?.textContent?.trim() === '已关闭')
  assert.deepEqual(other.page.problems, [])
  await other.ctx.close()

  await page.locator('[data-test=close-submit]').click()
  await page.locator('[data-test=clue-action-error]').waitFor()
  assert.match(await page.locator('[data-test=clue-action-error]').textContent(), /线索 \d+ 已办理（已关闭）（列表已刷新）/)
  assert.equal(await page.locator('[data-test=clue-accept], [data-test=clue-close], [data-test=close-form]').count(), 0)
  await page.waitForFunction(() => document.querySelector('[data-test=clue-status]')?.textContent?.trim() === '已关闭')
  assert.equal((await page.locator('[data-test=clue-close-reason]').textContent()).trim(), '已电话核实，房屋已修缮')
  await shot(page, vp, 'c04b-handled-meanwhile')
  page.problems = page.problems.filter((p) => !/status of 409/.test(p)) // chromium logs the expected 409
}
for (const vp of VIEWPORTS) {
  test(`乡级 records a 舆情信访 and accepts it; 督导 reads the clues without any action (${vp.width}×${vp.height})`, async () => {
    const town = await open(vp)
    await town.page.goto(BASE + '/applications')
    await login(town.page, 'township', { expectUrl: /\/applications/ })
    await town.page.locator('[data-test=petition-open]').click()
    const m = villageMember(1 + (vp.name === 'phone' ? 1 : 0))
    await field(town.page, 'petition-name').fill('热线来电人')
    // neither village nor household: refused in the form
    await town.page.locator('textarea[data-test=petition-description]').fill(`12345 热线反映：户主${m.headName}家因病支出大。`)
    await town.page.locator('[data-test=petition-submit]').click()
    await town.page.getByText('（或填写户编号）').waitFor()
    // on a phone the household is known; at the desk only the village, and the cadre finds the household at 受理
    if (vp.name === 'phone') await field(town.page, 'petition-household').fill(m.householdId)
    else await field(town.page, 'petition-village').fill(process.env.VILLAGE)
    await shot(town.page, vp, 'c02-petition-form')
    await town.page.locator('[data-test=petition-submit]').click()
    await town.page.locator('[data-test=petition-done]').waitFor()
    const receipt = (await town.page.locator('[data-test=petition-receipt]').textContent()).trim()
    assert.match(receipt, /^[0-9A-Z]{4}(-[0-9A-Z]{4}){3}$/)
    await shot(town.page, vp, 'c03-petition-done')
    await town.page.locator('[data-test=petition-handle]').click()
    await town.page.locator('[data-test=clue-accept]').click()
    if (vp.name === 'phone') {
      assert.equal((await town.page.locator('[data-test=accept-household]').textContent()).trim(), m.householdId)
    } else {
      // not matched: the picker searched the petitioner's name in the village and found nobody
      await town.page.getByText('没有户主姓名含“热线来电人”的农户').waitFor()
      await field(town.page, 'hh-query').fill(m.headName)
      await town.page.locator('[data-test=hh-search]').click()
      await town.page.locator('[data-test=hh-option]', { hasText: m.householdId }).click()
      await shot(town.page, vp, 'c04-accept-pick-household')
    }
    await town.page.locator('[data-test=accept-submit]').click()
    await town.page.locator('[data-test=accept-done]').waitFor()
    assert.match(await town.page.locator('[data-test=accept-done]').textContent(), new RegExp(m.householdId))
    await town.page.locator('[data-test=accept-case-link]').click()
    await town.page.waitForURL(/\/cases\/\d+$/)
    assert.equal(await receiptStatus(town.page, BASE, receipt), '已受理')
    if (vp.name === 'desktop') await handledMeanwhile(town.page, vp)
    assert.deepEqual(town.page.problems, [])
    await town.ctx.close()

    const sup = await open(vp)
    await sup.page.goto(BASE + '/applications?status=all')
    await login(sup.page, 'super', { expectUrl: /\/applications/ })
    const menu = await menuTexts(sup.page, vp)
    assert.ok(menu.includes('申报线索'), 'super menu: ' + menu)
    await closeDrawer(sup.page, vp)
    await sup.page.locator('[data-test=clue-row]').first().waitFor()
    assert.ok(Number(await sup.page.locator('[data-test=clue-total]').textContent()) >= 1)
    assert.equal(await sup.page.locator('[data-test=petition-open]').count(), 0)
    // the 舆情信访 just accepted: details, no 受理/关闭
    await sup.page.locator('[data-test=clue-row]', { hasText: '热线来电人' }).first().click()
    await sup.page.locator('[data-test=clue-detail]').waitFor()
    assert.equal(await sup.page.locator('[data-test=clue-accept], [data-test=clue-close]').count(), 0)
    await shot(sup.page, vp, 'c05-super-clue')
    assert.deepEqual(sup.page.problems, [])
    await sup.ctx.close()
  })
}
