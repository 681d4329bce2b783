import type { components } from '@/lib/api/schema';

type S = components['schemas'];

export type WeeklySummaryDto = S['WeeklySummaryDto'];
export type WeeklySummaryWeek = S['WeeklySummaryWeek'];
export type WeeklyDraft = S['WeeklyDraft'];
export type WeeklySummaryRequest = S['WeeklySummaryRequest'];

/** All weekly-summary queries start with this. */
export const weeklyKey = ['weekly-summaries'] as const;
