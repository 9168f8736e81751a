package ktest

import "fmt"

// A checker says what the first wrong byte is counted in, and where on
// the disk it is; a step test is content with its place in the buffer.
func ExampleDiffBytesAt() {
	want := Pattern(4096, 21)
	got := make([]byte, 4096)
	copy(got, want[:1000])
	fmt.Println(DiffBytesAt(want, got, "the bio", 200<<9))
	fmt.Println(DiffBytesIn(want, got, "the page"))
	fmt.Println(DiffBytes(want, got))
	fmt.Printf("%q\n", DiffBytesAt(want, want, "the bio", 200<<9))
	fmt.Println(DiffBytesAt(want, got[:512], "the bio", 200<<9))
	// Output:
	// first difference at byte 1000 of the bio (the disk's sector 201): got 0x00, want 0xe4
	// first difference at byte 1000 of the page: got 0x00, want 0xe4
	// first difference at byte 1000 (sector 1): got 0x00, want 0xe4
	// ""
	// length 512, want 4096
}
