import { readFile } from 'node:fs/promises';
import { expect, test } from '@playwright/test';
import { signIn } from './support';

const ADMIN = 'admin@demo.tandem.cn';

test('报表 → 导出 Excel downloads the efficiency report as a workbook under its Chinese name', async ({ page }, testInfo) => {
  // Sign-in, the report and the export worker share two loaded cores.
  test.setTimeout(90_000);
  await signIn(page, ADMIN);
  await page.getByRole('menuitem', { name: '报表' }).click();
  await expect(page.getByText(/^统计区间 /)).toBeVisible({ timeout: 30_000 });

  const download = page.waitForEvent('download', { timeout: 60_000 });
  await page.getByRole('button', { name: /导出 Excel/ }).click();
  const file = await download;

  expect(file.suggestedFilename()).toMatch(/^效率报表_\d{8}_\d{8}\.xlsx$/);
  const path = testInfo.outputPath(file.suggestedFilename());
  await file.saveAs(path);
  const bytes = await readFile(path);
  // An .xlsx is a zip ("PK"), with the workbook part inside; a summary, charts and sheets make it a few kB at least.
  expect(bytes.subarray(0, 2).toString('latin1')).toBe('PK');
  expect(bytes.length).toBeGreaterThan(2_000);
  expect(bytes.length).toBeLessThan(20_000_000);
  expect(bytes.includes('xl/workbook.xml')).toBe(true);
  await expect(page.getByText(/^已导出 效率报表_\d{8}_\d{8}\.xlsx$/)).toBeVisible();

  // 我的导出 lists it, done, and downloads it again.
  await page.getByRole('menuitem', { name: '我的导出' }).click();
  const row = page.getByRole('row').filter({ hasText: file.suggestedFilename() }).first();
  await expect(row.getByText('已完成')).toBeVisible({ timeout: 30_000 });
  await expect(row.getByText('效率报表', { exact: true })).toBeVisible();
  const again = page.waitForEvent('download', { timeout: 30_000 });
  await row.getByRole('button', { name: /下载/ }).click();
  expect((await again).suggestedFilename()).toBe(file.suggestedFilename());
});
