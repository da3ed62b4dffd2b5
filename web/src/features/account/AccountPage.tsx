import { PageHeader } from '../../components/ui/Page';

export function AccountPage() {
  return <PageHeader title="AccountPage" />;
}
