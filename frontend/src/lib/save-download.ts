import { unwrap } from '@/lib/api/api-error';
import { dispositionName, saveBlob } from '@/lib/save-file';

/** An API client answer read as a Blob (`parseAs: 'blob'`). */
export type Blobbed = { data?: Blob; error?: unknown; response: Response };

/**
 * Saves a download under the name its `Content-Disposition` gives (the server's name, Chinese
 * included), else `fallback`; an error answer throws as the API's error.
 */
export function saveDownload(result: Blobbed, fallback: string): void {
  saveBlob(unwrap(result), dispositionName(result.response.headers.get('Content-Disposition'), fallback));
}
