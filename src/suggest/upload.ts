import { createRequire } from 'node:module';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import multer from 'multer';
import { HttpError } from '../web/errors';

// The text of an uploaded .txt, .docx or .pdf, read in memory (10 MB at most) and never stored.

export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;
export const MAX_TEXT_CHARS = 200_000;

const upload = multer({
  storage: multer.memoryStorage(),
  limits: { fileSize: MAX_UPLOAD_BYTES, files: 1, fields: 20, fieldSize: 3 * 1024 * 1024, parts: 22 },
}).single('file');

/**
 * Parses the paste form when it comes as multipart, before the CSRF check reads its token. Only
 * for a signed-in user, so an anonymous request never has a file read into memory.
 */
export const suggestUpload: RequestHandler = (req: Request, res: Response, next: NextFunction) => {
  if (req.method !== 'POST' || req.path !== '/commitments/suggest' || !req.user || !req.is('multipart/form-data'))
    return next();
  upload(req, res, (err: unknown) => {
    if (!err) return next();
    if (err instanceof multer.MulterError) {
      return next(
        err.code === 'LIMIT_FILE_SIZE'
          ? new HttpError(413, 'The file is larger than 10 MB. Nothing was saved; paste the part that matters instead.')
          : new HttpError(422, 'The upload could not be read: send one .txt, .docx or .pdf file with the form.'),
      );
    }
    next(new HttpError(400, 'The upload could not be read. Nothing was saved.'));
  });
};

export class UnreadableFileError extends Error {}

/** A control character other than tab and line breaks, or a NUL: not a text to read. */
// eslint-disable-next-line no-control-regex -- finding control characters is this pattern's purpose
export const looksBinary = (text: string) => /[\u0000-\u0008\u000b\u000e-\u001f\ufffe\uffff]/.test(text);

export async function textOfFile(file: Express.Multer.File): Promise<string> {
  const name = file.originalname.toLowerCase();
  const buffer = file.buffer;
  if (name.endsWith('.txt')) {
    try {
      return new TextDecoder('utf-8', { fatal: true }).decode(buffer).replace(/^\ufeff/, '');
    } catch {
      throw new UnreadableFileError('The file is not UTF-8 text. Save it as UTF-8, or paste the text instead.');
    }
  }
  if (name.endsWith('.docx')) {
    if (buffer.subarray(0, 2).toString('latin1') !== 'PK')
      throw new UnreadableFileError('This is not a Word (.docx) file. Paste the text instead.');
    try {
      return (await mammoth().extractRawText({ buffer })).value;
    } catch {
      throw new UnreadableFileError('This Word file could not be read. Paste the text instead.');
    }
  }
  if (name.endsWith('.pdf')) {
    if (buffer.subarray(0, 5).toString('latin1') !== '%PDF-')
      throw new UnreadableFileError('This is not a PDF file. Paste the text instead.');
    let text: string;
    let parser: InstanceType<PdfReader> | undefined;
    const reader = await pdfReader();
    try {
      parser = new reader({ data: new Uint8Array(buffer) });
      text = (await parser.getText()).text;
    } catch {
      throw new UnreadableFileError('This PDF could not be read. Paste the text instead.');
    } finally {
      await parser?.destroy().catch(() => undefined);
    }
    // pdf-parse marks page breaks with "-- 1 of 3 --" lines; a scan has nothing else.
    const words = text.replace(/^\s*--\s*\d+\s+of\s+\d+\s*--\s*$/gm, '').trim();
    if (!words) throw new UnreadableFileError('This PDF has no text; paste it instead.');
    return words;
  }
  throw new UnreadableFileError('Upload a .txt, .docx or .pdf file, or paste the text.');
}

type PdfReader = (typeof import('pdf-parse'))['PDFParse'];
const loadLazily = createRequire(__filename);
let loadedPdfReader: Promise<PdfReader> | undefined;
/** mammoth (some 5 MB resident) is loaded on the first Word file, not at start-up by every process. */
const mammoth = () => loadLazily('mammoth') as typeof import('mammoth');

/**
 * pdf-parse is loaded on the first PDF, not at start-up: it needs its optional native canvas
 * package, which an install without optional dependencies (the production path) leaves out, and
 * without which the whole app failed to start. There, a PDF is answered with a clear 422.
 */
function pdfReader(): Promise<PdfReader> {
  const loading = (loadedPdfReader ??= Promise.resolve().then(
    () => (loadLazily('pdf-parse') as typeof import('pdf-parse')).PDFParse,
  ));
  return loading.catch(() => {
    loadedPdfReader = undefined;
    throw new UnreadableFileError('PDF files cannot be read on this server; paste the text instead.');
  });
}
