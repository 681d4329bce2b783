import { expect, test } from '@playwright/test';

const ZHANGSAN = { email: 'zhangsan@demo.tandem.cn', password: 'Tandem@2026' };

test('张三 logs in in Chinese and sees his name and department', async ({ page }) => {
  await page.goto('/login');
  // The UI is in Chinese by default.
  await expect(page.getByRole('heading', { name: '登录 Tandem' })).toBeVisible();
  await page.getByLabel('邮箱').fill(ZHANGSAN.email);
  await page.getByLabel('密码').fill(ZHANGSAN.password);
  await page.getByRole('button', { name: '登录' }).click();

  const header = page.getByRole('banner');
  await expect(header.getByText('张三', { exact: true })).toBeVisible();
  await expect(header.getByText('销售部', { exact: true })).toBeVisible();
  await expect(page.getByText('你好，张三')).toBeVisible();
  await expect(page).toHaveURL(/\/$/);
});

test('a wrong password shows the Chinese error message', async ({ page }) => {
  await page.goto('/login');
  await page.getByLabel('邮箱').fill(ZHANGSAN.email);
  await page.getByLabel('密码').fill('not-the-password');
  await page.getByRole('button', { name: '登录' }).click();

  await expect(page.getByRole('alert').getByText('邮箱或密码错误。')).toBeVisible();
  await expect(page).toHaveURL(/\/login$/);
});

test('the SPA is served with a content security policy and works under it', async ({ page }) => {
  const violations: string[] = [];
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
  });
  const res = await page.goto('/login');
  const csp = res?.headers()['content-security-policy'] ?? '';
  expect(csp).toContain("script-src 'self'");
  expect(csp).toContain("frame-ancestors 'none'");
  expect(res?.headers()['x-content-type-options']).toBe('nosniff');
  await page.getByLabel('邮箱').fill(ZHANGSAN.email);
  await page.getByLabel('密码').fill(ZHANGSAN.password);
  await page.getByRole('button', { name: '登录' }).click();
  await expect(page.getByText('你好，张三')).toBeVisible();
  await page.getByRole('menuitem', { name: '任务' }).click();
  await expect(page.getByRole('heading', { name: '任务' }).first()).toBeVisible();
  expect(violations).toEqual([]);
});
