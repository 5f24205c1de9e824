import { attachmentRoutes } from '@/lib/quality/note-routes';

export const { GET, POST } = attachmentRoutes('inspection');
