import { PageHeader } from '../../components/ui/Page';

export function VerifyPage() {
  return <PageHeader title="VerifyPage" />;
}
