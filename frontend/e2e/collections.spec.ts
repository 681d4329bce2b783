import { readFile } from 'node:fs/promises';
import { expect, test, type Browser, type Locator, type Page } from '@playwright/test';
import { signInNew as login } from './support';

// The demo company's info-sync task 月度经营数据提交 is run by 田野 (运营部); 销售部 (head 李强) and
// 电商部 (head 黄磊) take part in it.
const TASK = '月度经营数据提交';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Picks `option` in the antd Select labelled `label`, from its open dropdown; checks it took. */
async function pick(page: Page, scope: Locator, label: string, option: string): Promise<void> {
  const box = scope.getByRole('combobox', { name: label });
  const select = box.locator('xpath=ancestor::div[contains(concat(" ", @class, " "), " ant-select ")][1]');
  await expect(async () => {
    // A chosen value covers the input: click through it.
    await box.click({ force: true });
    await page
      .locator(`.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option[title="${option}"]`)
      .click({ timeout: 3_000 });
    await expect(select).toContainText(option, { timeout: 1_000 });
  }).toPass({ timeout: 20_000 });
}

/**
 * 18:00 in Shanghai (the demo users' zone) `days` from now: as typed into the picker
 * (`YYYY-MM-DD 18:00`) and as the page shows it.
 */
function deadlineIn(days: number): { typed: string; shown: string } {
  const at = new Date(Date.now() + days * 86_400_000);
  const day = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', dateStyle: 'short' }).format(at);
  const due = new Date(`${day}T18:00:00+08:00`);
  const shown = new Intl.DateTimeFormat('zh-CN', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Asia/Shanghai' }).format(due);
  return { typed: `${day} 18:00`, shown };
}

/** `department`'s hand-in to this run's collection (a rerun on the same database meets earlier ones). */
function handInCard(page: Page, title: string, department: string): Locator {
  return page
    .getByTestId('collection-card')
    .filter({ hasText: title })
    .getByTestId('hand-in-card')
    .filter({ hasText: department });
}

/** A head opens 待我提交 on 我的工作, hands in a file and the revenue for their department. */
async function handIn(browser: Browser, local: string, department: string, title: string, revenue: string) {
  const page = await login(browser, local);
  const todo = page.getByTestId('hand-ins-todo');
  await expect(todo).toContainText(title);
  await todo.getByRole('link', { name: '去提交' }).first().click();
  const card = handInCard(page, title, department);
  await expect(card).toContainText('未提交');
  await card.locator('input[type="file"]').setInputFiles({
    name: `${department}经营数据.xlsx`,
    mimeType: XLSX,
    buffer: Buffer.from(`${department} ${revenue} 万元\n`.repeat(200), 'utf8'),
  });
  await expect(card.getByTestId('handed-file')).toContainText(`${department}经营数据.xlsx`);
  await card.getByLabel('营业额（万元）').fill(revenue);
  await card.getByRole('button', { name: '提交', exact: true }).click();
  await expect(card.getByTestId('submission-status')).toHaveText('已提交');
  return page;
}

test('收集：田野向销售部和电商部收集，两位负责人上传并提交，一份被退回，田野下载全部文件', async ({ browser }, testInfo) => {
  // Three people sign in in turn, each on their own page, on two loaded cores.
  test.setTimeout(240_000);
  const title = `本月经营数据 ${Date.now() % 100_000}`;

  // 田野 sets up a one-off collection from the two departments, due in three days.
  const tian = await login(browser, 'tianye');
  await tian.getByRole('menuitem', { name: '任务' }).click();
  await tian.getByRole('link', { name: TASK, exact: true }).first().click();
  await expect(tian.getByRole('heading', { name: TASK, exact: true })).toBeVisible();
  await tian.getByRole('tab', { name: '收集' }).click();
  await tian.getByRole('button', { name: '发起收集' }).click();
  const form = tian.getByTestId('collection-form');
  await form.getByLabel('标题').fill(title);
  await form.getByLabel('说明').fill('请按模板填写本部门本月数据');
  await pick(tian, form, '部门 1', '销售部');
  await form.getByRole('button', { name: '添加部门' }).click();
  await pick(tian, form, '部门 2', '电商部');
  await form.getByRole('button', { name: '添加填报项' }).click();
  await form.getByLabel('名称 1').fill('营业额（万元）');
  await pick(tian, form, '类型 1', '数字');
  const deadline = deadlineIn(3);
  const due = form.getByLabel('截止时间');
  await due.click();
  await due.fill(deadline.typed);
  await due.press('Enter');
  await tian.getByRole('button', { name: '发起', exact: true }).click();
  await expect(tian.getByText('已发起收集')).toBeVisible();

  const card = tian.getByTestId('collection-card').filter({ hasText: title });
  await expect(card.getByTestId('round-row')).toContainText(deadline.shown);
  await expect(card.getByTestId('round-progress')).toContainText('已交 0/2，逾期 0');
  const matrix = card.getByTestId('round-matrix');
  const row = (unit: string) => matrix.locator(`[data-testid="submission-row"][data-unit="${unit}"]`);
  await expect(row('销售部').getByTestId('submission-status')).toHaveText('未提交');
  await expect(row('电商部').getByTestId('submission-status')).toHaveText('未提交');

  // The heads of 销售部 (李强) and 电商部 (黄磊) hand in.
  const li = await handIn(browser, 'liqiang', '销售部', title, '1280');
  await handIn(browser, 'huanglei', '电商部', title, '960.5');

  // 田野 sees both handed in and sends 销售部's back with a reason.
  await tian.reload();
  await expect(card.getByTestId('round-progress')).toContainText('已交 2/2，逾期 0');
  await expect(row('销售部').getByTestId('submission-status')).toHaveText('已提交');
  await expect(row('销售部')).toContainText('营业额（万元）：1,280');
  await expect(row('电商部')).toContainText('电商部经营数据.xlsx');
  await row('销售部').getByRole('button', { name: '退回', exact: true }).click();
  const dialog = tian.getByRole('dialog');
  await dialog.getByRole('button', { name: '退回', exact: true }).click();
  await expect(dialog.getByText('请填写退回原因')).toBeVisible();
  await dialog.getByLabel('退回原因').fill('请补充华东区的数据');
  await dialog.getByRole('button', { name: '退回', exact: true }).click();
  await expect(dialog).toBeHidden();
  await expect(row('销售部').getByTestId('submission-status')).toHaveText('已退回');

  // 李强 reads why and may hand in again.
  await li.reload();
  const liCard = handInCard(li, title, '销售部');
  await expect(liCard.getByTestId('returned-alert')).toContainText('请补充华东区的数据');
  await expect(liCard.getByRole('button', { name: '重新提交' })).toBeEnabled();

  // 田野 downloads every handed-in file as one zip.
  const download = tian.waitForEvent('download', { timeout: 60_000 });
  await card.getByRole('button', { name: '下载全部文件' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/\.zip$/);
  const path = testInfo.outputPath('round.zip');
  await file.saveAs(path);
  const bytes = await readFile(path);
  expect(bytes.length).toBeGreaterThan(0);
  expect(bytes.subarray(0, 2).toString('latin1')).toBe('PK');
});
