import { toApiError } from '@/lib/api/api-error';
import { apiUrl, refreshSession } from '@/lib/api/client';
import { tokenStore } from '@/lib/auth/token-store';

export interface UploadOptions {
  /** 0–100 as the body goes out (100 means sent; the server may still be storing it). */
  onProgress?: (percent: number) => void;
  signal?: AbortSignal;
}

interface Reply {
  status: number;
  headers: Headers;
  body: unknown;
}

function parseBody(xhr: XMLHttpRequest): unknown {
  if (!xhr.responseText) return undefined;
  try {
    return JSON.parse(xhr.responseText) as unknown;
  } catch {
    return undefined;
  }
}

function send(url: string, form: FormData, { onProgress, signal }: UploadOptions): Promise<Reply> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(new DOMException('The upload was cancelled', 'AbortError'));
      return;
    }
    const xhr = new XMLHttpRequest();
    xhr.open('POST', url);
    const token = tokenStore.getAccessToken();
    if (token) xhr.setRequestHeader('Authorization', `Bearer ${token}`);
    xhr.setRequestHeader('Accept', 'application/json, application/problem+json');
    if (onProgress) {
      xhr.upload.onprogress = (e) => {
        if (e.lengthComputable && e.total > 0) onProgress(Math.min(100, Math.round((e.loaded * 100) / e.total)));
      };
    }
    xhr.onload = () => {
      const retryAfter = xhr.getResponseHeader('Retry-After');
      resolve({
        status: xhr.status,
        headers: new Headers(retryAfter ? { 'Retry-After': retryAfter } : {}),
        body: parseBody(xhr),
      });
    };
    xhr.onerror = () => reject(new Error('The upload failed: no answer from the server'));
    xhr.onabort = () => reject(new DOMException('The upload was cancelled', 'AbortError'));
    signal?.addEventListener('abort', () => xhr.abort(), { once: true });
    xhr.send(form);
  });
}

/**
 * POSTs a multipart form with XMLHttpRequest, because fetch cannot report upload progress. Like
 * the API client it sends the bearer token and, on 401, refreshes the session once and sends the
 * form again. Answers the parsed JSON, or throws an ApiError built from the problem+json.
 */
export async function uploadForm<T>(path: `/api/v1/${string}`, form: FormData, options: UploadOptions = {}): Promise<T> {
  const url = apiUrl(path);
  let reply = await send(url, form, options);
  if (reply.status === 401) {
    if (await refreshSession()) {
      reply = await send(url, form, options);
      if (reply.status === 401) tokenStore.clear();
    } else {
      tokenStore.clear();
    }
  }
  if (reply.status < 200 || reply.status >= 300) throw toApiError(reply, reply.body);
  return reply.body as T;
}
