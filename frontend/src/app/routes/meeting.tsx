import { useParams } from 'react-router';
import { StatusPage } from '@/components/ui/status-page';
import { MeetingPage } from '@/features/meetings/components/meeting-page';

export function MeetingRoute() {
  const { meetingId } = useParams();
  if (!meetingId) return <StatusPage status={404} />;
  return <MeetingPage key={meetingId} meetingId={meetingId} />;
}
