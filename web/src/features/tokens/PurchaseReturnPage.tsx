import { PageHeader } from '../../components/ui/Page';

export function PurchaseReturnPage() {
  return <PageHeader title="PurchaseReturnPage" />;
}
