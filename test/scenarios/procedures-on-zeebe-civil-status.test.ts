/** The app on the Zeebe adapter (`zeebe-app.ts`): the civil-status procedures. */
import { proceduresOnZeebe } from './zeebe-app.ts';

proceduresOnZeebe('civil-status');
