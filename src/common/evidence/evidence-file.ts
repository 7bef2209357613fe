import { createHash } from 'node:crypto';
import { EvidenceUpload } from './evidence-upload';
import { StoredEvidence } from './stored-evidence.entity';

/** A stored evidence file as the download answers it. */
export interface EvidenceFile {
  fileName: string;
  contentType: string;
  content: Buffer;
}

/** The columns of an uploaded file as it is stored: its bytes, their size and SHA-256, and who uploaded it. */
export function storedEvidenceColumns(
  upload: EvidenceUpload,
  uploadedBy: string,
): Pick<StoredEvidence, 'fileName' | 'contentType' | 'sizeBytes' | 'sha256' | 'content' | 'uploadedBy'> {
  return {
    fileName: upload.fileName,
    contentType: upload.contentType,
    sizeBytes: upload.data.length,
    sha256: createHash('sha256').update(upload.data).digest('hex'),
    content: upload.data,
    uploadedBy,
  };
}

/** The download of a stored file read with its content. */
export function evidenceFile(evidence: StoredEvidence): EvidenceFile {
  return { fileName: evidence.fileName, contentType: evidence.contentType, content: evidence.content };
}
