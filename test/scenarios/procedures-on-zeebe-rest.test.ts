/** The app on the Zeebe adapter (`zeebe-app.ts`): every procedure of the catalogue not in another part. */
import { proceduresOnZeebe } from './zeebe-app.ts';

proceduresOnZeebe('rest');
