import { methodsNotAllowed } from '@/lib/http/method-not-allowed';
import { noteRoutes } from '@/lib/http/record-note-routes';

export const { GET, POST } = noteRoutes('site');

export const { PUT, PATCH, DELETE } = methodsNotAllowed(['GET', 'POST']);
