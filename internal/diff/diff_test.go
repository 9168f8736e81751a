package diff

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	_ "simpblkdev/internal/golden" // accepts go test ./... -update
)

func TestUnified(t *testing.T) {
	tests := []struct {
		name, a, b, want string
	}{
		{"equal", "x\ny\n", "x\ny\n", ""},
		{"one line changed", "# cat s\nnoop [cfq] \n# rmmod\n", "# cat s\n[noop] cfq \n# rmmod\n",
			"--- a\n+++ b\n@@ -1,3 +1,3 @@\n # cat s\n-noop [cfq] \n+[noop] cfq \n # rmmod\n"},
		{"line added at end", "a\n", "a\nb\n", "--- a\n+++ b\n@@ -1 +1,2 @@\n a\n+b\n"},
		{"two far hunks", "1\n2\n3\n4\n5\n6\n7\n", "1\nX\n3\n4\n5\nY\n7\n",
			"--- a\n+++ b\n@@ -1,3 +1,3 @@\n 1\n-2\n+X\n 3\n@@ -5,3 +5,3 @@\n 5\n-6\n+Y\n 7\n"},
		{"repeated line added", "x\n", "x\nx\n", "--- a\n+++ b\n@@ -1 +1,2 @@\n x\n+x\n"},
		{"beyond the table", "a\n" + strings.Repeat("1\n", 3000), "a\n" + strings.Repeat("2\n", 3000),
			"--- a\n+++ b\n@@ -1,3001 +1,3001 @@\n a\n" + strings.Repeat("-1\n", 3000) + strings.Repeat("+2\n", 3000)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if d := cmp.Diff(tt.want, Unified("a", "b", tt.a, tt.b)); d != "" {
				t.Errorf("Unified (-want +got):\n%s", d)
			}
		})
	}
}
