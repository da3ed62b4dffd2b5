import { PageHeader } from '../../components/ui/Page';

export function NotificationsPage() {
  return <PageHeader title="NotificationsPage" />;
}
