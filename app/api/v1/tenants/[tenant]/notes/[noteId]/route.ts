import { methodsNotAllowed } from '@/lib/http/method-not-allowed';
import { editNoteRoute } from '@/lib/http/record-note-routes';

export const PATCH = editNoteRoute;

export const { GET, POST, PUT, DELETE } = methodsNotAllowed(['PATCH']);
