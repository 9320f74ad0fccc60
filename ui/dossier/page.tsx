/** Placeholder: this area's page is being built. */
import { usePageTitle } from '../shared/page.ts';

export default function Page() {
  usePageTitle('dossier');
  return <div class="page"><h1>dossier</h1></div>;
}
