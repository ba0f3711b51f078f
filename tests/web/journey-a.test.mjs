// Journey (a) of issue 11 end to end, as one story: a household applies on a phone (the
// public 自主申报 form, proof of work in the browser) → the village cadre accepts the clue →
// the case goes through every identification step by the right accounts (village, township,
// county) with a photo, the 4-day 公示 refused with the API's message and the 5-day one
// accepted. The halves are application-steps.mjs (applyAndAccept) and case-steps.mjs
// (identifyCase); each also runs on its own in applications.test.mjs and cases*.test.mjs.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { useBrowser, open } from './harness.mjs'
import { applyAndAccept, villageMember, PHONE } from './application-steps.mjs'
import { identifyCase, daysAgo } from './case-steps.mjs'

useBrowser()

test(`(a) 自主申报 on a phone → 受理 → every identification step (${PHONE.width}×${PHONE.height})`, async () => {
  // households 0–2 of the village are used by the other application journeys
  // Steps may not be dated in the future (business_date_max_days_ahead), and the 公示 alone takes
  // 5 days: the cadre dates the clue 30 days back (线索日期 may precede the application), so
  // every step of the procedure can be dated on or before today.
  const start = daysAgo(30)
  const applied = await applyAndAccept({ vp: PHONE, applicant: villageMember(4), screenshots: false, clueDate: start })
  assert.ok(applied.caseId > 0)
  await applied.cadre.ctx.close()
  await identifyCase(open, PHONE, applied.caseId, { start, prefix: 'journey-a' })
})
