import { methodsNotAllowed } from '@/lib/http/method-not-allowed';
import { attachmentRoutes } from '@/lib/http/record-note-routes';

export const { GET, POST } = attachmentRoutes('team');

export const { PUT, PATCH, DELETE } = methodsNotAllowed(['GET', 'POST']);
