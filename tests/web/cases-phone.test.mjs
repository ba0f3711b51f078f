// The case journey of cases.test.mjs at 375×812 (a file of its own: each file has the
// runner's per-file timeout). Journey and steps: case-steps.mjs.
import { test } from 'node:test'
import { useBrowser, VIEWPORTS } from './harness.mjs'
import { caseJourney } from './case-steps.mjs'

useBrowser()
const vp = VIEWPORTS.find((v) => v.name === 'phone')
test(`案件: identification (a) and assistance (b), 督导 read-only (${vp.width}×${vp.height})`, () => caseJourney(vp))
