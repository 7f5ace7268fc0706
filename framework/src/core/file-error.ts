// Errors of file system calls, reworded for users: which file, what int2int was doing, and why it failed.

const REASONS: Readonly<Record<string, string>> = {
  ENOSPC: 'no space left on the device',
  EDQUOT: 'the disk quota is exceeded',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'the file system is read-only',
  EIO: 'input/output error (a failing disk or network file system?)',
  ENOENT: 'no such file or folder',
  ENOTDIR: 'a part of the path is not a folder',
  EISDIR: 'it is a folder',
  EMFILE: 'too many open files',
  EFBIG: 'the file is too large',
};

/** A failed read or write; the message names the file and the action. */
export class FileError extends Error {
  constructor(
    message: string,
    readonly code: string | undefined,
  ) {
    super(message);
  }
}

/** `Cannot write the checkpoint /x/checkpoint.ckpt: no space left on the device (ENOSPC)`. */
export function fileError(error: unknown, action: string, file: string): FileError {
  if (error instanceof FileError) return error;
  const code = (error as NodeJS.ErrnoException).code;
  const reason = (code && REASONS[code]) ?? (error as Error).message;
  return new FileError(`Cannot ${action} ${file}: ${reason}${code ? ` (${code})` : ''}`, code);
}

/** Runs a file system call, rewording its error with fileError. */
export function onFile<T>(action: string, file: string, call: () => T): T {
  try {
    return call();
  } catch (error) {
    throw fileError(error, action, file);
  }
}
