package blockdev

// LINUX_VERSION_CODE models <linux/version.h> of the kernel a module is
// built against: the tutorial's box, 2.6.18-53.el5 (UtsRelease). A driver
// that must build on kernels before and after an API change compares it with
// KERNEL_VERSION, as chapter 3 does around bio_endio. In C the comparison
// picks the code the preprocessor keeps; in Go both branches compile, so the
// kernel offers both forms of such a call, and the constant picks the one
// that runs.
const LINUX_VERSION_CODE = 2<<16 | 6<<8 | 18

// KERNEL_VERSION models the macro KERNEL_VERSION(a, b, c) of
// <linux/version.h>: (a << 16) + (b << 8) + c.
func KERNEL_VERSION(a, b, c int) int { return a<<16 + b<<8 + c }
