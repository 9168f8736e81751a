package check_test

import (
	"bytes"
	"strings"
	"testing"

	"simpblkdev/blksim"
	skeleton "simpblkdev/exercises/ch01-questions"
	"simpblkdev/exercises/ch01-questions/solution"
)

// TestChapterSession: the exercise's command (cmd/main.go, blksim.Main of
// the student's driver) replays chapter 1's session as the chapter's own
// driver prints it once the four question marks are answered, and shows
// the unified diff while they are not.
func TestChapterSession(t *testing.T) {
	const session = "../../../step01_array/testdata/ch01-array.txt"
	for _, tt := range []struct {
		name   string
		driver blksim.Driver
		status int
	}{
		{"the answer", blksim.Driver{Step: 1, Module: solution.Module}, 0},
		{"the skeleton", blksim.Driver{Step: 1, Module: skeleton.Module}, 1},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			status := blksim.Run(tt.driver, []string{"check", session}, strings.NewReader(""), &stdout, &stderr)
			if status != tt.status {
				t.Fatalf("check %s exited %d, want %d\nstdout:\n%s\nstderr:\n%s", session, status, tt.status, stdout.String(), stderr.String())
			}
			if tt.status == 1 && !strings.Contains(stdout.String(), "\n+++ ") {
				t.Errorf("check on the skeleton printed no unified diff:\n%s", stdout.String())
			}
		})
	}
}
