// Package check is the checker of the exercise ch09-gfpzero.
package check

import (
	"bytes"
	"fmt"

	"simpblkdev/blockdev"
	"simpblkdev/blockdev/blkdevtest"
	"simpblkdev/blockdev/ktest"
	"simpblkdev/exercises/exercise"
)

// Exercise is ch09-gfpzero's checker: chapter 9's checks (its "zeroed"
// among them), and a disk loaded after another user's reads as zeros.
var Exercise = exercise.Exercise{Name: "ch09-gfpzero", Chapter: 9,
	Checks: []blkdevtest.Test{{Name: "the last user's data", Run: checkLastUser}}}

// checkLastUser is the chapter's story on one machine: user A fills the
// disk and unloads it, user B loads it again and reads. B's segments are
// A's, back from the free lists, so without __GFP_ZERO B reads A's bytes.
func checkLastUser(module *blockdev.ModuleInfo) error {
	k, err := blockdev.Boot(blockdev.Config{Seed: 1})
	if err != nil {
		return err
	}
	const size = 16 << 20
	secret := ktest.Pattern(size, 9)
	for i := range secret {
		secret[i] |= 1 // no zero byte, so that any byte A left shows
	}
	if err := withDisk(k, module, func(b *blockdev.BlockDevice) error {
		_, err := b.WriteDirect(secret, 0)
		return err
	}); err != nil {
		return fmt.Errorf("user A: %v", err)
	}
	return withDisk(k, module, func(b *blockdev.BlockDevice) error {
		got := make([]byte, size)
		if _, err := b.ReadDirect(got, 0); err != nil {
			return err
		}
		if i := bytes.IndexFunc(got, func(r rune) bool { return r != 0 }); i >= 0 {
			return fmt.Errorf("after user A filled the disk and unloaded it, the disk loaded again holds %#02x at byte %d, want zeros: alloc_diskmem must ask for zeroed segments (TODO 1)", got[i], i)
		}
		return nil
	})
}

// withDisk loads module, runs f on its open disk, closes it and unloads.
func withDisk(k *blockdev.Kernel, module *blockdev.ModuleInfo, f func(*blockdev.BlockDevice) error) error {
	if err := exercise.Insmod(k, module); err != nil {
		return err
	}
	b, err := exercise.OpenDisk(k)
	if err != nil {
		return err
	}
	if err := f(b); err != nil {
		b.Close()
		return err
	}
	b.Close()
	return exercise.Rmmod(k)
}
