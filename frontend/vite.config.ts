/// <reference types="vitest/config" />
import { fileURLToPath, URL } from 'node:url';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin, type ProxyOptions } from 'vite';

// The SPA only ever calls relative URLs; in dev and preview these are forwarded to the API.
const apiTarget = process.env.TANDEM_API_URL ?? 'http://127.0.0.1:8080';
const proxy: Record<string, ProxyOptions> = {
  '/api': { target: apiTarget },
  '/healthz': { target: apiTarget },
  '/readyz': { target: apiTarget },
};

// The built SPA runs no inline script and talks only to its own origin (the API is proxied).
// Styles are inline: antd writes its CSS-in-JS into <style> elements. (Not for `vite dev`: its
// hot reload injects an inline script.)
const securityHeaders = {
  'Content-Security-Policy': [
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
  ].join('; '),
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
};

/**
 * `vite preview` (what `make run` serves) sends the built scripts and styles gzipped to browsers
 * that accept it, as nginx would: the sign-in page is a third of the bytes over a phone's network.
 * The hashed files never change, so each is compressed once.
 */
function gzipAssets(): Plugin {
  const cache = new Map<string, Buffer>();
  return {
    name: 'tandem-gzip-assets',
    configurePreviewServer(server) {
      const root = resolve(server.config.root, server.config.build.outDir);
      server.middlewares.use((req, res, next) => {
        const path = (req.url ?? '').split('?')[0] ?? '';
        const type = path.endsWith('.js') ? 'text/javascript' : path.endsWith('.css') ? 'text/css' : null;
        const accepts = /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
        if (!type || !accepts || !/^\/assets\/[\w.-]+$/.test(path) || (req.method !== 'GET' && req.method !== 'HEAD')) {
          next();
          return;
        }
        const cached = cache.get(path);
        const body = cached
          ? Promise.resolve(cached)
          : readFile(join(root, path)).then((raw) => {
              const zipped = gzipSync(raw, { level: 9 });
              cache.set(path, zipped);
              return zipped;
            });
        body.then(
          (zipped) => {
            res.setHeader('Content-Type', `${type}; charset=utf-8`);
            res.setHeader('Content-Encoding', 'gzip');
            res.setHeader('Vary', 'Accept-Encoding');
            res.setHeader('Cache-Control', 'public, max-age=31536000, immutable');
            res.setHeader('Content-Length', String(zipped.length));
            for (const [name, value] of Object.entries(securityHeaders)) res.setHeader(name, value);
            res.end(req.method === 'HEAD' ? undefined : zipped);
          },
          () => next(),
        );
      });
    },
  };
}

export default defineConfig({
  plugins: [react(), gzipAssets()],
  resolve: {
    alias: { '@': fileURLToPath(new URL('./src', import.meta.url)) },
  },
  server: { proxy },
  preview: { proxy, headers: securityHeaders },
  build: {
    outDir: 'dist',
    // antd is large; an internal app does not need the 500 kB warning.
    chunkSizeWarningLimit: 2500,
  },
  test: {
    environment: 'jsdom',
    setupFiles: ['./src/testing/setup-tests.ts'],
    include: ['src/**/*.test.{ts,tsx}'],
    css: false,
    // antd in jsdom is slow, and the two cores are shared.
    testTimeout: 60_000,
    // Two shared cores: keep the worker count low.
    maxWorkers: 2,
  },
});
