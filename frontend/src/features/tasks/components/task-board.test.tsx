import { fireEvent, screen, waitFor } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { TaskBoard } from '@/features/tasks/components/task-board';
import type { components } from '@/lib/api/schema';
import { task, taskSummary } from '@/testing/fixtures';
import { apiPath } from '@/testing/handlers';
import { renderWithProviders, signIn } from '@/testing/render';
import { server } from '@/testing/server';
import { MemoryRouter } from 'react-router';

type S = components['schemas'];

function setup() {
  const patches: { ifMatch: string | null; body: S['UpdateTaskRequest'] }[] = [];
  const published = task({ status: 'published', allowed_transitions: ['in_progress', 'cancelled'] });
  server.use(
    http.get<never, never, S['TaskPage']>(apiPath('/api/v1/tasks'), () =>
      HttpResponse.json({ items: [taskSummary(published)], next_cursor: null, total: 1 }),
    ),
    http.get<{ task_id: string }, never, S['TaskDto']>(apiPath('/api/v1/tasks/:task_id'), () =>
      HttpResponse.json(published),
    ),
    http.patch<{ task_id: string }, S['UpdateTaskRequest'], S['TaskDto']>(
      apiPath('/api/v1/tasks/:task_id'),
      async ({ request }) => {
        const body = await request.json();
        patches.push({ ifMatch: request.headers.get('If-Match'), body });
        return HttpResponse.json({ ...published, status: body.status ?? published.status, version: 4 });
      },
    ),
  );
  signIn();
  renderWithProviders(
    <MemoryRouter>
      <TaskBoard filters={{}} />
    </MemoryRouter>,
  );
  return { patches, published };
}

async function dragTo(cardId: string, column: string) {
  const card = await screen.findByTestId(`board-card-${cardId}`);
  fireEvent.dragStart(card);
  const target = screen.getByTestId(`board-column-${column}`);
  fireEvent.dragOver(target);
  fireEvent.drop(target);
  fireEvent.dragEnd(card);
}

describe('task board', () => {
  it('refuses a drop into a column that is not an allowed transition', async () => {
    const { patches, published } = setup();
    await dragTo(published.id, 'pending_review');

    expect(await screen.findByText('不能从“已发布”移到“待审核”')).toBeInTheDocument();
    expect(patches).toEqual([]);
    // The card stays where it was.
    expect(screen.getByTestId('board-column-published')).toContainElement(screen.getByTestId(`board-card-${published.id}`));
  });

  it('moves a card to an allowed column with PATCH {status} and If-Match', async () => {
    const { patches, published } = setup();
    await dragTo(published.id, 'in_progress');

    await waitFor(() => expect(patches).toEqual([{ ifMatch: '"3"', body: { status: 'in_progress' } }]));
    expect(await screen.findByText('已移到“进行中”')).toBeInTheDocument();
  });
});
