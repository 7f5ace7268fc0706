// Tests of fileError and onFile: file system errors named by their file, the action, and a reason users can read.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { FileError, fileError, onFile } from './file-error';

const errno = (code: string): NodeJS.ErrnoException =>
  Object.assign(new Error(`${code}: raw message, open '/x'`), { code });

describe('fileError', () => {
  it.each([
    ['EACCES', 'permission denied'],
    ['EIO', 'input/output error (a failing disk or network file system?)'],
    ['ENOSPC', 'no space left on the device'],
    ['EROFS', 'the file system is read-only'],
  ])('words %s for users, naming the action and the file', (code, reason) => {
    const error = fileError(errno(code), 'append to', '/runs/x/train.log');
    expect(error).toBeInstanceOf(FileError);
    expect(error.message).toBe(`Cannot append to /runs/x/train.log: ${reason} (${code})`);
    expect(error.code).toBe(code);
  });

  it("keeps the system's message for a code it does not know, and an error already worded", () => {
    expect(fileError(errno('EWEIRD'), 'read', '/a').message).toBe(
      "Cannot read /a: EWEIRD: raw message, open '/x' (EWEIRD)",
    );
    const worded = fileError(errno('EIO'), 'read', '/a');
    expect(fileError(worded, 'write', '/b')).toBe(worded);
  });

  it('rewords the error of a real call in onFile, and returns its value otherwise', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'int2int-file-error-'));
    try {
      expect(onFile('read', dir, () => 42)).toBe(42);
      expect(() => onFile('write the checkpoint', dir, () => fs.writeFileSync(dir, 'x'))).toThrow(
        `Cannot write the checkpoint ${dir}: it is a folder (EISDIR)`,
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
