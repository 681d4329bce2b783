import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { DEMO_TASK, openTaskTab, signIn, WANGFANG } from './support';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** `size` bytes that start with `label`, so two versions never share content. */
function content(label: string, size: number): Buffer {
  const head = Buffer.from(`${label}\n`, 'utf8');
  return Buffer.concat([head, Buffer.alloc(size - head.length, label.length % 251)]);
}

test('文件：上传（带进度）、上传新版本、回退到第 1 版，下载得到中文文件名和第 1 版的内容', async ({ page }) => {
  test.setTimeout(180_000);
  // Unique per run, so reruns against the same database never meet a live file of the same name.
  const stamp = `${Date.now()}`.slice(-8);
  const name = `用户调研数据_最终版_${stamp}.xlsx`;
  const v1 = content(`第 1 版 ${stamp}`, 1024 * 1024);
  const v2 = content(`第 2 版 ${stamp}，补充华东数据`, 64 * 1024);

  await signIn(page, WANGFANG);
  await openTaskTab(page, DEMO_TASK, '文件');
  const tab = page.getByTestId('task-files');

  // Version 1, dropped on the tab. The upload goes out slowly enough to watch the progress bar.
  await tab.getByTestId('file-dragger').locator('input[type="file"]').setInputFiles({ name, mimeType: XLSX, buffer: v1 });
  const dialog = page.getByTestId('upload-modal');
  await expect(dialog.getByTestId('chosen-file')).toContainText(name);
  await expect(dialog.getByLabel('文件名')).toHaveValue(name);
  await dialog.getByLabel('说明', { exact: true }).fill('11 月用户调研的原始数据');
  await dialog.getByLabel('版本说明').fill('初版');
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false,
    latency: 0,
    downloadThroughput: -1,
    uploadThroughput: 256 * 1024,
  });
  await page.getByRole('button', { name: '上传', exact: true }).click();
  const progress = dialog.getByTestId('upload-progress');
  await expect(progress.getByRole('progressbar')).toBeVisible();
  await expect
    .poll(async () => Number(await progress.getByRole('progressbar').getAttribute('aria-valuenow')), { timeout: 20_000 })
    .toBeGreaterThan(0);
  await expect(page.getByText(`已上传“${name}”（第 1 版）`)).toBeVisible({ timeout: 30_000 });
  await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });

  const row = tab.getByTestId('file-row').filter({ hasText: name });
  await expect(row).toHaveCount(1);
  await expect(row.getByText('第 1 版')).toBeVisible();
  await expect(row.getByTestId('file-access')).toHaveText('仅协作成员可见');
  await expect(row.getByText('王芳')).toBeVisible();

  // Version 2, from the row.
  await row.getByRole('button', { name: '上传新版本' }).click();
  await expect(page.getByRole('dialog').filter({ hasText: `上传新版本：${name}` })).toBeVisible();
  // A fresh form: no file chosen yet.
  await expect(dialog.getByTestId('chosen-file')).toHaveCount(0);
  await dialog.locator('input[type="file"]').setInputFiles({ name, mimeType: XLSX, buffer: v2 });
  await dialog.getByLabel('版本说明').fill('补充华东数据');
  await page.getByRole('button', { name: '上传', exact: true }).click();
  await expect(page.getByText(`已上传“${name}”（第 2 版）`)).toBeVisible({ timeout: 30_000 });
  await expect(row.getByText('第 2 版')).toBeVisible();

  // 回退到第 1 版: asked first, then a new version 3 with version 1's content.
  await row.getByRole('button', { name: '版本历史' }).click();
  const drawer = page.getByTestId('version-drawer');
  await expect(drawer.getByTestId('file-version')).toHaveCount(2);
  const first = drawer.locator('[data-testid="file-version"][data-version="1"]');
  await expect(first).toContainText('初版');
  await expect(drawer.locator('[data-testid="file-version"][data-version="2"]').getByRole('button', { name: '回退到此版本' })).toHaveCount(0);
  await first.getByRole('button', { name: '回退到此版本' }).click();
  const confirm = page.locator('.ant-popover:visible');
  await expect(confirm).toContainText('将以第 1 版的内容生成新版本，不会覆盖任何版本');
  await confirm.getByRole('button', { name: '确定' }).click();
  await expect(page.getByText('已回退到第 1 版（生成第 3 版）')).toBeVisible();
  await expect(drawer.getByTestId('file-version')).toHaveCount(3);
  await expect(drawer.locator('[data-testid="file-version"][data-version="3"]')).toContainText('由第 1 版回退');
  await expect(drawer.getByTestId('file-change').filter({ hasText: '回退到第 1 版' })).toHaveCount(1);
  await expect(drawer.getByTestId('file-change').filter({ hasText: `上传了 ${name}（第 1 版）` })).toHaveCount(1);
  await page.locator('.ant-drawer-close').click();
  await expect(drawer).toBeHidden();
  await expect(row.getByText('第 3 版')).toBeVisible();

  // The current version downloads under its Chinese name, with version 1's bytes.
  const downloading = page.waitForEvent('download');
  await row.getByRole('button', { name: '下载' }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe(name);
  const saved = readFileSync(await download.path());
  expect(saved.length).toBe(v1.length);
  expect(saved.equals(v1)).toBe(true);
});
