import { PageHeader } from '../../components/ui/Page';

export function NewStylePage() {
  return <PageHeader title="NewStylePage" />;
}
