/**
 * Runtime configuration. The SPA talks to the API on its own origin (relative `/api/v1/...`
 * URLs); the dev/preview server proxies them to `TANDEM_API_URL`.
 */
export const env = {
  /** Origin prefixed to API paths; empty means "same origin as the page". */
  apiBaseUrl: (import.meta.env.VITE_API_BASE_URL as string | undefined) ?? '',
} as const;
