package blockdev

// The I/O schedulers register from this one init, in the order the kernel
// links them (block/Makefile: noop, anticipatory, deadline, cfq), because
// that order is what /sys/block/<disk>/queue/scheduler prints. Go would run
// one init per file in file-name order (as, cfq, deadline, noop), which is
// not the kernel's, so no scheduler file registers itself.
func init() {
	ElvRegister(&ElevatorType{Name: "noop", Init: func(q *RequestQueue) (ElevatorOps, error) {
		return &noopData{q: q}, nil
	}})
	ElvRegister(&ElevatorType{Name: "anticipatory", Init: newAS})
	ElvRegister(&ElevatorType{Name: "deadline", Init: newDeadline})
	ElvRegister(&ElevatorType{Name: "cfq", Init: newCFQ})
}
