/** Attachments on batches and inspections are attachments on any record now: lib/records/attachments.ts. */
export {
  addAttachment,
  attachmentTooLarge,
  attachmentView,
  contentDisposition,
  getAttachment,
  listAttachments,
} from '@/lib/records/attachments';
