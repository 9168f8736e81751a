package blkdevtest

import (
	"bytes"
	"fmt"

	"simpblkdev/blockdev"
)

// checkZeroed (chapter 9): a fresh disk reads as zeros from end to end,
// whatever its pages held before (__GFP_ZERO), on the default machine,
// whose earlier work left stale bytes in the pages a driver gets first.
func checkZeroed(module *blockdev.ModuleInfo, ch *chapter) error {
	_, b, closeDev, err := loadOpen(1, module)
	if err != nil {
		return err
	}
	defer closeDev()
	buf, zeros := make([]byte, 1<<20), make([]byte, 1<<20)
	for off := int64(0); off < ch.diskBytes; off += int64(len(buf)) {
		if _, err := b.ReadDirect(buf, off); err != nil {
			return fmt.Errorf("O_DIRECT read at %d: %v", off, err)
		}
		if !bytes.Equal(buf, zeros) {
			i := 0
			for buf[i] == 0 {
				i++
			}
			return fmt.Errorf("the fresh disk holds a non-zero byte at %d: the pages were not cleared", off+int64(i))
		}
	}
	return nil
}
