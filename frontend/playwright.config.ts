import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig, devices } from '@playwright/test';

// Starts the real backend (fresh SQLite DB with demo data) and the built SPA (`vite preview`).
// Run `npm run build` first; `npm run e2e` does both.
const here = dirname(fileURLToPath(import.meta.url));
// Other ports (TANDEM_E2E_API_PORT, TANDEM_E2E_WEB_PORT) let a second checkout run its specs beside a running one.
const API_PORT = Number(process.env.TANDEM_E2E_API_PORT ?? 18080);
const WEB_PORT = Number(process.env.TANDEM_E2E_WEB_PORT ?? 15173);
const apiUrl = `http://127.0.0.1:${API_PORT}`;
// Specs that call the API directly read it from here.
process.env.TANDEM_E2E_API_URL ??= apiUrl;
const webUrl = `http://127.0.0.1:${WEB_PORT}`;
const tandemBin = resolve(here, process.env.TANDEM_BIN ?? '../target/debug/tandem');

// The config is loaded by the runner and again by each worker: make the data dir once.
let dataDir = process.env.TANDEM_E2E_DATA_DIR;
if (!dataDir) {
  dataDir = mkdtempSync(join(tmpdir(), 'tandem-e2e-'));
  process.env.TANDEM_E2E_DATA_DIR = dataDir;
  const made = dataDir;
  process.on('exit', () => rmSync(made, { recursive: true, force: true }));
}

export default defineConfig({
  testDir: './e2e',
  fullyParallel: false,
  workers: 1,
  forbidOnly: !!process.env.CI,
  retries: process.env.CI ? 1 : 0,
  timeout: 30_000,
  expect: { timeout: 10_000 },
  reporter: process.env.CI ? [['list']] : [['list'], ['html', { open: 'never' }]],
  use: {
    baseURL: webUrl,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
  projects: [
    {
      name: 'chromium',
      use: {
        ...devices['Desktop Chrome'],
        launchOptions: {
          executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
          args: [
            '--headless',
            '--no-sandbox',
            '--disable-gpu',
            '--disable-background-networking',
            '--disable-component-update',
            '--disable-sync',
            '--no-first-run',
            '--disable-quic',
          ],
        },
      },
    },
  ],
  webServer: [
    {
      command: `"${tandemBin}" serve --seed-demo`,
      url: `${apiUrl}/readyz`,
      env: {
        TANDEM_DATA_DIR: dataDir,
        TANDEM_DATABASE_URL: `sqlite://${join(dataDir, 'tandem.db')}`,
        TANDEM_BIND: `127.0.0.1:${API_PORT}`,
        TANDEM_JWT_SECRET: 'e2e-secret-e2e-secret-e2e-secret-0123',
      },
      reuseExistingServer: false,
      timeout: 120_000,
      stdout: 'pipe',
      stderr: 'pipe',
    },
    {
      command: `npx vite preview --host 127.0.0.1 --port ${WEB_PORT} --strictPort`,
      url: webUrl,
      env: { TANDEM_API_URL: apiUrl },
      reuseExistingServer: false,
      timeout: 60_000,
    },
  ],
});
