/** One clear line for a failed read or write, never a stack trace. */

const REASONS: Record<string, string> = {
  ENOENT: "no such file or directory",
  EACCES: "permission denied",
  EPERM: "operation not permitted",
  EROFS: "read-only file system",
  EISDIR: "is a directory",
  ENOTDIR: "a part of the path is not a directory",
  ENOSPC: "no space left on device",
  EDQUOT: "disk quota exceeded",
  EMFILE: "too many open files",
  ELOOP: "too many symbolic links",
  ENAMETOOLONG: "name too long",
  EBUSY: "resource busy",
  EIO: "input/output error",
};

/** "permission denied" for EACCES; the first line of the message for anything else. */
export function ioReason(e: unknown): string {
  const code = (e as NodeJS.ErrnoException)?.code;
  if (code && REASONS[code]) return REASONS[code];
  const message = e instanceof Error ? e.message : String(e);
  return message.split("\n")[0];
}

/** The one line for a failed operation: `cannot write compose.yaml: permission denied`. */
export function ioError(verb: "read" | "write" | "search", path: string, e: unknown): string {
  return `cannot ${verb} ${path}: ${ioReason(e)}`;
}
