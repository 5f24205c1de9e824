import { methodsNotAllowed } from '@/lib/http/method-not-allowed';
import { noteVersionsRoute } from '@/lib/http/record-note-routes';

export const GET = noteVersionsRoute;

export const { POST, PUT, PATCH, DELETE } = methodsNotAllowed(['GET']);
