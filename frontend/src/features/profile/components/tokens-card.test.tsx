import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { TokensCard } from '@/features/profile/components/tokens-card';
import type { components } from '@/lib/api/schema';
import { accessToken } from '@/testing/fixtures';
import { apiPath } from '@/testing/handlers';
import { renderWithProviders, signIn } from '@/testing/render';
import { server } from '@/testing/server';

type S = components['schemas'];

describe('personal access tokens', () => {
  it('shows a new token once, in a modal, and never again after closing it', async () => {
    const secret = 'tdm_ab12_s3cr3t-only-shown-once';
    const items: S['AccessTokenDto'][] = [accessToken('tok-1', 'CI 脚本')];
    let created: S['CreateAccessTokenRequest'] | null = null;
    server.use(
      http.get<never, never, S['AccessTokenList']>(apiPath('/api/v1/me/tokens'), () => HttpResponse.json({ items })),
      http.post<never, S['CreateAccessTokenRequest'], S['CreatedAccessTokenDto']>(
        apiPath('/api/v1/me/tokens'),
        async ({ request }) => {
          created = await request.json();
          const dto = accessToken('tok-2', created.name);
          items.push(dto);
          return HttpResponse.json({ ...dto, token: secret }, { status: 201 });
        },
      ),
    );
    signIn();
    const user = userEvent.setup({ delay: null });
    renderWithProviders(<TokensCard />);

    expect(await screen.findByText('CI 脚本')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: '创建令牌' }));
    const form = await screen.findByRole('dialog');
    await user.type(within(form).getByLabelText('名称'), '报表导出');
    await user.type(within(form).getByLabelText('有效天数'), '30');
    await user.click(within(form).getByRole('button', { name: '新建' }));

    expect(await screen.findByText('令牌已创建')).toBeInTheDocument();
    expect(screen.getByTestId('created-token')).toHaveTextContent(secret);
    expect(created).toEqual({ name: '报表导出', expires_in_days: 30 });
    expect(await screen.findByText('报表导出')).toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: '关闭' }));
    await waitFor(() => expect(screen.queryByText(secret)).not.toBeInTheDocument());
    expect(document.body.textContent).not.toContain(secret);
  });
});
