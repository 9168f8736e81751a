package check

import (
	"fmt"

	"simpblkdev/blockdev"
	"simpblkdev/blockdev/fault"
)

// checkErrorLabels makes blk_init_queue fail, then alloc_disk: each time
// insmod must fail with ENOMEM, without an oops, and leave no request
// queue behind. The first failure has nothing to undo; the second must
// give back the queue. An oops is the kernel's own message, which the kit
// adds to the failure.
func checkErrorLabels(module *blockdev.ModuleInfo) error {
	k, err := blockdev.Boot(blockdev.Config{Seed: 1})
	if err != nil {
		return err
	}
	k.Fault.FailNth(fault.Queue, 1)
	_, err = k.InitModule(module, "")
	k.Fault.FailNth(fault.Queue, 0)
	if k.Oopses() > 0 {
		return fmt.Errorf("with blk_init_queue failing, insmod oopsed: goto err_init_queue reached blk_cleanup_queue with the NULL blk_init_queue returned. Nothing is set up at that goto, so err_init_queue is the last label, below err_alloc_disk's blk_cleanup_queue (TODO 1)")
	}
	if err != blockdev.ENOMEM {
		return fmt.Errorf("with blk_init_queue failing, insmod = %v, want ENOMEM (TODO 1)", err)
	}
	k.Fault.FailNth(fault.Disk, 1)
	_, err = k.InitModule(module, "")
	k.Fault.FailNth(fault.Disk, 0)
	if k.Oopses() > 0 {
		return fmt.Errorf("with alloc_disk failing, insmod oopsed (TODO 1)")
	}
	if err != blockdev.ENOMEM {
		return fmt.Errorf("with alloc_disk failing, insmod = %v, want ENOMEM (TODO 1)", err)
	}
	if n := k.QueuesAllocated(); n != 0 {
		return fmt.Errorf("with alloc_disk failing, insmod left the request queue blk_init_queue made (%d queue(s) never cleaned up): goto err_alloc_disk must blk_cleanup_queue it, then fall through to err_init_queue (TODO 1)", n)
	}
	return nil
}
