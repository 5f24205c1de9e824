'use client';

export { ApiError, api } from '@/components/api-client';
