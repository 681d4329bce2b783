import { App } from 'antd';
import { useCallback, useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { createExport, downloadExport, getExport, type ExportDto, type ExportRequest } from '@/lib/exports/export-api';
import { useErrorMessage } from '@/lib/error-message';
import { saveBlob } from '@/lib/save-file';

/** Polls every 500 ms at first (small exports finish in well under a second), then every 2 s. */
export const POLL_MS = 500;
const SLOW_POLL_MS = 2_000;
const FAST_POLLS = 20;
/** Stops waiting after 5 minutes (a large export takes about a minute). */
const MAX_WAIT_MS = 5 * 60_000;

/** Failure codes with an export-specific explanation; others get the general error text. */
const FAILURE_REASONS = ['forbidden', 'not_found', 'bad_request', 'internal'] as const;
type FailureReason = (typeof FAILURE_REASONS)[number];

/**
 * The export ended as `failed` (or `expired`): `code` is the server's `error_code` (translated
 * for the user), the English `error` only goes into the message for logs.
 */
export class ExportFailedError extends Error {
  readonly code: ExportDto['error_code'];
  constructor(dto: ExportDto) {
    super(`export ${dto.id} ${dto.status}: ${dto.error ?? ''}`);
    this.name = 'ExportFailedError';
    this.code = dto.error_code;
  }
}

/** Says why an export failed, from its `error_code`, in the user's language. */
export function useExportFailureText() {
  const { t } = useTranslation('exports');
  return useCallback(
    (code: ExportDto['error_code'] | undefined): string => {
      const why = (FAILURE_REASONS as readonly string[]).includes(code ?? '') ? (code as FailureReason) : null;
      return why ? t(`failed_reasons.${why}`) : t('failed_unknown');
    },
    [t],
  );
}

/** The export was still being made when we stopped waiting. */
export class ExportTimeoutError extends Error {
  constructor() {
    super('export still running');
    this.name = 'ExportTimeoutError';
  }
}

function wait(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        reject(signal.reason as Error);
      },
      { once: true },
    );
  });
}

/** Asks for an export and polls it until it is made: the finished export, or an error. */
export async function makeExport(request: ExportRequest, signal: AbortSignal): Promise<ExportDto> {
  let dto = await createExport(request, signal);
  const started = Date.now();
  for (let polls = 0; dto.status === 'queued' || dto.status === 'running'; polls++) {
    if (Date.now() - started > MAX_WAIT_MS) throw new ExportTimeoutError();
    await wait(polls < FAST_POLLS ? POLL_MS : SLOW_POLL_MS, signal);
    dto = await getExport(dto.id, signal);
  }
  if (dto.status !== 'done') throw new ExportFailedError(dto);
  return dto;
}

/**
 * Excel exports: `start(request)` asks for one, says 正在生成 Excel… while the worker makes it,
 * then downloads the workbook (with the bearer token) and saves it under its `file_name`.
 * Failures are shown; leaving the page stops the waiting.
 */
export function useExport() {
  const { t } = useTranslation('exports');
  const { message: notify, notification } = App.useApp();
  const { message: errorMessage } = useErrorMessage();
  const failureText = useExportFailureText();
  const key = useId();
  // Read when the page goes away: a language switch must not count as leaving (it changes `t`).
  const continues = useRef('');
  continues.current = t('continues');
  const running = useRef<AbortController | null>(null);
  const [pending, setPending] = useState(false);

  useEffect(
    () => () => {
      const waiting = running.current !== null;
      running.current?.abort();
      running.current = null;
      notify.destroy(key);
      // The server goes on making it: say where to find it (after the unmount, not during it).
      const text = continues.current;
      if (waiting) setTimeout(() => void notify.info(text, 6), 0);
    },
    [notify, key],
  );

  const start = useCallback(
    async (request: ExportRequest): Promise<void> => {
      if (running.current) return;
      const controller = new AbortController();
      running.current = controller;
      setPending(true);
      void notify.open({ key, type: 'loading', content: t('generating'), duration: 0 });
      try {
        const dto = await makeExport(request, controller.signal);
        saveBlob(await downloadExport(dto.id, controller.signal), dto.file_name);
        void notify.open({ key, type: 'success', content: t('saved', { name: dto.file_name }) });
      } catch (err) {
        if (controller.signal.aborted) return;
        notify.destroy(key);
        if (err instanceof ExportFailedError) {
          notification.error({ message: t('failed'), description: failureText(err.code) });
        } else {
          void notify.error(err instanceof ExportTimeoutError ? t('timed_out') : errorMessage(err));
        }
      } finally {
        if (running.current === controller) {
          running.current = null;
          setPending(false);
        }
      }
    },
    [t, notify, notification, errorMessage, failureText, key],
  );

  return { start, pending };
}
