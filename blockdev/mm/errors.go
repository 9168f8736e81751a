package mm

import "errors"

// Errors the simulated memory returns. Each wraps a detailed message; test
// them with errors.Is.
var (
	// ErrNoMem models -ENOMEM (include/asm-generic/errno-base.h): no pages,
	// no vmalloc space, or an injected failure.
	ErrNoMem = errors.New("cannot allocate memory")

	// ErrInvalid models -EINVAL: a nil page, an order outside 0..MAX_ORDER-1,
	// an offset outside a page, a page of another machine.
	ErrInvalid = errors.New("invalid argument")

	// ErrBadPageState models the kernel's bad_page() report
	// (mm/page_alloc.c, 2.6.27): freeing a page that is not allocated, or
	// with another order than it was allocated with. Nothing is changed.
	ErrBadPageState = errors.New("bad page state")

	// ErrStaleKmapWrite reports a write through a mapping after kunmap(): the
	// slot lost its poison.
	ErrStaleKmapWrite = errors.New("BUG: write to unmapped HighMem page")

	// ErrBadVfree models the "Trying to vfree() nonexistent vm area" warning
	// (mm/vmalloc.c, 2.6.27): nil or already freed area.
	ErrBadVfree = errors.New("vfree: nonexistent vm area")
)
