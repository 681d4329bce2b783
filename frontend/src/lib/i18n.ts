import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import enApprovals from '@/locales/en/approvals.json';
import enAudit from '@/locales/en/audit.json';
import enAuth from '@/locales/en/auth.json';
import enCases from '@/locales/en/cases.json';
import enChannels from '@/locales/en/channels.json';
import enCollections from '@/locales/en/collections.json';
import enComments from '@/locales/en/comments.json';
import enCommon from '@/locales/en/common.json';
import enDashboard from '@/locales/en/dashboard.json';
import enDepartments from '@/locales/en/departments.json';
import enErrors from '@/locales/en/errors.json';
import enExports from '@/locales/en/exports.json';
import enFiles from '@/locales/en/files.json';
import enHelp from '@/locales/en/help.json';
import enJobs from '@/locales/en/jobs.json';
import enMeetings from '@/locales/en/meetings.json';
import enNotifications from '@/locales/en/notifications.json';
import enProfile from '@/locales/en/profile.json';
import enReports from '@/locales/en/reports.json';
import enSearch from '@/locales/en/search.json';
import enTasks from '@/locales/en/tasks.json';
import enUsers from '@/locales/en/users.json';
import enWeekly from '@/locales/en/weekly.json';
import enWorkdays from '@/locales/en/workdays.json';
import zhApprovals from '@/locales/zh-CN/approvals.json';
import zhAudit from '@/locales/zh-CN/audit.json';
import zhAuth from '@/locales/zh-CN/auth.json';
import zhCases from '@/locales/zh-CN/cases.json';
import zhChannels from '@/locales/zh-CN/channels.json';
import zhCollections from '@/locales/zh-CN/collections.json';
import zhComments from '@/locales/zh-CN/comments.json';
import zhCommon from '@/locales/zh-CN/common.json';
import zhDashboard from '@/locales/zh-CN/dashboard.json';
import zhDepartments from '@/locales/zh-CN/departments.json';
import zhErrors from '@/locales/zh-CN/errors.json';
import zhExports from '@/locales/zh-CN/exports.json';
import zhFiles from '@/locales/zh-CN/files.json';
import zhHelp from '@/locales/zh-CN/help.json';
import zhJobs from '@/locales/zh-CN/jobs.json';
import zhMeetings from '@/locales/zh-CN/meetings.json';
import zhNotifications from '@/locales/zh-CN/notifications.json';
import zhProfile from '@/locales/zh-CN/profile.json';
import zhReports from '@/locales/zh-CN/reports.json';
import zhSearch from '@/locales/zh-CN/search.json';
import zhTasks from '@/locales/zh-CN/tasks.json';
import zhUsers from '@/locales/zh-CN/users.json';
import zhWeekly from '@/locales/zh-CN/weekly.json';
import zhWorkdays from '@/locales/zh-CN/workdays.json';

export const LANGUAGES = ['zh-CN', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];
export const DEFAULT_LANGUAGE: Language = 'zh-CN';
export const LANGUAGE_STORAGE_KEY = 'tandem.language';

/** zh-CN defines the keys; en must have exactly the same ones (a test checks). */
export const resources = {
  'zh-CN': {
    common: zhCommon,
    errors: zhErrors,
    auth: zhAuth,
    dashboard: zhDashboard,
    profile: zhProfile,
    users: zhUsers,
    departments: zhDepartments,
    tasks: zhTasks,
    comments: zhComments,
    meetings: zhMeetings,
    files: zhFiles,
    notifications: zhNotifications,
    audit: zhAudit,
    channels: zhChannels,
    jobs: zhJobs,
    help: zhHelp,
    weekly: zhWeekly,
    reports: zhReports,
    workdays: zhWorkdays,
    exports: zhExports,
    approvals: zhApprovals,
    collections: zhCollections,
    cases: zhCases,
    search: zhSearch,
  },
  en: {
    common: enCommon,
    errors: enErrors,
    auth: enAuth,
    dashboard: enDashboard,
    profile: enProfile,
    users: enUsers,
    departments: enDepartments,
    tasks: enTasks,
    comments: enComments,
    meetings: enMeetings,
    files: enFiles,
    notifications: enNotifications,
    audit: enAudit,
    channels: enChannels,
    jobs: enJobs,
    help: enHelp,
    weekly: enWeekly,
    reports: enReports,
    workdays: enWorkdays,
    exports: enExports,
    approvals: enApprovals,
    collections: enCollections,
    cases: enCases,
    search: enSearch,
  },
} as const;

export const NAMESPACES = Object.keys(resources['zh-CN']) as (keyof (typeof resources)['zh-CN'])[];

declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'common';
    resources: (typeof resources)['zh-CN'];
  }
}

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

/** The language chosen in this browser, if the user ever picked one. */
export function storedLanguage(): Language | null {
  try {
    const v = window.localStorage.getItem(LANGUAGE_STORAGE_KEY);
    return isLanguage(v) ? v : null;
  } catch {
    return null;
  }
}

export function currentLanguage(): Language {
  return isLanguage(i18n.resolvedLanguage) ? i18n.resolvedLanguage : DEFAULT_LANGUAGE;
}

/** Switches the UI language and remembers the choice in localStorage. */
export async function changeLanguage(lng: Language): Promise<void> {
  window.localStorage.setItem(LANGUAGE_STORAGE_KEY, lng);
  await i18n.changeLanguage(lng);
}

void i18n.use(initReactI18next).init({
  resources,
  lng: storedLanguage() ?? DEFAULT_LANGUAGE,
  fallbackLng: DEFAULT_LANGUAGE,
  supportedLngs: [...LANGUAGES],
  ns: NAMESPACES,
  defaultNS: 'common',
  interpolation: { escapeValue: false },
  initAsync: false,
});

i18n.on('languageChanged', (lng) => {
  if (typeof document !== 'undefined') document.documentElement.lang = lng;
});

export { i18n };
