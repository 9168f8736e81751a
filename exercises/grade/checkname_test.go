package main

import (
	"strings"
	"testing"
)

// TestCheckName: a failed check is named as the exercise names it, the
// underscores of its own kept, though go test's subtest name has spaces
// written as underscores too.
func TestCheckName(t *testing.T) {
	tests := []struct {
		test   string
		output []string
		want   string
	}{
		{"TestExercise/unknown_bio_rw_fails", []string{
			"=== RUN   TestExercise/unknown_bio_rw_fails\n",
			"    blkdevtest.go:115: unknown bio_rw fails: a bio with bio_rw 3 left no line in the log\n",
		}, "unknown bio_rw fails"},
		{"TestExercise/round_trips", []string{"    blkdevtest.go:115: round trips: O_DIRECT read: got 0x00\n"}, "round trips"},
		{"TestExercise/odd_check", []string{"nothing that names it\n"}, "odd check"},
	}
	for _, tt := range tests {
		guess := strings.ReplaceAll(strings.TrimPrefix(tt.test, "TestExercise/"), "_", " ")
		if got := checkName(tt.test, guess, tt.output); got != tt.want {
			t.Errorf("checkName(%q) = %q, want %q", tt.test, got, tt.want)
		}
	}
}
