// Browser journeys of issue 11's first half: login, 农户, 导入, 督导, 用户管理, first render,
// 会话过期, 数据上报, 预警核实. Harness: harness.mjs.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { useBrowser, open, field, shot, login, menuTexts, closeDrawer, firstVillageHousehold, medicalFeed,
  BASE, OUT, VIEWPORTS, ACCOUNTS } from './harness.mjs'

useBrowser()
for (const vp of VIEWPORTS) {
  test(`村级: login → 农户 search → household page with masked IDs (${vp.width}×${vp.height})`, async () => {
    const { ctx, page } = await open(vp)
    await page.goto(BASE + '/')
    await page.waitForURL(/\/login/)
    await shot(page, vp, '01-login')
    // wrong password: the API's own message, what was typed stays
    await field(page, 'username').fill('wt-village')
    await field(page, 'password').fill('wrong-password-1')
    await page.locator('[data-test=login-submit]').click()
    await page.locator('[data-test=login-error]').waitFor()
    assert.match(await page.locator('[data-test=login-error]').textContent(), /用户名或密码错误/)
    assert.equal(await field(page, 'username').inputValue(), 'wt-village')
    await shot(page, vp, '02-login-error')
    await field(page, 'password').fill('')
    await login(page, 'village', { expectUrl: /\/households/ })

    const menu = await menuTexts(page, vp)
    assert.ok(menu.includes('农户') && menu.includes('导入'), 'village menu: ' + menu)
    assert.ok(!menu.includes('工作台') && !menu.includes('用户管理') && !menu.includes('部门数据建设中'), 'village menu: ' + menu)
    assert.ok(menu.includes('案件') && menu.includes('我的任务'), 'village menu: ' + menu)
    if (vp.name === 'phone') await shot(page, vp, '03-menu', { fullPage: false })
    await closeDrawer(page, vp)

    await page.locator('[data-test=total]').waitFor()
    await shot(page, vp, '04-households')
    const hh = firstVillageHousehold()
    await field(page, 'q').fill(hh.name)
    await page.locator('[data-test=search]').click()
    await page.waitForURL((u) => u.searchParams.get('q') === hh.name)
    // The URL changes before the new page of results arrives: wait for the search's total.
    await page.waitForFunction(() => document.querySelector('[data-test=total]')?.textContent?.trim() === '1', null,
      { timeout: 30000 })
    await page.locator('[data-test=household-row]').first().waitFor()
    assert.equal((await page.locator('[data-test=total]').textContent()).trim(), '1')
    await shot(page, vp, '05-search')
    await page.locator('[data-test=household-row]').first().click()
    await page.waitForURL(new RegExp('/households/' + hh.id))
    await page.locator('[data-test=id-number]').first().waitFor()
    const ids = await page.locator('[data-test=id-number]').allTextContents()
    assert.ok(ids.length > 0)
    for (const id of ids) assert.match(id.trim(), /^\d{6}\*{8}\d{3}[\dX]$/, 'masked ID')
    assert.match(await page.locator('[data-test=phone]').textContent(), /^\d{3}\*{4}\d{4}$|^—$/)
    assert.equal(await page.locator('[data-test=unmask]').count(), 0, '村级 cannot unmask')
    await page.locator('[data-test=verdict]').waitFor()
    await shot(page, vp, '06-household')
    // an unknown household: the API's 404 text
    await page.goto(BASE + '/households/5329239999999')
    await page.locator('[data-test=not-found]').waitFor()
    // 修改密码: a wrong old password → the API's message, what was typed stays
    await page.goto(BASE + '/password')
    const changePassword = async (oldPw, newPw) => {
      await field(page, 'old-password').fill(oldPw)
      await field(page, 'new-password').fill(newPw)
      await field(page, 'confirm-password').fill(newPw)
      await page.locator('[data-test=password-submit]').click()
    }
    await changePassword('not-the-password', 'a-new-password-1')
    await page.locator('[data-test=password-error]').waitFor()
    assert.match(await page.locator('[data-test=password-error]').textContent(), /原密码不正确/)
    // that 403 is the expected answer (chromium logs every 4xx as a console error)
    page.problems = page.problems.filter((p) => !/status of 403/.test(p))
    assert.equal(await field(page, 'new-password').inputValue(), 'a-new-password-1')
    await shot(page, vp, '06b-password-wrong')
    // the real change: this session continues, the new password logs in, the old one does not
    await changePassword(ACCOUNTS.village[1], 'a-new-password-1')
    await page.locator('[data-test=password-done]').waitFor()
    await shot(page, vp, '06c-password-changed')
    await page.goto(BASE + '/households')
    await page.locator('[data-test=total]').waitFor() // still signed in
    await ctx.clearCookies()
    await page.goto(BASE + '/password')
    await page.waitForURL(/\/login\?redirect=/)
    await field(page, 'username').fill('wt-village')
    await field(page, 'password').fill(ACCOUNTS.village[1])
    await page.locator('[data-test=login-submit]').click()
    await page.locator('[data-test=login-error]').waitFor()
    await login(page, 'village', { password: 'a-new-password-1', expectUrl: /\/password$/ })
    // and back, so the other journeys keep the account's password
    await changePassword('a-new-password-1', ACCOUNTS.village[1])
    await page.locator('[data-test=password-done]').waitFor()
    assert.deepEqual(page.problems, [])
    await ctx.close()
  })

  test(`导入: bad rows show the row errors and the rejects download (${vp.width}×${vp.height})`, async () => {
    const { ctx, page } = await open(vp)
    await page.goto(BASE + '/import')
    await login(page, 'village', { expectUrl: /\/import$/ })
    const csv = fs.readFileSync(path.join(process.env.DATA, 'households.csv'), 'utf8').split(/\r?\n/)
    const good = csv.slice(1).filter((l) => l.split(',')[1] === process.env.VILLAGE).slice(0, 3)
    const bad1 = good[0].split(','); bad1[11] = 'X' // 不愁吃穿
    const bad2 = good[1].split(','); bad2[4] = '是'; bad2[5] = '' // 脱贫户 without 脱贫年度
    const file = path.join(OUT, `bad-households-${vp.name}.csv`)
    fs.writeFileSync(file, [csv[0], good[2], bad1.join(','), bad2.join(',')].join('\r\n') + '\r\n')
    await page.locator('[data-test=table-households]').click()
    await page.locator('[data-test=file]').setInputFiles(file)
    await page.locator('[data-test=upload]').click()
    await page.locator('[data-test=report]').waitFor()
    await page.locator('[data-test=row-errors]').waitFor()
    const errs = await page.locator('[data-test=row-errors]').textContent()
    assert.match(errs, /不愁吃穿/)
    assert.match(errs, /脱贫年度/)
    assert.match(await page.locator('[data-test=rejected-count]').textContent(), /2/)
    await shot(page, vp, '07-import-errors')
    const [dl] = await Promise.all([page.waitForEvent('download'), page.locator('[data-test=download-rejects]').click()])
    const saved = path.join(OUT, `rejects-${vp.name}.csv`)
    await dl.saveAs(saved)
    const text = fs.readFileSync(saved, 'utf8').replace(/^\ufeff/, '')
    assert.match(text, /^行号,列,原因\r\n/)
    assert.equal(text.trim().split(/\r\n/).length, 1 + 2, text) // one error in each bad row
    // rows outside the account's scope: refused (422), the API's message, nothing written
    const far = good[0].split(','); far[0] = '5329239999999'; far[1] = '532923999999'
    const file2 = path.join(OUT, `outside-${vp.name}.csv`)
    fs.writeFileSync(file2, [csv[0], far.join(',')].join('\r\n') + '\r\n')
    await page.locator('[data-test=file]').setInputFiles(file2)
    await page.locator('[data-test=upload]').click()
    await page.locator('[data-test=refused]').waitFor()
    assert.match(await page.locator('[data-test=refused]').textContent(), /超出账号管辖范围/)
    await shot(page, vp, '08-import-refused')
    // a changed finances row supersedes the old one: the household page lists both versions
    const fin = fs.readFileSync(path.join(process.env.DATA, 'finances.csv'), 'utf8').split(/\r?\n/)
    const hh = firstVillageHousehold()
    const row = fin.find((l) => l.startsWith(hh.id + ',2023,')).split(',')
    row[2] = String(Number(row[2]) + (vp.name === 'phone' ? 2000 : 1000)) // 工资性收入
    const file3 = path.join(OUT, `finances-${vp.name}.csv`)
    fs.writeFileSync(file3, [fin[0], row.join(',')].join('\r\n') + '\r\n')
    await page.locator('[data-test=table-finances]').click()
    await page.locator('[data-test=file]').setInputFiles(file3)
    await page.locator('[data-test=upload]').click()
    await page.locator('[data-test=refused]').waitFor({ state: 'detached' })
    await page.locator('[data-test=report]').waitFor()
    assert.match(await page.locator('[data-test=rejected-count]').textContent(), /0/)
    await page.goto(BASE + '/households/' + hh.id)
    await page.locator('[data-test=revisions]').first().waitFor()
    assert.match(await page.locator('[data-test=revisions]').first().textContent(), /2023 年修订记录/)
    await shot(page, vp, '08b-household-revisions')
    assert.deepEqual(page.problems, [])
    await ctx.close()
  })

  test(`督导: read-only, no action buttons (${vp.width}×${vp.height})`, async () => {
    const { ctx, page } = await open(vp)
    await page.goto(BASE + '/')
    await login(page, 'super', { expectUrl: /\/dashboard/ })
    await page.locator('[data-test=kpi-households]').waitFor()
    await page.locator('canvas').first().waitFor()
    await shot(page, vp, '09-supervisor-dashboard')
    const menu = await menuTexts(page, vp)
    assert.ok(!menu.includes('导入') && !menu.includes('用户管理'), 'supervisor menu: ' + menu)
    assert.ok(menu.includes('农户') && menu.includes('工作台'))
    await closeDrawer(page, vp)
    const hh = firstVillageHousehold()
    await page.goto(BASE + '/households/' + hh.id)
    await page.locator('[data-test=id-number]').first().waitFor()
    assert.equal(await page.locator('.fp-action, [data-test=unmask], [data-test=upload]').count(), 0)
    await shot(page, vp, '10-supervisor-household')
    await page.goto(BASE + '/import')
    await page.waitForURL(/\/forbidden/)
    assert.equal(await page.locator('[data-test=upload]').count(), 0)
    await page.goto(BASE + '/cases')
    await page.locator('[data-test=cases-table], [data-test=cases]').first().waitFor()
    await page.waitForFunction(() => /\d/.test(document.querySelector('[data-test=case-total]')?.textContent ?? ''))
    // 查询 reads; no button that writes (the case page's own check is in cases.test.mjs)
    assert.equal(await page.locator('.content .el-button--primary:not(.link-btn):not([data-test=case-search]), .fp-action').count(), 0)
    await shot(page, vp, '11-supervisor-cases')
    // no button, and the API itself refuses a direct write by a 督导 (role check, not only the UI)
    const direct = await page.evaluate(async (household) => {
      const csrf = (document.cookie.match(/(?:^|;\s*)fp_csrf=([^;]+)/) || [])[1] ?? ''
      const r = await fetch('/api/v1/cases', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': decodeURIComponent(csrf), 'Idempotency-Key': crypto.randomUUID() },
        body: JSON.stringify({ household_id: household, channel: '自主申报', clue_date: '2023-03-01' }),
      })
      return { status: r.status, body: await r.json() }
    }, hh.id)
    assert.equal(direct.status, 403, JSON.stringify(direct))
    assert.equal(direct.body.error.code, 'forbidden')
    page.problems = page.problems.filter((m) => !/status of 403/.test(m)) // the refusal just asserted
    assert.deepEqual(page.problems, [])
    await ctx.close()
  })

  test(`系统管理员: 用户管理 lists the accounts (${vp.width}×${vp.height})`, async () => {
    const { ctx, page } = await open(vp)
    await page.goto(BASE + '/users')
    await login(page, 'admin', { expectUrl: /\/users$/ })
    await page.getByText('wt-village').first().waitFor()
    await shot(page, vp, '14-admin-users')
    assert.deepEqual(page.problems, [])
    await ctx.close()
  })

  test(`会话过期: back to 登录, then to the page (${vp.width}×${vp.height})`, async () => {
    const { ctx, page } = await open(vp)
    const hh = firstVillageHousehold()
    await page.goto(BASE + '/households/' + hh.id)
    await page.waitForURL(/\/login\?redirect=/)
    await login(page, 'county', { expectUrl: new RegExp('/households/' + hh.id + '$') })
    await page.locator('[data-test=unmask]').waitFor() // 县级 may unmask
    // end every session of the account on the server (`user passwd` does), then act
    execFileSync(process.env.FANGPIN, ['--db', process.env.DB, 'user', 'passwd', 'wt-county', '--password-stdin'], { input: ACCOUNTS.county[1] + '\n' })
    await page.locator('[data-test=unmask]').click()
    await page.waitForURL(/\/login\?redirect=/)
    await page.locator('[data-test=expired]').waitFor()
    await shot(page, vp, '12-session-expired')
    await login(page, 'county', { expectUrl: new RegExp('/households/' + hh.id + '$') })
    await page.locator('[data-test=id-number]').first().waitFor()
    // a cleared cookie: same way back
    await ctx.clearCookies()
    await page.goto(BASE + '/dashboard?year=2023')
    await page.waitForURL(/\/login\?redirect=/)
    await login(page, 'county', { expectUrl: /\/dashboard\?year=2023$/ })
    await page.locator('[data-test=kpi-households]').waitFor()
    // the dashboard drill-down and first render are journeys of tests/web/dashboard.test.mjs
    assert.deepEqual(page.problems, [])
    await ctx.close()
  })

  test(`部门数据员: 数据上报 a 医保 feed → summary, row issues, runs (${vp.width}×${vp.height})`, async () => {
    const feed = medicalFeed(`medical-${vp.name}.csv`, vp.name === 'phone' ? 3 : 0, 3)
    const { ctx, page } = await open(vp)
    await page.goto(BASE + '/')
    await login(page, 'dept', { expectUrl: /\/department-data$/ })
    const menu = await menuTexts(page, vp)
    assert.deepEqual(menu, ['数据上报'], 'dept menu: ' + menu)
    await closeDrawer(page, vp)
    await page.locator('[data-test=runs]').waitFor()
    assert.equal(await field(page, 'feed-department').inputValue(), '医保局')
    await field(page, 'feed-month').fill('2023-03')
    await field(page, 'feed-received').fill('2023-03-03')
    await page.locator('[data-test=feed-file]').setInputFiles(feed.file)
    await page.getByText(path.basename(feed.file)).waitFor()
    await shot(page, vp, '15-dept-form')
    await page.locator('[data-test=feed-upload]').click()
    await page.locator('[data-test=feed-result]').waitFor()
    const result = await page.locator('[data-test=feed-result]').textContent()
    assert.match(result, /医保 2023-03/)
    assert.match(await page.locator('[data-test=feed-rejected]').textContent(), /1/)
    assert.match(await page.locator('[data-test=feed-warnings-new]').textContent(), new RegExp(String(feed.valid)))
    const issues = await page.locator('[data-test=feed-issues]').textContent()
    assert.match(issues, new RegExp(`第 ${feed.rows + 1} 行|${feed.rows + 1}`))
    assert.match(issues, /证件号码/)
    assert.doesNotMatch(issues, /12345/, 'the malformed ID is masked')
    await shot(page, vp, '16-dept-result')
    // the run is listed (newest first) and its issues open from the list
    const runSel = vp.name === 'phone' ? '[data-test=run-row]' : '[data-test=runs-table] tbody tr'
    await page.locator(runSel).first().waitFor()
    assert.match(await page.locator(runSel).first().textContent(), /医保/)
    await page.locator('[data-test=run-issues]').first().click()
    await page.locator('.el-dialog').getByText('证件号码').first().waitFor()
    await shot(page, vp, '17-dept-run-issues', { fullPage: false })
    assert.deepEqual(page.problems, [])
    await ctx.close()
  })

  test(`村级: 预警核实 → 纳入 opens a case (${vp.width}×${vp.height})`, async () => {
    const { ctx, page } = await open(vp)
    await page.goto(BASE + '/warnings')
    await login(page, 'village', { expectUrl: /\/warnings$/ })
    const rowSel = vp.name === 'phone' ? '[data-test=warning-row]' : '[data-test=warnings-table] tbody tr'
    await page.locator(rowSel).first().waitFor()
    // filters: 红 gives nothing (the feed raised 橙), 橙 + 医保 lists them, in the URL
    if (vp.name === 'phone') await page.locator('[data-test=warning-filter-toggle]').click()
    await page.locator('[data-test=filter-grade]').click()
    await page.locator('.el-select-dropdown__item:visible', { hasText: /^红$/ }).click()
    await page.locator('[data-test=warning-search]').click()
    await page.waitForURL((u) => u.searchParams.get('grade') === '红')
    await page.locator('[data-test=warnings] .el-empty').waitFor()
    if (vp.name === 'phone') await page.locator('[data-test=warning-filter-toggle]').click()
    await page.locator('[data-test=filter-grade]').click()
    await page.locator('.el-select-dropdown__item:visible', { hasText: /^橙$/ }).click()
    await page.locator('[data-test=warning-search]').click()
    await page.waitForURL((u) => u.searchParams.get('grade') === '橙')
    await page.locator(rowSel).first().waitFor()
    const first = await page.locator(rowSel).first().textContent()
    assert.match(first, /医保/)
    assert.match(first, /532923\*{8}\d{3}[\dX]/, 'member ID masked')
    await shot(page, vp, '18-warnings')
    const count = await page.locator(rowSel).count()
    await page.locator('[data-test=verify]').first().click()
    await page.locator('[data-test=verify-dialog] [data-test=verify-submit]').waitFor()
    await page.locator('[data-test="verify-纳入"]').click()
    await field(page, 'verify-date').fill('2023-03-06')
    await page.locator('textarea[data-test=verify-note], [data-test=verify-note] textarea').first().fill('入户核实：住院费用负担重')
    await shot(page, vp, '19-verify', { fullPage: false })
    await page.locator('[data-test=verify-submit]').click()
    await page.locator('[data-test=verify-case]').waitFor()
    assert.match(await page.locator('[data-test=verify-case]').textContent(), /已登记识别案件 #\d+/)
    await shot(page, vp, '20-verified', { fullPage: false })
    await page.locator('[data-test=verify-close]').click()
    await page.locator('[data-test=verify-dialog]').waitFor({ state: 'hidden' })
    // the verified warning leaves the 待核实 list
    await page.waitForFunction(([sel, n]) => document.querySelectorAll(sel).length === n - 1 ||
      (n === 1 && document.querySelector('[data-test=warnings] .el-empty')), [rowSel, count])
    assert.deepEqual(page.problems, [])
    await ctx.close()
  })

  test(`督导: 预警核实 and 数据上报 without action buttons (${vp.width}×${vp.height})`, async () => {
    const { ctx, page } = await open(vp)
    await page.goto(BASE + '/warnings?open=false')
    await login(page, 'super', { expectUrl: /\/warnings\?open=false$/ })
    const rowSel = vp.name === 'phone' ? '[data-test=warning-row]' : '[data-test=warnings-table] tbody tr'
    await page.locator(rowSel).first().waitFor()
    assert.equal(await page.locator('[data-test=verify]').count(), 0)
    await shot(page, vp, '21-supervisor-warnings')
    await page.goto(BASE + '/department-data')
    await page.locator('[data-test=runs]').waitFor()
    await page.locator(vp.name === 'phone' ? '[data-test=run-row]' : '[data-test=runs-table] tbody tr').first().waitFor()
    assert.equal(await page.locator('[data-test=feed-form], [data-test=feed-upload]').count(), 0)
    await shot(page, vp, '22-supervisor-runs')
    assert.deepEqual(page.problems, [])
    await ctx.close()
  })
}
