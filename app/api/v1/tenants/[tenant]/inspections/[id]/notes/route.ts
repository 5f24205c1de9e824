import { noteRoutes } from '@/lib/quality/note-routes';

export const { GET, POST } = noteRoutes('inspection');
