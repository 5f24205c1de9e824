import { noteRoutes } from '@/lib/http/record-note-routes';

export const { GET, POST } = noteRoutes('batch');
