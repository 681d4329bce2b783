import type { components } from '@/lib/api/schema';

type S = components['schemas'];

export type MeetingDto = S['MeetingDto'];
export type MeetingDraft = S['MeetingDraft'];
export type ActionItemDto = S['ActionItemDto'];
export type CreateMeetingRequest = S['CreateMeetingRequest'];
export type UpdateMeetingRequest = S['UpdateMeetingRequest'];
export type MinutesRequest = S['MinutesRequest'];
export type CalendarFeedStatus = S['CalendarFeedStatus'];
export type CalendarFeedCreated = S['CalendarFeedCreated'];

export { meetingsKey } from '@/lib/api/query-keys';
