// Solves the 自主申报 proof of work (pow-core.ts) in a bundled worker file (the CSP allows
// no inline or blob script), falling back to short slices on the main thread when workers
// are unavailable. `onProgress` gets the chance (0–1) that a solver would have finished by
// now, which rises smoothly whatever the luck.
import { searchNonces } from './pow-core'

export interface PowChallenge {
  challenge: string
  difficulty: number
}

function chance(tried: number, difficulty: number): number {
  return 1 - Math.exp(-tried / 2 ** difficulty)
}

export function solvePow(c: PowChallenge, onProgress: (p: number) => void): Promise<string> {
  if (typeof Worker === 'undefined') return solveHere(c, onProgress)
  return new Promise((resolve, reject) => {
    let worker: Worker
    try {
      worker = new Worker(new URL('./pow.worker.ts', import.meta.url), { type: 'module' })
    } catch {
      solveHere(c, onProgress).then(resolve, reject)
      return
    }
    worker.onmessage = (e: MessageEvent<{ nonce?: string; tried: number }>) => {
      onProgress(chance(e.data.tried, c.difficulty))
      if (e.data.nonce !== undefined) {
        worker.terminate()
        resolve(e.data.nonce)
      }
    }
    worker.onerror = (e) => {
      e.preventDefault()
      worker.terminate()
      // a worker that cannot start (old browser, blocked script): do the work here instead
      solveHere(c, onProgress).then(resolve, reject)
    }
    worker.postMessage({ challenge: c.challenge, difficulty: c.difficulty })
  })
}

async function solveHere(c: PowChallenge, onProgress: (p: number) => void): Promise<string> {
  const slice = 4000
  for (let start = 0; ; start += slice) {
    const nonce = searchNonces(c.challenge, c.difficulty, start, slice)
    onProgress(chance(nonce === null ? start + slice : Number(nonce) + 1, c.difficulty))
    if (nonce !== null) return nonce
    await new Promise((r) => setTimeout(r, 0))
  }
}
