/** A reason Ermine cannot start that the operator can fix: its message is the one line shown. */
export class StartupError extends Error {
  override name = 'StartupError';
}

/** What a file-system error code means, in words. */
export function describeFsError(err: unknown): string {
  const code = (err as NodeJS.ErrnoException | null)?.code;
  switch (code) {
    case 'EROFS':
      return 'the file system is read-only';
    case 'EACCES':
    case 'EPERM':
      return `permission denied for this user (uid ${process.getuid?.() ?? '?'})`;
    case 'ENOTDIR':
    case 'EEXIST':
      return 'a part of the path is a file, not a folder';
    case 'ENOENT':
      return 'a part of the path does not exist';
    case 'ENOSPC':
      return 'the disk is full';
    default:
      return err instanceof Error ? err.message : String(err);
  }
}
