// Browser journeys of the case pages (issue 11, 案件 and 我的任务): (a) a case goes through
// every identification step by the right accounts, with a photo, the 4-day notice refused
// with the API's message, a concurrent change (409 → reload, typed text kept) and the 5-day
// notice accepted; (b) 县级 assigns the caseworker, who finds it in 我的任务 and records the
// plan and a measure with evidence; 督导 sees the case without any action. The journey (caseJourney)
// and its steps live in case-steps.mjs; cases-phone.test.mjs runs it at 375×812. Harness: harness.mjs.
import { test } from 'node:test'
import { useBrowser, VIEWPORTS } from './harness.mjs'
import { caseJourney } from './case-steps.mjs'

useBrowser()
const vp = VIEWPORTS.find((v) => v.name === 'desktop')
test(`案件: identification (a) and assistance (b), 督导 read-only (${vp.width}×${vp.height})`, () => caseJourney(vp))
