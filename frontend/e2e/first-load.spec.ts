import { expect, test, type Page } from '@playwright/test';
import { DEMO_TASK, demoEmail, PASSWORD } from './support';

// Lighthouse's mobile throttle ("slow 4G"): 150 ms round trip, 1.6 Mbit/s down, 750 kbit/s up.
const FOUR_G = {
  offline: false,
  latency: 150,
  downloadThroughput: (1.6 * 1024 * 1024) / 8,
  uploadThroughput: (750 * 1024) / 8,
};

async function throttle(page: Page): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', FOUR_G);
}

/** The scripts and styles a page receives, with their sizes as sent (gzipped by `vite preview`). */
function watchAssets(page: Page) {
  const sizes: Promise<{ name: string; bytes: number }>[] = [];
  page.on('requestfinished', (request) => {
    const path = new URL(request.url()).pathname;
    if (!/^\/assets\/.+\.(js|css)$/.test(path)) return;
    sizes.push(request.sizes().then((s) => ({ name: path.slice('/assets/'.length), bytes: s.responseBodySize })));
  });
  return async () => {
    const all = await Promise.all(sizes);
    return { names: all.map((a) => a.name), kb: all.reduce((n, a) => n + a.bytes, 0) / 1024 };
  };
}

// Chunks of pages neither the sign-in page nor the task list shows.
const OTHER_PAGES = /^(task-detail|reports|echarts-core|admin-[a-z-]+|meeting|calendar|cases)-[\w-]{8}\.js$/;

test('the sign-in page loads its own code only, gzipped, and shows the form on a slow 4G line', async ({ page }) => {
  test.setTimeout(60_000);
  await throttle(page);
  const assets = watchAssets(page);
  const started = Date.now();
  await page.goto('/login');
  await expect(page.getByRole('button', { name: '登录' })).toBeVisible({ timeout: 30_000 });
  const seconds = (Date.now() - started) / 1000;
  const { names, kb } = await assets();
  console.log(`sign-in page, slow 4G: ${seconds.toFixed(1)} s, ${kb.toFixed(0)} KB of scripts and styles (${names.length} files)`);
  expect(names.filter((n) => OTHER_PAGES.test(n))).toEqual([]);
  // Measured 359 KB when the routes were split: a guard against the whole app coming back.
  expect(kb).toBeLessThan(400);
});

test('the task list opened cold by a signed-in person loads no other page’s code', async ({ browser }) => {
  test.setTimeout(90_000);
  // Sign in at full speed, then open the task list in a fresh browser cache with the session.
  const signedIn = await browser.newContext();
  const first = await signedIn.newPage();
  await first.goto('/login');
  await first.getByLabel('邮箱').fill(demoEmail('wangfang'));
  await first.getByLabel('密码').fill(PASSWORD);
  await first.getByRole('button', { name: '登录' }).click();
  await expect(first.getByRole('heading', { name: /^你好，/ })).toBeVisible();
  const cold = await browser.newContext({ storageState: await signedIn.storageState() });
  await signedIn.close();
  const page = await cold.newPage();
  await throttle(page);
  const assets = watchAssets(page);
  const started = Date.now();
  await page.goto('/tasks');
  await expect(page.getByRole('link', { name: DEMO_TASK, exact: true }).first()).toBeVisible({ timeout: 60_000 });
  const seconds = (Date.now() - started) / 1000;
  const { names, kb } = await assets();
  console.log(`task list, slow 4G, cold cache: ${seconds.toFixed(1)} s, ${kb.toFixed(0)} KB of scripts and styles (${names.length} files)`);
  expect(names.filter((n) => OTHER_PAGES.test(n))).toEqual([]);
  await cold.close();
});
