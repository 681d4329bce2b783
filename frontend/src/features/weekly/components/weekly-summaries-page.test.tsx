import { fireEvent, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { currentMonday } from '@/features/weekly/hooks/use-week';
import type { components } from '@/lib/api/schema';
import { salesDepartment, zhangsan } from '@/testing/fixtures';
import { apiPath, problem } from '@/testing/handlers';
import { renderApp, signIn } from '@/testing/render';
import { server } from '@/testing/server';

type S = components['schemas'];

const SLOW = { timeout: 20_000 };

/** 李四 heads 销售部 (see salesDepartment.heads). */
const lisi: S['MeDto'] = { ...zhangsan, id: salesDepartment.heads[0]!.id, name: '李四', role: 'dept_head' };

const draft: S['WeeklyDraft'] = {
  done: '完成：双十一新品发布',
  problems: '逾期：渠道铺货',
  next_week: '12月1日 首版设计',
};

function summary(week: string, overrides: Partial<S['WeeklySummaryDto']> = {}): S['WeeklySummaryDto'] {
  return {
    id: `ws-${week}`,
    department_id: salesDepartment.id,
    week,
    author_id: lisi.id,
    done: '发布会筹备完成 80%',
    problems: '无',
    next_week: '完成彩排',
    updated_at: '2026-11-27T09:00:00Z',
    version: 1,
    ...overrides,
  };
}

type Saved = { week: string; ifMatch: string | null; body: S['WeeklySummaryRequest'] };

function serveWeekly(me: S['MeDto'], options: { posted?: S['WeeklySummaryDto'] | null; forbid?: boolean } = {}) {
  let posted = options.posted ?? null;
  const saved: Saved[] = [];
  const asked: string[] = [];
  server.use(
    http.get(apiPath('/api/v1/me'), () => HttpResponse.json(me)),
    http.get(apiPath('/api/v1/departments/:id/weekly-summaries/:week'), ({ params }) => {
      asked.push(String(params['week']));
      return HttpResponse.json<S['WeeklySummaryWeek']>({ summary: posted, draft });
    }),
    http.get(apiPath('/api/v1/departments/:id/weekly-summaries'), () =>
      HttpResponse.json<S['WeeklySummaryList']>({ items: posted ? [posted] : [summary('2026-11-16')] }),
    ),
    http.put<{ id: string; week: string }, S['WeeklySummaryRequest'], S['WeeklySummaryDto'] | S['ProblemDetails']>(
      apiPath('/api/v1/departments/:id/weekly-summaries/:week'),
      async ({ params, request }) => {
        if (options.forbid) return problem(403, 'forbidden');
        const body = await request.json();
        const week = params.week;
        saved.push({ week, ifMatch: request.headers.get('If-Match'), body });
        posted = summary(week, { ...body, version: (posted?.version ?? 0) + 1 });
        return HttpResponse.json<S['WeeklySummaryDto']>(posted, { headers: { ETag: `"${posted.version}"` } });
      },
    ),
  );
  return { saved, asked };
}

describe('本周协作总结', () => {
  it('prefills a head’s editor from the draft, posts it, then changes it with If-Match', async () => {
    const { saved, asked } = serveWeekly(lisi);
    signIn();
    const user = userEvent.setup({ delay: null });
    renderApp('/weekly-summaries');

    const done = await screen.findByLabelText('本周完成', {}, SLOW);
    expect(done).toHaveValue(draft.done);
    expect(screen.getByLabelText('遇到的问题')).toHaveValue(draft.problems);
    expect(screen.getByLabelText('下周计划')).toHaveValue(draft.next_week);
    const week = currentMonday('Asia/Shanghai');
    expect(asked[0]).toBe(week);
    // The history lists earlier weeks.
    expect(screen.getByText('2026-11-16 至 2026-11-22')).toBeInTheDocument();

    fireEvent.change(done, { target: { value: '发布会筹备完成 80%' } });
    await user.click(screen.getByRole('button', { name: '提交' }));
    expect(await screen.findByText('周总结已提交', {}, SLOW)).toBeInTheDocument();
    expect(saved[0]).toEqual({
      week,
      ifMatch: null,
      body: { done: '发布会筹备完成 80%', problems: draft.problems, next_week: draft.next_week },
    });

    // Now posted: the editor shows the summary, and 用草稿填充 brings the draft back.
    const again = await screen.findByRole('button', { name: '保存修改' }, SLOW);
    await waitFor(() => expect(screen.getByLabelText('本周完成')).toHaveValue('发布会筹备完成 80%'), SLOW);
    await user.click(screen.getByRole('button', { name: '用草稿填充' }));
    expect(screen.getByLabelText('本周完成')).toHaveValue(draft.done);
    fireEvent.change(screen.getByLabelText('下周计划'), { target: { value: '完成彩排' } });
    await user.click(again);
    expect(await screen.findByText('周总结已更新', {}, SLOW)).toBeInTheDocument();
    expect(saved[1]).toEqual({
      week,
      ifMatch: '"1"',
      body: { done: draft.done, problems: draft.problems, next_week: '完成彩排' },
    });
  }, 90_000);

  it('shows members the posted summary read-only', async () => {
    serveWeekly(zhangsan, { posted: summary(currentMonday('Asia/Shanghai')) });
    signIn();
    renderApp('/weekly-summaries');

    expect(await screen.findByText('完成彩排', {}, SLOW)).toBeInTheDocument();
    // In the read-only view and in the history below.
    expect(screen.getAllByText('发布会筹备完成 80%')).toHaveLength(2);
    expect(screen.getByText(/只有部门负责人可以提交或修改周总结/)).toBeInTheDocument();
    expect(screen.queryByLabelText('本周完成')).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /提交|保存修改|用草稿填充/ })).not.toBeInTheDocument();
  }, 60_000);

  it('says only heads can post when the server refuses', async () => {
    serveWeekly(lisi, { forbid: true });
    signIn();
    const user = userEvent.setup({ delay: null });
    renderApp('/weekly-summaries');

    await screen.findByLabelText('本周完成', {}, SLOW);
    await user.click(screen.getByRole('button', { name: '提交' }));
    expect(await screen.findByText('只有部门负责人可以提交', {}, SLOW)).toBeInTheDocument();
  }, 60_000);
});
