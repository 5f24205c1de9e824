import { methodsNotAllowed } from '@/lib/http/method-not-allowed';
import { noteRoutes } from '@/lib/http/record-note-routes';

export const { GET, POST } = noteRoutes('team');

export const { PUT, PATCH, DELETE } = methodsNotAllowed(['GET', 'POST']);
