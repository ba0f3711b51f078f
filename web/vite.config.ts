import { defineConfig } from 'vite'
import vue from '@vitejs/plugin-vue'
import Components from 'unplugin-vue-components/vite'
import { ElementPlusResolver } from 'unplugin-vue-components/resolvers'

// Where `vite dev` / `vite preview` forward /api, /healthz and /metrics
// (the fangpin server). The built bundle itself calls the same origin, or
// VITE_API_BASE when that is set at build time.
const api = process.env.FANGPIN_API_URL || 'http://127.0.0.1:8080'

// The Content-Security-Policy the front end is written for (web/README.md):
// no inline script, nothing from another origin.
export const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ')

const proxy = {
  '/api': { target: api, changeOrigin: false },
  '/healthz': { target: api },
}

export default defineConfig({
  plugins: [
    vue(),
    Components({
      resolvers: [ElementPlusResolver({ importStyle: 'css' })],
      dts: 'src/components.d.ts',
    }),
  ],
  build: {
    target: 'es2020',
    modulePreload: { polyfill: false },
    chunkSizeWarningLimit: 900,
  },
  server: { host: '127.0.0.1', proxy },
  preview: { host: '127.0.0.1', proxy, headers: { 'Content-Security-Policy': CSP, 'X-Content-Type-Options': 'nosniff' } },
})
