// Package iosched holds the I/O schedulers of Linux 2.6.27 (block/
// noop-iosched.c, as-iosched.c, deadline-iosched.c, cfq-iosched.c), written
// against the scheduler interface of package blockdev (ElevatorOps,
// ElevatorType, ElvRegister and the elv_* helpers), the same interface a
// scheduler written as an exercise uses.
//
// Importing the package registers them. Drivers never import it: the
// programs that build a machine do (cmd/blksim, the shell, ktest), as a
// kernel is built with its schedulers; blockdev.Boot warns when a program
// linked none.
package iosched

import "simpblkdev/blockdev"

// The schedulers register from this one init, in the order the kernel links
// them (block/Makefile: noop, anticipatory, deadline, cfq), because that
// order is what /sys/block/<disk>/queue/scheduler prints. Go would run one
// init per file in file-name order (as, cfq, deadline, noop), which is not
// the kernel's, so no scheduler file registers itself.
func init() {
	blockdev.ElvRegister(&blockdev.ElevatorType{Name: "noop", Init: newNoop})
	blockdev.ElvRegister(&blockdev.ElevatorType{Name: "anticipatory", Init: newAS})
	blockdev.ElvRegister(&blockdev.ElevatorType{Name: "deadline", Init: newDeadline})
	blockdev.ElvRegister(&blockdev.ElevatorType{Name: "cfq", Init: newCFQ})
}
