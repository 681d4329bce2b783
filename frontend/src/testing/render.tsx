import { render } from '@testing-library/react';
import type { ReactElement } from 'react';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { AppProvider } from '@/app/provider';
import { createQueryClient } from '@/app/query-client';
import { routes } from '@/app/router';
import { tokenStore } from '@/lib/auth/token-store';

function testQueryClient() {
  const client = createQueryClient();
  client.setDefaultOptions({ queries: { retry: false, refetchOnWindowFocus: false }, mutations: { retry: false } });
  return client;
}

/** Renders the real route tree at `path`, with the real providers. */
export function renderApp(path: string) {
  const router = createMemoryRouter(routes, { initialEntries: [path] });
  const utils = render(
    <AppProvider queryClient={testQueryClient()}>
      <RouterProvider router={router} />
    </AppProvider>,
  );
  return { ...utils, router };
}

/** Renders one component inside the providers (no routes). */
export function renderWithProviders(ui: ReactElement) {
  return render(<AppProvider queryClient={testQueryClient()}>{ui}</AppProvider>);
}

export function signIn(access = 'access-1', refresh = 'refresh-1') {
  tokenStore.set({ access_token: access, refresh_token: refresh });
}
