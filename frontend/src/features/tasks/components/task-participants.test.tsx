import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import type { components } from '@/lib/api/schema';
import { task } from '@/testing/fixtures';
import { apiPath } from '@/testing/handlers';
import { renderApp, signIn } from '@/testing/render';
import { server } from '@/testing/server';

type S = components['schemas'];

const OWNER = task().owner;
const SUN = { id: '0193a000-0000-7000-8000-00000000051a', name: '孙丽' };

function serve(dto: S['TaskDto'], removed: string[]) {
  let people: S['ParticipantDto'][] = [
    { user: OWNER, reasons: ['owner', 'creator'] },
    { user: SUN, reasons: ['collaborator'] },
  ];
  server.use(
    http.get(apiPath('/api/v1/tasks/:task_id'), () => HttpResponse.json(dto)),
    http.get(apiPath('/api/v1/tasks/:task_id/participants'), () => HttpResponse.json({ items: people })),
    http.delete<{ task_id: string; user_id: string }>(
      apiPath('/api/v1/tasks/:task_id/participants/:user_id'),
      ({ params }) => {
        removed.push(params.user_id);
        people = people.filter((p) => p.user.id !== params.user_id);
        return new HttpResponse(null, { status: 204 });
      },
    ),
  );
}

async function openTab() {
  const user = userEvent.setup();
  await user.click(await screen.findByRole('tab', { name: '参与人' }, { timeout: 20_000 }));
  return user;
}

describe('task participants', () => {
  it('lists who takes part and why, and removes a collaborator after a confirmation', async () => {
    const removed: string[] = [];
    serve(task(), removed);
    signIn();
    renderApp(`/tasks/${task().id}`);
    const user = await openTab();

    const rows = await screen.findAllByTestId('participant');
    expect(rows).toHaveLength(2);
    expect(within(rows[0]!).getByText('负责人')).toBeInTheDocument();
    expect(within(rows[0]!).getByText('创建人')).toBeInTheDocument();
    expect(within(rows[0]!).getByRole('button', { name: '移出' })).toBeDisabled();
    expect(within(rows[1]!).getByText('协作者')).toBeInTheDocument();

    await user.click(within(rows[1]!).getByRole('button', { name: '移出' }));
    expect(await screen.findByText(/将 孙丽 移出任务？/)).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: /确\s*定|OK/ }));

    await waitFor(() => expect(removed).toEqual([SUN.id]));
    expect(await screen.findByText('已将 孙丽 移出任务')).toBeInTheDocument();
    await waitFor(() => expect(screen.getAllByTestId('participant')).toHaveLength(1));
  });

  it('offers no removal to who may not change the task', async () => {
    serve(task({ capabilities: { can_edit: false, can_update_progress: false, can_split: false, can_delete: false } }), []);
    signIn();
    renderApp(`/tasks/${task().id}`);
    await openTab();

    expect(await screen.findAllByTestId('participant')).toHaveLength(2);
    expect(screen.queryByRole('button', { name: '移出' })).not.toBeInTheDocument();
  });
});
