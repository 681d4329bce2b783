import { expect, test } from '@playwright/test';
import { DEMO_TASK as TASK, openTaskTab, signIn, WANGFANG } from './support';

/** A day `n` days from today in Asia/Shanghai, as the date pickers show it. */
function shanghaiDay(n: number): string {
  const d = new Date(Date.now() + n * 86_400_000);
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(d);
}

test('发起会议 from a task, write the minutes with one action item and turn it into a subtask', async ({ page }) => {
  test.setTimeout(120_000);
  const stamp = Date.now().toString().slice(-6);
  const title = `样机评审会 ${stamp}`;
  const item = `补齐样机测试 ${stamp}`;

  await signIn(page, WANGFANG);
  await openTaskTab(page, TASK, '会议');
  const list = page.getByTestId('task-meetings');
  await expect(list.getByText('新品发布会 协调会')).toBeVisible();

  // The form comes prefilled from the task: a title and an agenda with its goal.
  await list.getByRole('button', { name: /发起会议/ }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog.getByLabel('议程')).toHaveValue(/下月底前完成新品发布会/);
  await expect(dialog.getByLabel('会议主题')).not.toHaveValue('');
  await dialog.getByLabel('会议主题').fill(title);
  const who = dialog.locator('#meeting_participant_ids');
  await who.click();
  await who.fill('徐明');
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option[title="徐明（研发部）"]').click();
  await dialog.getByLabel('地点').fill('总部 5 楼小会议室');
  await dialog.getByRole('button', { name: '发起' }).click();

  // The new meeting's page.
  await expect(page).toHaveURL(/\/meetings\/[0-9a-f-]+$/);
  await expect(page.getByRole('heading', { name: title })).toBeVisible();
  await expect(page.getByText('徐明', { exact: false }).first()).toBeVisible();

  // The invitation downloads with the bearer token (the link itself needs one).
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: /下载日历邀请/ }).click();
  const ics = await (await download).createReadStream();
  let text = '';
  for await (const chunk of ics) text += String(chunk);
  expect(text).toContain('BEGIN:VCALENDAR');
  expect(text).toContain('METHOD:REQUEST');

  const editor = page.getByTestId('minutes-editor');
  await editor.getByLabel('讨论内容').fill('样机测试用例不全');
  await editor.getByLabel('决议').fill('研发部本周补齐');
  await editor.getByRole('button', { name: /添加行动项/ }).click();
  const row = editor.getByTestId('action-item-row');
  await row.getByPlaceholder('事项').fill(item);
  const owner = row.getByRole('combobox', { name: '负责人' });
  await owner.click();
  await owner.fill('徐明');
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option[title="徐明（研发部）"]').click();
  const due = row.getByPlaceholder('截止日期');
  await due.click();
  await due.fill(shanghaiDay(7));
  await due.press('Enter');
  await editor.getByRole('button', { name: '保存纪要' }).click();
  // Pressing Enter in the date field can save once already: the message may show twice.
  await expect(page.getByText('纪要已保存').first()).toBeVisible();

  await row.getByRole('button', { name: '转为子任务' }).click();
  const link = row.getByTestId('subtask-link');
  await expect(link).toBeVisible();
  await expect(row.getByRole('button', { name: '转为子任务' })).toHaveCount(0);
  await link.click();
  await expect(page).toHaveURL(/\/tasks\/[0-9a-f-]+$/);
  await expect(page.getByRole('heading', { name: item, exact: true })).toBeVisible();

  // 日程: the new meeting (tomorrow 10:00) is among the next 30 days and opens its page.
  await page.getByRole('menuitem', { name: '日程' }).click();
  // antd's own texts are Chinese in the production build too (its locale is imported as ESM:
  // the CommonJS entry gave rolldown's bundle the English defaults).
  await expect(page.locator('.ant-picker-calendar-header')).toContainText('年');
  await expect(page.locator('.ant-picker-calendar thead')).toContainText('一');
  const upcoming = page.locator('.ant-card').filter({ hasText: '未来 30 天' });
  await expect(upcoming.getByRole('link', { name: title })).toBeVisible({ timeout: 30_000 });
  await upcoming.getByRole('link', { name: title }).click();
  await expect(page.getByRole('heading', { name: title })).toBeVisible();
});
