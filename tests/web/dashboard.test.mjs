// Journey (d), issue 11: the 工作台 drills from the county to a township, a village and its
// households, every number shown being the API's own answer (GET /api/v1/dashboard); a
// candidate's household page explains its assessment (reason, rule, figures). Also the
// first-render timing of the dashboard and a household page (moved here from journeys.test.mjs
// when the dashboard was rebuilt on the dashboard API).
import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import fs from 'node:fs'
import path from 'node:path'
import { BASE, OUT, VIEWPORTS, useBrowser, open, shot, login } from './harness.mjs'

useBrowser()

async function api(page, url) {
  const r = await page.request.get(BASE + url)
  assert.equal(r.status(), 200, url + ': ' + (await r.text()))
  return r.json()
}

// The KPI numbers and the region table, as shown.
async function shown(page) {
  const num = async (sel) => Number((await page.locator(`[data-test=${sel}] .el-statistic__number`).first().textContent()).replace(/[^\d]/g, ''))
  const rows = []
  for (const cell of await page.locator('[data-test=areas] [data-test=area-households]').all()) {
    rows.push({ code: await cell.getAttribute('data-code'), households: Number(await cell.textContent()) })
  }
  return { households: await num('kpi-households'), persons: await num('kpi-persons'), overdue: await num('kpi-overdue'),
    due_soon: await num('kpi-due-soon'), rows }
}

function expected(d) {
  return { households: d.monitored.households, persons: d.monitored.persons, overdue: d.due.overdue, due_soon: d.due.due_soon,
    rows: d.areas.map((a) => ({ code: a.code, households: a.households })) }
}

async function sameAsApi(page, region) {
  await page.locator('[data-test=kpi-households]').waitFor()
  await page.locator('[data-test=area-row]').first().waitFor()
  const d = await api(page, '/api/v1/dashboard?region=' + region)
  assert.equal(d.region, region)
  assert.deepEqual(await shown(page), expected(d))
  for (const w of d.warnings) assert.match(await page.locator(`[data-test=warnings-${w.grade}]`).textContent(), new RegExp(String(w.open)))
  return d
}

for (const vp of VIEWPORTS) describe(`工作台 ${vp.width}×${vp.height}`, () => {
  test(`(d) county → township → village → households, numbers = API (${vp.width}×${vp.height})`, async () => {
    const { ctx, page } = await open(vp)
    await page.goto(BASE + '/dashboard')
    await login(page, 'county', { expectUrl: /\/dashboard$/ })
    const county = await sameAsApi(page, process.env.COUNTY)
    assert.ok(county.areas.length > 1, 'the demo county has several townships')
    assert.equal(county.child_level, '乡镇')
    await page.locator('canvas').first().waitFor()
    await shot(page, vp, 'd1-dashboard-county')

    // the test village's township
    const township = process.env.VILLAGE.slice(0, 9)
    await page.locator(`[data-test=area-row][data-code="${township}"]`).click()
    await page.waitForURL(new RegExp('region=' + township + '$'))
    const t = await sameAsApi(page, township)
    assert.equal(t.child_level, '村')
    assert.ok(t.areas.some((a) => a.code === process.env.VILLAGE))
    await shot(page, vp, 'd2-dashboard-township')

    await page.locator(`[data-test=area-row][data-code="${process.env.VILLAGE}"]`).click()
    await page.waitForURL(new RegExp('region=' + process.env.VILLAGE + '$'))
    await sameAsApi(page, process.env.VILLAGE)
    await shot(page, vp, 'd3-dashboard-village')

    await page.locator('[data-test=village-households]').click()
    await page.waitForURL(new RegExp('/households\\?region=' + process.env.VILLAGE))
    await page.locator('[data-test=total]').waitFor()
    const list = await api(page, '/api/v1/households?region=' + process.env.VILLAGE + '&limit=1')
    assert.match(await page.locator('[data-test=total]').textContent(), new RegExp(String(list.total)))
    await shot(page, vp, 'd4-village-households')
    assert.deepEqual(page.problems, [])
    await ctx.close()
  })

  test(`(d) a candidate's household page explains its reasons (${vp.width}×${vp.height})`, async () => {
    const { ctx, page } = await open(vp)
    await page.goto(BASE + '/login')
    await login(page, 'township')
    const cands = await api(page, '/api/v1/households?candidate=true&limit=5&region=' + process.env.VILLAGE)
    assert.ok(cands.items.length > 0, 'the demo village has candidates')
    const id = cands.items[vp.name === 'phone' ? cands.items.length - 1 : 0].household_id
    const detail = await api(page, '/api/v1/households/' + id)
    const a = detail.assessment
    assert.ok(a && a.candidate && a.explain.reasons.length > 0, JSON.stringify(a))
    await page.goto(BASE + '/households/' + id)
    await page.locator('[data-test=explain]').waitFor()
    assert.equal((await page.locator('[data-test=explain-income]').textContent()).trim(), a.explain.income.text)
    assert.equal((await page.locator('[data-test=explain-adjusted]').textContent()).trim(), a.explain.adjusted.text)
    assert.equal((await page.locator('[data-test=explain-decision]').textContent()).trim(), a.explain.decision)
    const reasons = page.locator('[data-test=explain-reason]')
    assert.equal(await reasons.count(), a.explain.reasons.length)
    for (let i = 0; i < a.explain.reasons.length; i++) {
      const r = a.explain.reasons[i]
      const text = await reasons.nth(i).textContent()
      assert.ok(text.includes(r.reason) && text.includes(r.rule) && text.includes(r.figures), text)
    }
    await page.locator('[data-test=explain]').scrollIntoViewIfNeeded()
    await shot(page, vp, 'd5-household-explain')
    assert.deepEqual(page.problems, [])
    await ctx.close()
  })

  // Desktop only: node's 300 s budget per journey file on a loaded CI box.
  test(`first render on loopback: 工作台 and a household page (${vp.width}×${vp.height})`, { skip: vp.name === 'phone' }, async () => {
    const { ctx, page } = await open(vp)
    await page.goto(BASE + '/login')
    await login(page, 'county')
    const cands = await api(page, '/api/v1/households?candidate=true&limit=1&region=' + process.env.VILLAGE)
    const timings = {}
    for (const [name, url, ready] of [
      ['工作台', '/dashboard', '[data-test=kpi-households]'],
      ['农户详情', '/households/' + cands.items[0].household_id, '[data-test=verdict]'],
    ]) {
      const ms = []
      for (let i = 0; i < 3; i++) {
        await page.goto('about:blank')
        const t0 = Date.now()
        await page.goto(BASE + url)
        await page.locator(ready).waitFor()
        if (name === '工作台') await page.locator('canvas').first().waitFor()
        ms.push(Date.now() - t0)
      }
      timings[name] = ms
    }
    const line = Object.entries(timings).map(([k, v]) => `${k} ${v.join('/')} ms`).join(', ')
    console.log(`# first render ${vp.width}×${vp.height} (cold page load to content, 3 runs): ${line}`)
    fs.appendFileSync(path.join(OUT, 'timings.txt'), `${vp.width}x${vp.height}: ${line}\n`)
    assert.deepEqual(page.problems, [])
    await ctx.close()
  })
})
