import { attachmentRoutes } from '@/lib/http/record-note-routes';

export const { GET, POST } = attachmentRoutes('inspection');
