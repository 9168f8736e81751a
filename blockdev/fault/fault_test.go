package fault

import (
	"testing"

	_ "simpblkdev/internal/golden" // accepts go test ./... -update
)

// TestFailNth: only the armed kind's nth call fails, once; counting starts
// again at each FailNth; a nil injector never fails.
func TestFailNth(t *testing.T) {
	var in Injector
	in.FailNth(Page, 3)
	var got []bool
	for i := 0; i < 5; i++ {
		got = append(got, in.ShouldFail(Page))
		if in.ShouldFail(Disk) {
			t.Fatal("an unarmed kind failed")
		}
	}
	want := []bool{false, false, true, false, false}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("calls = %v, want %v", got, want)
		}
	}
	if n := in.Calls(Page); n != 5 {
		t.Errorf("Calls(Page) = %d, want 5", n)
	}
	in.FailNth(Page, 1)
	if !in.ShouldFail(Page) || in.Calls(Page) != 1 {
		t.Error("FailNth does not restart the count")
	}
	in.FailNth(Disk, 0)
	in.Reset()
	if in.Calls(Page) != 0 {
		t.Error("Reset keeps counts")
	}
	var none *Injector
	if none.ShouldFail(Page) {
		t.Error("a nil injector failed")
	}
}
