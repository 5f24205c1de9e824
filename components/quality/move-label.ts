/** The button's word for each move of the lifecycle: lib/quality/labels.ts holds it for server and console. */
export { moveLabel } from '@/lib/quality/labels';
