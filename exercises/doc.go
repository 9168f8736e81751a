// Package exercises holds the classroom exercises: in each directory
// chNN-name a skeleton of chapter NN's driver with numbered TODOs for the
// student, the reference answer, and a checker.
//
// An exercise's directory:
//
//	simp_blkdev.go      the skeleton (package chNNname): the chapter's driver
//	                    with "// TODO n/m: …" … "// END TODO n" regions to fill;
//	                    it compiles, and its checker fails on it
//	check_test.go       //go:build exercise: the student's check,
//	                    go test -tags exercise ./exercises/chNN-name
//	cmd/main.go         the driver in the simulator: go run ./exercises/chNN-name/cmd
//	                    opens the root prompt with the student's simp_blkdev.ko
//	check/check.go      the checker: an exercise.Exercise, the chapter's driver
//	                    checks (blockdev/blkdevtest) less those the task changes,
//	                    plus the exercise's own, which boot, insmod, open and
//	                    rmmod with exercise.Load, LoadOpen, Insmod, OpenDisk, Rmmod
//	check/check_test.go proves the checker: it fails on the skeleton in the
//	                    checks it names and passes on solution/ (exercise.Prove)
//	solution/           the reference answer: the skeleton with every TODO
//	                    filled, equal to it outside the TODO regions
//	README.md           the task, hints, what the checker checks, and the
//	                    skeleton's run in a "checker" golden block (Prove
//	                    keeps it, and a README.zh-CN.md's, true)
//
// The build tag keeps the students' checks out of go test ./..., which
// stays green with every skeleton unsolved; the proofs run there instead.
// docs/exercises.md is the teachers' guide.
package exercises
