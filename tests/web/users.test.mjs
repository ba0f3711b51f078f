// Browser journey of 用户管理 writes (issue 11): the 系统管理员 creates a 村级 user (the form
// refuses a scope typed wrongly, the generated password is shown once), the new user logs in
// with it, the admin disables the account and the next login is refused; then the admin
// re-enables it and resets its password. Harness: harness.mjs.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { useBrowser, open, field, shot, login, BASE, VIEWPORTS } from './harness.mjs'

useBrowser()

/** Logs in by hand as `user` on a fresh context; true when the login page is left. */
async function tryLogin(vp, user, password) {
  const { ctx, page } = await open(vp)
  await page.goto(BASE + '/login')
  await field(page, 'username').fill(user)
  await field(page, 'password').fill(password)
  await page.locator('[data-test=login-submit]').click()
  const ok = await Promise.race([
    page.waitForURL((u) => !u.pathname.startsWith('/login')).then(() => true, () => null),
    page.locator('[data-test=login-error]').waitFor().then(() => false, () => null),
  ])
  assert.notEqual(ok, null, 'the login page neither left nor refused')
  page.problems = page.problems.filter((p) => !/status of 401/.test(p)) // a refused login logs its 401
  assert.deepEqual(page.problems, [])
  await ctx.close()
  return ok
}

/** The row (a table row at the desk, a card on a phone) of `username`. */
function row(page, username) {
  return page.locator(`[data-test=user-row][data-username="${username}"]`)
}

async function confirm(page) {
  await page.locator('[data-test=user-confirm-ok]').click()
  await page.locator('[data-test=user-confirm]').waitFor({ state: 'hidden' })
}

for (const vp of VIEWPORTS) {
  test(`系统管理员 adds a 村级 user, who logs in; disabled, the login is refused (${vp.width}×${vp.height})`, async () => {
    const username = `新村干部_${vp.name}`
    const { ctx, page } = await open(vp)
    await page.goto(BASE + '/users')
    await login(page, 'admin', { expectUrl: /\/users$/ })
    await page.getByText('wt-village').first().waitFor()

    await page.locator('[data-test=add-user]').click()
    await field(page, 'new-username').fill(username)
    await field(page, 'new-scope').fill('53abc')
    await page.locator('[data-test=add-user-submit]').click()
    await page.getByText('管辖范围应为 1–12 位数字的区划代码前缀').waitFor()
    await field(page, 'new-scope').fill(process.env.VILLAGE)
    await shot(page, vp, 'u01-add-user-form')
    await page.locator('[data-test=add-user-submit]').click()

    await page.locator('[data-test=initial-password]').waitFor()
    assert.equal((await page.locator('[data-test=shown-username]').textContent()).trim(), username)
    const password = (await page.locator('[data-test=initial-password]').textContent()).trim()
    assert.match(password, /^[0-9a-f]{16}$/)
    await page.locator('[data-test=copy-password]').click()
    await shot(page, vp, 'u02-initial-password')
    await page.locator('[data-test=password-once-close]').click()
    await page.locator('[data-test=initial-password]').waitFor({ state: 'detached' })
    await row(page, username).waitFor()
    assert.equal(await page.getByText(password).count(), 0, 'the password is shown only once')

    // the same name again: the API's 409 message, in the form
    await page.locator('[data-test=add-user]').click()
    await field(page, 'new-username').fill(username)
    await field(page, 'new-scope').fill(process.env.VILLAGE)
    await page.locator('[data-test=add-user-submit]').click()
    await page.locator('[data-test=add-user-error]').waitFor()
    assert.match(await page.locator('[data-test=add-user-error]').textContent(), /用户 .+ 已存在/)
    await page.locator('[data-test=add-user-cancel]').click()
    page.problems = page.problems.filter((p) => !/status of 409/.test(p)) // chromium logs the expected 409

    assert.ok(await tryLogin(vp, username, password), 'the new user logs in with the shown password')

    await row(page, username).locator('[data-test=user-disable]').click()
    await shot(page, vp, 'u03-disable-confirm')
    await confirm(page)
    await row(page, username).locator('[data-test=user-enable]').waitFor()
    await shot(page, vp, 'u04-disabled')
    assert.equal(await tryLogin(vp, username, password), false, 'a disabled user cannot log in')

    // enabled again, its password reset: the old one is refused, the new one works
    await row(page, username).locator('[data-test=user-enable]').click()
    await confirm(page)
    await row(page, username).locator('[data-test=user-disable]').waitFor()
    await row(page, username).locator('[data-test=user-password]').click()
    await confirm(page)
    await page.locator('[data-test=initial-password]').waitFor()
    const reset = (await page.locator('[data-test=initial-password]').textContent()).trim()
    assert.match(reset, /^[0-9a-f]{16}$/)
    assert.notEqual(reset, password)
    await page.locator('[data-test=password-once-close]').click()
    assert.ok(await tryLogin(vp, username, reset), 'the reset password works')

    assert.deepEqual(page.problems, [])
    await ctx.close()
  })
}
