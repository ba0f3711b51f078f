// Browser journeys of the case pages (issue 11, 案件 and 我的任务): (a) a case goes through
// every identification step by the right accounts, with a photo, the 4-day notice refused
// with the API's message, a concurrent change (409 → reload, typed text kept) and the 5-day
// notice accepted; (b) 县级 assigns the caseworker, who finds it in 我的任务 and records the
// plan and a measure with evidence; 督导 sees the case without any action. The step driving
// lives in case-steps.mjs. Harness: harness.mjs.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { useBrowser, open, field, shot, login, menuTexts, closeDrawer, BASE, VIEWPORTS } from './harness.mjs'
import { openCaseViaApi, identifyCase, assistCase, daysAgo, openCaseAs } from './case-steps.mjs'

useBrowser()
for (const vp of VIEWPORTS) {
  const prefix = `case-${vp.name}`
  test(`案件: identification (a) and assistance (b), 督导 read-only (${vp.width}×${vp.height})`, async () => {
    // 村级 opens a case (the API; W2's 自主申报 journey accepts one from a clue)
    const { ctx, page } = await open(vp)
    await page.goto(BASE + '/cases')
    await login(page, 'village')
    await page.waitForURL(/\/cases/)
    const menu = await menuTexts(page, vp)
    assert.ok(menu.includes('案件') && menu.includes('我的任务'), 'village menu: ' + menu)
    await closeDrawer(page, vp)
    const start = daysAgo(40)
    const { caseId, household } = await openCaseViaApi(page, start)
    // the list finds it by the head's name, the row links to the case page
    if (vp.name === 'phone') await page.locator('[data-test=case-filter-toggle]').click()
    await field(page, 'case-q').fill(household.head_name)
    await page.locator('[data-test=case-search]').click()
    const row = page.locator(`[data-test=case-row][href="/cases/${caseId}"]`)
    await row.waitFor()
    await shot(page, vp, `${prefix}-00-list`)
    await row.click()
    await page.waitForURL(new RegExp(`/cases/${caseId}$`))
    await page.locator('[data-test=case-state]').waitFor()
    assert.match(await page.locator('[data-test=case-state]').textContent(), /待入户核查/)
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
    assert.deepEqual(sup.page.problems, [])
    await sup.ctx.close()
  })
}
