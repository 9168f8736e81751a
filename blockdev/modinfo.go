package blockdev

import (
	"crypto/md5"
	"fmt"
	"strings"
)

// Srcversion is the .modinfo srcversion string that modpost adds to every
// module of a kernel built with CONFIG_MODULE_SRCVERSION_ALL, as RHEL5's
// is (scripts/mod/sumversion.c): 23 hex digits of a digest of the module's
// sources. The simulator has no C sources, so it digests what the module
// declares: each chapter's simp_blkdev.ko gets its own, the same on every run.
func (info *ModuleInfo) Srcversion() string {
	sum := md5.Sum([]byte(strings.Join(append(append([]string{info.Name, info.License, info.Author, info.Description,
		fmt.Sprint(info.CoreSize)}, info.Imports...), info.Symbols...), "\x00")))
	return strings.ToUpper(fmt.Sprintf("%x", sum))[:23]
}
