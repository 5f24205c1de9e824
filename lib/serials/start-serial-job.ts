/**
 * Serial jobs run on the job engine (lib/serials/serial-generation-job.ts). Kept for the tests that wait for the
 * jobs a request queued: where no engine runs (a test process) they run in the process right after the response.
 */
export { drainEnqueuedJobs as drainSerialJobs } from '@/lib/jobs/enqueue';
