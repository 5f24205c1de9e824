// Auth.js endpoints: CSRF token, credentials and OAuth callbacks, session, sign-out (configured in /auth.ts).
import { handlers } from '@/auth';

export const { GET, POST } = handlers;
