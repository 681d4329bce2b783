import { expect, test } from '@playwright/test';
import { DEMO_TASK, signInNew } from './support';

// 新品发布会 (王芳, 市场部) asks 研发部 (accepted in the demo data) and 销售部 (not answered yet).
test('a head finds the task 销售部 owes an answer in 待我处理, accepts and names 张三, who then sees the work', async ({
  browser,
}) => {
  test.setTimeout(120_000);
  // 李强 heads 销售部: the task waits for him.
  const li = await signInNew(browser, 'liqiang');
  const mine = li.getByRole('tabpanel', { name: '待我处理' });
  await mine.getByRole('link', { name: DEMO_TASK, exact: true }).click();
  await expect(li.getByRole('heading', { name: DEMO_TASK, exact: true })).toBeVisible();
  const box = li.getByTestId('department-responses');
  await expect(box).toContainText('销售部需要你的响应');
  await expect(box).toContainText('研发部');
  await expect(box).toContainText('已接受');

  await box.getByRole('button', { name: /^接\s?受$/ }).click();
  const dialog = li.getByRole('dialog', { name: '代表销售部接受' });
  await dialog.getByLabel('本部门负责人').click();
  await li.locator('.ant-select-dropdown:visible .ant-select-item-option[title="张三"]').click();
  await dialog.getByRole('button', { name: /^接\s?受$/ }).click();
  await expect(dialog).toBeHidden();
  await expect(box).not.toContainText('销售部需要你的响应');
  await expect(box.getByRole('link', { name: `销售部：${DEMO_TASK}` })).toBeVisible();
  // Answered: no longer waiting for him.
  await li.getByRole('menuitem', { name: '我的工作' }).click();
  await expect(li.getByRole('tabpanel', { name: '待我处理' }).getByRole('link', { name: DEMO_TASK, exact: true })).toHaveCount(0);
  await li.context().close();

  // 张三 owns 销售部's part, and sees the task his department works on.
  const zhang = await signInNew(browser, 'zhangsan');
  await expect(
    zhang.getByRole('tabpanel', { name: '待我处理' }).getByRole('link', { name: `销售部：${DEMO_TASK}` }),
  ).toBeVisible();
  await zhang.getByRole('tab', { name: '我协作的' }).click();
  await expect(zhang.getByRole('tabpanel', { name: '我协作的' }).getByRole('link', { name: DEMO_TASK, exact: true })).toBeVisible();
  await zhang.context().close();
});
