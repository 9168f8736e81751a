package exercise

import (
	"errors"
	"fmt"

	"simpblkdev/blockdev/blkdevtest"
)

// oops is an oops as blockdev prints it; the addresses and offsets are the
// build's.
const oops = `BUG: unable to handle kernel NULL pointer dereference at virtual address 00000000
 printing eip:
c046b55f
*pde = 00000000
Oops: 0000 [#1]
SMP 
Modules linked in: simp_blkdev
CPU:    0
EIP:    0060:[<c046b55f>]    Tainted: P      VLI
EFLAGS: 00010246   (2.6.18-53.el5 #1) 
EIP is at BlkdevGet+0x5f/0x520
Call Trace:
 [<c046b55f>] BlkdevGet+0x5f/0x520
 [<c048747a>] OpenDev+0x7a/0x140
Go panic: runtime error: invalid memory address or nil pointer dereference (block_dev.go:82)`

// A README's sample run is go test's output less the times, the kit's
// file:line and an oops's addresses; a message's later lines are indented
// further, as t.Error indents them.
func ExampleSampleRun() {
	fmt.Print(SampleRun("ch00-demo", []*blkdevtest.Failure{
		{Check: "round trips", Err: errors.New("open /dev/simp_blkdev: killed by signal 11 (Segmentation fault)\noops in BlkdevGet:\n" + oops)},
		{Check: "question marks", Err: errors.New("TODO 1/1: the major is 0")},
	}))
	fmt.Print(SampleRun("ch00-demo", nil))
	// Output:
	// --- FAIL: TestExercise
	//     --- FAIL: TestExercise/round_trips
	//         round trips: open /dev/simp_blkdev: killed by signal 11 (Segmentation fault)
	//             oops in BlkdevGet:
	//             BUG: unable to handle kernel NULL pointer dereference at virtual address 00000000
	//             …
	//             Go panic: runtime error: invalid memory address or nil pointer dereference (block_dev.go:82)
	//     --- FAIL: TestExercise/question_marks
	//         question marks: TODO 1/1: the major is 0
	// FAIL
	// FAIL	simpblkdev/exercises/ch00-demo
	// FAIL
	// ok  	simpblkdev/exercises/ch00-demo
}
