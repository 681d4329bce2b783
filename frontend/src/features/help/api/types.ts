import type { components } from '@/lib/api/schema';

type S = components['schemas'];

export type HelpRequestDto = S['HelpRequestDto'];
export type HelpStatus = S['HelpStatus'];
export type CreateHelpRequest = S['CreateHelpRequest'];

/** All help-request queries start with this, so one invalidation refreshes both boxes. */
export const helpRequestsKey = ['help-requests'] as const;
