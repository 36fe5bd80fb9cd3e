import { messageIssues } from './issues.js';
import { MMS_MAX_IMAGE_BYTES, MMS_MAX_IMAGES, type MessageError, type MessageType } from './types.js';

export interface MessageImage {
  name: string;
  sizeBytes: number;
  mime?: string | null;
}

/** An image with its QTmsg slot (`file_name1..3`). */
export interface SlottedImage extends MessageImage {
  slot: number;
}

const JPG_NAME = /\.jpe?g$/i;
const JPG_MIME = /^image\/(jpeg|jpg|pjpeg)$/i;

/** JPG by file name, and by MIME type when one is given (both must agree). */
export function isJpgImage(image: MessageImage): boolean {
  const mime = image.mime?.trim();
  return JPG_NAME.test(image.name.trim()) && (!mime || JPG_MIME.test(mime));
}

/**
 * MMS: 1–3 JPG images ≤ 300 KB, filled in slot order (an MMS without a file is agent error 9007).
 * SMS/LMS carry no images (the agent would silently drop them for LMS).
 */
export function checkImages(type: MessageType, images: readonly MessageImage[], errors: MessageError[]): SlottedImage[] {
  const slotted = images.map((image, i) => ({ ...image, slot: i + 1 }));
  if (type !== 'MMS') {
    if (images.length > 0) errors.push(messageIssues.imagesNotAllowed(type));
    return [];
  }
  if (images.length === 0) errors.push(messageIssues.mmsImageRequired());
  if (images.length > MMS_MAX_IMAGES) errors.push(messageIssues.mmsTooManyImages(images.length, MMS_MAX_IMAGES));
  for (const image of slotted) {
    if (!isJpgImage(image)) errors.push(messageIssues.mmsImageType(image.slot, image.name));
    if (image.sizeBytes > MMS_MAX_IMAGE_BYTES) {
      errors.push(messageIssues.mmsImageTooLarge(image.slot, image.name, image.sizeBytes, MMS_MAX_IMAGE_BYTES));
    }
  }
  return slotted;
}
