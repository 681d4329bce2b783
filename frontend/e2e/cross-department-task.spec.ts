import { expect, test, type Browser, type Locator, type Page } from '@playwright/test';

const PASSWORD = 'Tandem@2026';
const WANGFANG = 'wangfang@demo.tandem.cn';
const XUMING = 'xuming@demo.tandem.cn';

async function login(browser: Browser, email: string): Promise<Page> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto('/login');
  await page.getByLabel('邮箱').fill(email);
  await page.getByLabel('密码').fill(PASSWORD);
  await page.getByRole('button', { name: '登录' }).click();
  await expect(page.getByRole('heading', { name: /^你好，/ })).toBeVisible();
  return page;
}

/** A day `days` from now as the date pickers take it (YYYY-MM-DD). */
function dayFromNow(days: number): string {
  const d = new Date(Date.now() + days * 86_400_000);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

async function pickDate(page: Page, selector: string, day: string) {
  const input = page.locator(selector);
  await input.click();
  await input.fill(day);
  await input.press('Enter');
  await expect(input).toHaveValue(day);
}

async function pickOption(page: Page, scope: Page | Locator, label: string, search: string, option: string) {
  const box = scope.getByLabel(label, { exact: true });
  await box.click();
  await box.fill(search);
  await page.locator(`.ant-select-dropdown:visible .ant-select-item-option[title="${option}"]`).click();
}

test('部门负责人创建跨部门任务、发布、拆分，子任务负责人更新进度，负责人看到历史', async ({ browser }) => {
  test.setTimeout(150_000);
  const stamp = Date.now().toString().slice(-6);
  const title = `新品发布会筹备 ${stamp}`;
  const subtaskZhao = `发布会宣传物料 ${stamp}`;
  const subtaskXu = `预约系统开发 ${stamp}`;

  // 王芳 (head of 市场部) fills the 跨部门协作任务申请表.
  const wang = await login(browser, WANGFANG);
  await wang.getByRole('menuitem', { name: '任务' }).click();
  await wang.getByRole('button', { name: '新建任务' }).click();
  // The quick form opens first; the application form is one link away.
  await wang.getByRole('link', { name: '使用完整申请表（分步填写）' }).click();
  await expect(wang.getByText('跨部门协作任务申请表')).toBeVisible();

  // ① 基本信息: 市场部 is preselected (her department); add 研发部. She is the owner by default.
  await wang.getByLabel('任务名称').fill(title);
  await pickOption(wang, wang, '协作部门', '研发', '研发部');
  await wang.getByRole('button', { name: '下一步' }).click();

  // ② 目标与节点
  await wang.getByLabel('可衡量目标').fill('12 月底前完成新品发布会，线上预约 5000 人');
  await pickDate(wang, '#create-task_due_at', dayFromNow(30));
  await wang.getByRole('button', { name: '添加里程碑' }).click();
  await wang.locator('#create-task_milestones_0_name').fill('发布会方案定稿');
  await pickDate(wang, '#create-task_milestones_0_due', dayFromNow(10));
  await wang.getByRole('button', { name: '下一步' }).click();

  // ③ 资源与风险, ④ 确认
  await wang.getByLabel(/所需资源/).fill('研发部提供预约系统开发人员');
  await wang.getByRole('button', { name: '下一步' }).click();
  await expect(wang.getByText(title)).toBeVisible();
  await wang.getByRole('button', { name: '保存并发布' }).click();

  // The task page: published.
  await expect(wang.getByRole('heading', { name: title })).toBeVisible();
  await expect(wang.locator('.ant-tag').filter({ hasText: /^已发布$/ })).toBeVisible();
  const parentUrl = wang.url();

  // 拆分子任务: one for 赵静 (市场部), one for 徐明 (研发部).
  for (const [name, owner, search] of [
    [subtaskZhao, '赵静（市场部）', '赵静'],
    [subtaskXu, '徐明（研发部）', '徐明'],
  ] as const) {
    await wang.getByRole('button', { name: '拆分子任务' }).click();
    const dialog = wang.getByRole('dialog', { name: '拆分子任务' });
    await dialog.getByLabel('任务名称').fill(name);
    await pickOption(wang, dialog, '负责人', search, owner);
    await dialog.getByLabel('目标描述').fill(`${name}：按时交付`);
    await dialog.getByRole('button', { name: '新建' }).click();
    await expect(dialog).toBeHidden();
    await expect(wang.getByRole('link', { name })).toBeVisible();
  }

  // 依赖关系: the system development waits for the promotion materials; the reverse would be a
  // cycle, refused with the tasks it runs through, in Chinese.
  await wang.getByRole('link', { name: subtaskXu }).click();
  await expect(wang.getByRole('heading', { name: subtaskXu, exact: true })).toBeVisible();
  await wang.getByRole('tab', { name: /依赖关系/ }).click();
  await pickOption(wang, wang, '前置任务', stamp, subtaskZhao);
  await wang.getByRole('button', { name: '添加前置任务' }).click();
  await expect(wang.getByTestId('predecessor').filter({ hasText: subtaskZhao })).toBeVisible();
  await expect(wang.getByTestId('critical-path')).toContainText(`${subtaskZhao} → ${subtaskXu}`);
  await expect(wang.locator(`[data-testid="timeline-row"][data-title="${subtaskXu}"]`)).toHaveAttribute('data-critical', 'true');
  await wang.goto(parentUrl);
  await wang.getByRole('link', { name: subtaskZhao }).click();
  await expect(wang.getByRole('heading', { name: subtaskZhao, exact: true })).toBeVisible();
  await wang.getByRole('tab', { name: /依赖关系/ }).click();
  await expect(wang.getByTestId('successor').filter({ hasText: subtaskXu })).toBeVisible();
  await pickOption(wang, wang, '前置任务', stamp, subtaskXu);
  await wang.getByRole('button', { name: '添加前置任务' }).click();
  await expect(wang.getByTestId('dependency-error')).toHaveText(
    `不能添加：会形成循环依赖：${subtaskXu} → ${subtaskZhao} → ${subtaskXu}`,
  );
  await wang.goto(parentUrl);

  // 徐明 sees his subtask in 我的工作 (待我处理) and posts 50% with a note.
  const xu = await login(browser, XUMING);
  await expect(xu.getByRole('tab', { name: '待我处理' })).toHaveAttribute('aria-selected', 'true');
  await xu.getByRole('link', { name: subtaskXu }).click();
  await expect(xu.getByRole('heading', { name: subtaskXu, exact: true })).toBeVisible();
  await xu.getByRole('button', { name: '更新进度' }).click();
  const progress = xu.getByRole('dialog', { name: '更新进度' });
  await progress.getByRole('spinbutton', { name: '完成百分比' }).fill('50');
  await progress.getByLabel('进展说明').fill('预约接口已完成一半，下周联调');
  await progress.getByRole('button', { name: '保存' }).click();
  // It waits for the promotion materials: starting now needs a reason, which goes on record.
  await expect(progress.getByRole('alert')).toContainText('前置任务尚未完成');
  await progress.getByLabel('强制开始的原因').fill('接口可先行开发，物料只影响联调');
  await progress.getByRole('button', { name: '保存' }).click();
  await expect(progress).toBeHidden();
  await xu.getByRole('tab', { name: '进展' }).click();
  await expect(xu.getByText('预约接口已完成一半，下周联调')).toBeVisible();

  // 王芳 opens the subtask and sees the change in its history.
  await wang.goto(parentUrl);
  await wang.getByRole('link', { name: subtaskXu }).click();
  await expect(wang.getByRole('heading', { name: subtaskXu, exact: true })).toBeVisible();
  await wang.getByRole('tab', { name: '动态' }).click();
  await expect(wang.getByTestId('history-entry').filter({ hasText: '将进度从 0% 改为 50%' })).toBeVisible();
  await expect(wang.getByTestId('history-entry').filter({ hasText: '徐明' }).first()).toBeVisible();
});
