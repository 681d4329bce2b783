/**
 * Device tokens: what a sign-in to an account gave this browser. Sent with later sign-ins to the
 * same account, it keeps the owner from being locked out when others guess the password. Kept
 * per account (lower-case email) and across sign-outs.
 */
const KEY = 'tandem.device_tokens';

function readAll(): Record<string, string> {
  try {
    const parsed: unknown = JSON.parse(window.localStorage.getItem(KEY) ?? '{}');
    return parsed && typeof parsed === 'object' ? (parsed as Record<string, string>) : {};
  } catch {
    return {};
  }
}

const norm = (email: string) => email.trim().toLowerCase();

export const deviceTokens = {
  get(email: string): string | undefined {
    return readAll()[norm(email)];
  },
  set(email: string, token: string) {
    const all = readAll();
    all[norm(email)] = token;
    try {
      window.localStorage.setItem(KEY, JSON.stringify(all));
    } catch {
      // Private mode or a full store: the device stays unknown, which only costs the exemption.
    }
  },
};
