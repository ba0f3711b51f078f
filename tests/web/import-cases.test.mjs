// Issue 14 on the 导入 page: a 县级 account brings in the county's existing monitored households
// (存量监测对象) as live cases; a row for an unknown household is refused with its row and
// column, the others are stored. Other roles are not offered these tables. Harness: harness.mjs.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import fs from 'node:fs'
import path from 'node:path'
import { useBrowser, open, shot, login, VIEWPORTS, OUT, BASE } from './harness.mjs'

useBrowser()
const vp = VIEWPORTS.find((v) => v.name === 'desktop')

test(`导入 存量监测对象 by 县级: cases stored, the bad row named (${vp.width}×${vp.height})`, async () => {
  // households outside the test village: the village's households are the other journeys' (a case
  // imported here would make their 受理 find 该户已有在办案件)
  const village = new Set(fs.readFileSync(path.join(process.env.DATA, 'households.csv'), 'utf8').replace(/^\ufeff/, '')
    .split(/\r?\n/).slice(1).map((l) => l.split(',')).filter((c) => c[1] === process.env.VILLAGE).map((c) => c[0]))
  const all = fs.readFileSync(path.join(process.env.DATA, 'existing_cases.csv'), 'utf8').replace(/^\ufeff/, '').split(/\r?\n/).filter(Boolean)
  const lines = [all[0], ...all.slice(1).filter((l) => !village.has(l.split(',')[0]))]
  assert.ok(lines.length >= 2, 'the demo county has existing cases outside the test village')
  const bad = lines[1].split(','); bad[0] = '5329239999999' // a household that is not registered
  const file = path.join(OUT, 'existing-cases.csv')
  fs.writeFileSync(file, [lines[0], ...lines.slice(1, 4), bad.join(',')].join('\r\n') + '\r\n')
  const rows = Math.min(lines.length - 1, 3) + 1

  const { ctx, page } = await open(vp)
  await page.goto(BASE + '/import')
  await login(page, 'county', { expectUrl: /\/import$/ })
  await page.locator('[data-test=table-cases]').click()
  await page.locator('[data-test=file]').setInputFiles(file)
  await page.locator('[data-test=upload]').click()
  await page.locator('[data-test=report]').waitFor()
  await page.locator('[data-test=row-errors]').waitFor()
  const errs = await page.locator('[data-test=row-errors]').textContent()
  assert.match(errs, new RegExp(`${rows + 1}[\\s\\S]*户编号`), errs)
  const rejected = Number((await page.locator('[data-test=rejected-count]').textContent()).replace(/\D/g, ''))
  assert.ok(rejected >= 1, 'the unknown household is refused')
  await shot(page, vp, '21-import-existing-cases')
  assert.deepEqual(page.problems, [])
  await ctx.close()

  // a 村级 account imports the registry only
  const v = await open(vp)
  await v.page.goto(BASE + '/import')
  await login(v.page, 'village', { expectUrl: /\/import$/ })
  await v.page.locator('[data-test=table-households]').waitFor()
  assert.equal(await v.page.locator('[data-test=table-cases]').count(), 0)
  await v.ctx.close()
})

