// Types of the part of fs-native-extensions (open file description locks, prebuilt for each platform) int2int uses.
declare module 'fs-native-extensions' {
  /** Takes an exclusive (or shared) lock on the open file; false when another open file holds it. */
  export function tryLock(fd: number, options?: { shared?: boolean }): boolean;
  export function unlock(fd: number): void;
}
