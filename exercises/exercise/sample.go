package exercise

import (
	"fmt"
	"regexp"
	"strings"

	"simpblkdev/blockdev/blkdevtest"
)

// SampleRun is what the student's go test -tags exercise ./exercises/NAME
// prints when the checks fail as failures say (Check's error unwrapped),
// as go test prints it less what changes from run to run or with the
// build: each test's time, the file:line (blkdevtest.go:NNN:) before each
// message, and the lines of an oops between its first and its "Go panic:"
// line, whose addresses and offsets are the build's (blockdev's oops.go),
// shown as one "…". Lines lose their trailing blanks, which an editor
// would strip from the README that shows them. Each README shows its
// skeleton's run in its "checker" golden block; Prove keeps it true.
func SampleRun(name string, failures []*blkdevtest.Failure) string {
	if len(failures) == 0 {
		return fmt.Sprintf("ok  \tsimpblkdev/exercises/%s\n", name)
	}
	var b strings.Builder
	b.WriteString("--- FAIL: TestExercise\n")
	for _, f := range failures {
		// go test names a subtest as t.Run's name with its blanks made _.
		fmt.Fprintf(&b, "    --- FAIL: TestExercise/%s\n", strings.ReplaceAll(f.Check, " ", "_"))
		elided := false
		for i, line := range strings.Split(f.Error(), "\n") {
			if oopsMiddle.MatchString(line) {
				if !elided {
					b.WriteString("            …\n")
				}
				elided = true
				continue
			}
			elided = false
			indent := "        "
			if i > 0 {
				indent += "    " // t.Error indents a message's later lines
			}
			b.WriteString(strings.TrimRight(indent+line, " \t") + "\n")
		}
	}
	fmt.Fprintf(&b, "FAIL\nFAIL\tsimpblkdev/exercises/%s\nFAIL\n", name)
	return b.String()
}

// oopsMiddle matches the lines of an oops (blockdev's die()) from " printing
// eip:" to the call trace: after the first line, which says what went
// wrong, and before "Go panic:", which says where in the source.
var oopsMiddle = regexp.MustCompile(`^( printing eip:|[0-9a-f]{8}$|\*pde = |(Oops|divide error|invalid opcode): [0-9a-f]{4} \[#|SMP *$|Modules linked in:|CPU: |EIP: |EFLAGS: |EIP is at |Call Trace:| \[<[0-9a-f]{8}>\] )`)
