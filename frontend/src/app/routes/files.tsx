import { FilesPage } from '@/features/files/components/files-page';

export function FilesRoute() {
  return <FilesPage />;
}
