// The proof of work of the public 自主申报 form, exactly as the server checks it
// (app/clues.cpp pow_zero_bits; README "The public form"): find a `nonce` such that
// SHA-256(challenge + ":" + nonce) starts with `difficulty` zero bits, counted from the
// first byte's most significant bit. Plain TypeScript, no DOM: it runs in a worker, and
// crypto.subtle is not there on a plain-http LAN address (nor is it synchronous).

// Int32Array throughout: V8 keeps the words as small integers instead of boxing the ones ≥ 2^31.
const K = new Int32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
  0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
  0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
  0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
  0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
])
const H0 = [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19]

const W = new Int32Array(64)
// Reused for every message that fits two blocks (a challenge and its nonce fit one): the
// search below hashes a few hundred thousand of them without allocating.
const SCRATCH = new Uint8Array(128)

/** SHA-256 (FIPS 180-4) of the first `len` bytes of `msg`, as 8 big-endian 32-bit words in `h`. */
function digestInto(msg: Uint8Array, len: number, h: Int32Array): void {
  const blocks = Math.ceil((len + 9) / 64)
  const buf = blocks * 64 <= SCRATCH.length ? SCRATCH : new Uint8Array(blocks * 64)
  const end = blocks * 64
  for (let i = 0; i < len; ++i) buf[i] = msg[i]
  buf[len] = 0x80
  buf.fill(0, len + 1, end)
  // the length in bits, big-endian, in the last 8 bytes (messages here are far below 2^32 bits)
  const bitLen = len * 8
  buf[end - 5] = Math.floor(bitLen / 2 ** 32) & 0xff
  buf[end - 4] = (bitLen >>> 24) & 0xff
  buf[end - 3] = (bitLen >>> 16) & 0xff
  buf[end - 2] = (bitLen >>> 8) & 0xff
  buf[end - 1] = bitLen & 0xff
  h.set(H0)
  for (let off = 0; off < end; off += 64) {
    for (let i = 0; i < 16; ++i) {
      const j = off + i * 4
      W[i] = (buf[j] << 24) | (buf[j + 1] << 16) | (buf[j + 2] << 8) | buf[j + 3]
    }
    for (let i = 16; i < 64; ++i) {
      const w15 = W[i - 15], w2 = W[i - 2]
      const s0 = ((w15 >>> 7) | (w15 << 25)) ^ ((w15 >>> 18) | (w15 << 14)) ^ (w15 >>> 3)
      const s1 = ((w2 >>> 17) | (w2 << 15)) ^ ((w2 >>> 19) | (w2 << 13)) ^ (w2 >>> 10)
      W[i] = (W[i - 16] + s0 + W[i - 7] + s1) | 0
    }
    let a = h[0], b = h[1], c = h[2], d = h[3], e = h[4], f = h[5], g = h[6], hh = h[7]
    for (let i = 0; i < 64; ++i) {
      const S1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7))
      const ch = (e & f) ^ (~e & g)
      const t1 = (hh + S1 + ch + K[i] + W[i]) | 0
      const S0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10))
      const maj = (a & b) ^ (a & c) ^ (b & c)
      const t2 = (S0 + maj) | 0
      hh = g; g = f; f = e; e = (d + t1) | 0
      d = c; c = b; b = a; a = (t1 + t2) | 0
    }
    h[0] += a; h[1] += b; h[2] += c; h[3] += d; h[4] += e; h[5] += f; h[6] += g; h[7] += hh
  }
}

/** SHA-256 (FIPS 180-4) of `msg`, as 8 big-endian 32-bit words. */
export function sha256Words(msg: Uint8Array): Uint32Array {
  const h = new Int32Array(8)
  digestInto(msg, msg.length, h)
  return new Uint32Array(h.buffer)
}

/** SHA-256 of `text` (UTF-8) in lower-case hex (for tests against node:crypto). */
export function sha256Hex(text: string): string {
  return Array.from(sha256Words(new TextEncoder().encode(text)), (w) => w.toString(16).padStart(8, '0')).join('')
}

/** Leading zero bits of the digest, as the server counts them. */
export function zeroBits(h: Uint32Array | Int32Array): number {
  let bits = 0
  for (let i = 0; i < 8; ++i) {
    if (h[i] === 0) { bits += 32; continue }
    return bits + Math.clz32(h[i])
  }
  return bits
}

/** The number of leading zero bits of SHA-256(challenge + ":" + nonce). */
export function powBits(challenge: string, nonce: string): number {
  return zeroBits(sha256Words(new TextEncoder().encode(challenge + ':' + nonce)))
}

/** Tries the nonces start, start+1, … start+count-1 (decimal text); the first that meets the
 *  difficulty, or null. */
export function searchNonces(challenge: string, difficulty: number, start: number, count: number): string | null {
  const prefix = new TextEncoder().encode(challenge + ':')
  const msg = new Uint8Array(prefix.length + 20)
  msg.set(prefix)
  const h = new Int32Array(8)
  for (let n = start; n < start + count; ++n) {
    const digits = String(n)
    for (let i = 0; i < digits.length; ++i) msg[prefix.length + i] = digits.charCodeAt(i)
    digestInto(msg, prefix.length + digits.length, h)
    if (zeroBits(h) >= difficulty) return digits
  }
  return null
}
