// Solves one proof-of-work challenge off the main thread (the form stays responsive) and
// reports how many nonces it has tried, for the progress bar.
import { searchNonces } from './pow-core'

const CHUNK = 20000

self.onmessage = (e: MessageEvent<{ challenge: string; difficulty: number }>) => {
  const { challenge, difficulty } = e.data
  for (let start = 0; ; start += CHUNK) {
    const nonce = searchNonces(challenge, difficulty, start, CHUNK)
    if (nonce !== null) {
      self.postMessage({ nonce, tried: Number(nonce) + 1 })
      return
    }
    self.postMessage({ tried: start + CHUNK })
  }
}
