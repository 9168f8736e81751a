// Package errno is the simulator's one table of error numbers: the values of
// include/asm-generic/errno-base.h and errno.h (Linux 2.6, i386 and x86_64
// agree), each with its name ("EIO") and the text glibc 2.5's strerror(3)
// gives it ("Input/output error"), which is what the tools of the tutorial's
// RHEL5 box print.
//
// The rule for signs is the kernel's:
//
//   - Inside the kernel (package blockdev, its memory manager mm, and the
//     drivers) an error is a negative Errno, as C returns it: return
//     -ENOMEM. A function that succeeds returns 0.
//   - User space sees a positive Errno, as errno(3) holds it. The kernel
//     converts once, where user space enters it: blockdev/syscalls.go, whose
//     functions model the system calls (open, pread, pwrite, fsync, ioctl,
//     mknod, unlink, init_module, delete_module, ...). They return nil or a
//     positive Errno as an error.
//   - The file system layer (blockdev/fs) works on a device opened through
//     those entry points, as a user-space file system tool does (mkfs,
//     mtools, a FUSE daemon), so its API is user-facing too: its errors are
//     positive Errnos, each wrapped in an *io/fs.PathError.
//   - The shell (blockdev/shell) is user space: it gets positive Errnos from
//     the entry points and from fs, and converts the host's errors (files
//     under /host) with Of.
//
// Error prints the text of |e|, so -EIO and EIO both read "Input/output
// error" in a log line or a message. errors.Is agrees with ==: -EIO is not
// EIO, so a sign converted twice or never shows up as a failed comparison,
// not as a silently right answer. A positive Errno also matches the io/fs
// sentinels the way syscall.Errno does (ENOENT is fs.ErrNotExist).
package errno
