import { screen } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import type { components } from '@/lib/api/schema';
import { task } from '@/testing/fixtures';
import { apiPath } from '@/testing/handlers';
import { renderApp, signIn } from '@/testing/render';
import { server } from '@/testing/server';

type S = components['schemas'];

const SLOW = { timeout: 20_000 };

function serve(dto: S['TaskDto']) {
  server.use(
    http.get(apiPath('/api/v1/tasks/:task_id'), () => HttpResponse.json<S['TaskDto']>(dto)),
    http.get(apiPath('/api/v1/tasks/:task_id/history'), () =>
      HttpResponse.json<S['HistoryPage']>({ items: [], next_cursor: null }),
    ),
  );
}

describe('escalation countdown on the task page', () => {
  it('counts down to the escalation of an emergency task nobody responded to', async () => {
    // 2 h 30 min from now (a few seconds less, so the minutes round up to 30).
    const due = new Date(Date.now() + (150 * 60 - 5) * 1000).toISOString();
    serve(task({ scenario: 'emergency', escalation_due_at: due }));
    signIn();
    renderApp(`/tasks/${task().id}`);

    const notice = await screen.findByTestId('escalation', {}, SLOW);
    expect(notice).toHaveTextContent(/紧急任务：若负责人未响应，将于 2 小时 30 分后（.+）升级给分管领导/);
  });

  it('says when the task escalated, in the user’s time zone', async () => {
    serve(task({ scenario: 'emergency', escalation_due_at: null, escalated_at: '2026-11-26T06:30:00Z' }));
    signIn();
    renderApp(`/tasks/${task().id}`);

    const notice = await screen.findByTestId('escalation', {}, SLOW);
    // 06:30 UTC is 14:30 in Asia/Shanghai.
    expect(notice).toHaveTextContent(/已于 .*14:30 升级给分管领导/);
  });

  it('says when the SLA clocks count Monday to Friday for a year without a holiday schedule', async () => {
    serve(task({ sla_fallback_years: [2027] }));
    signIn();
    renderApp(`/tasks/${task().id}`);

    const note = await screen.findByTestId('sla-calendar-fallback', {}, SLOW);
    expect(note).toHaveTextContent('时限按周一至周五计算：工作日历中还没有 2027 年的节假日安排');
  });

  it('shows nothing for a task without escalation', async () => {
    serve(task());
    signIn();
    renderApp(`/tasks/${task().id}`);

    expect(await screen.findByRole('heading', { name: '双十一新品发布' }, SLOW)).toBeInTheDocument();
    expect(screen.queryByTestId('escalation')).not.toBeInTheDocument();
    expect(screen.queryByTestId('sla-calendar-fallback')).not.toBeInTheDocument();
  });
});
