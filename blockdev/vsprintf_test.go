package blockdev

import "testing"

// TestSscanf: the kernel's vsscanf, as chapter 8's getparam calls it and
// around it: the loop ends with the input, %c takes white space, an integer
// conversion skips it and needs a digit, and the number wraps mod 2^64.
func TestSscanf(t *testing.T) {
	tests := []struct {
		in, format string
		num        int
		n          uint64
		c1, c2     byte
	}{
		{"16M", "%llu%c%c", 2, 16, 'M', 0},
		{"16", "%llu%c%c", 1, 16, 0, 0},
		{"16MB", "%llu%c%c", 3, 16, 'M', 'B'},
		{"", "%llu%c%c", 0, 0, 0, 0},
		{"-1", "%llu%c%c", 0, 0, 0, 0},
		{" 20480k", "%llu%c%c", 2, 20480, 'k', 0},
		{"20 M", "%llu%c%c", 3, 20, ' ', 'M'},
		{"99999999999999999999G", "%llu%c%c", 2, 7766279631452241919, 'G', 0},
		{"x1", "%llu%c%c", 0, 0, 0, 0},
		{"7 %", "%llu %%", 1, 7, 0, 0},
		{"4294967297", "%u", 1, 1, 0, 0},
	}
	for _, tt := range tests {
		var n uint64
		var c1, c2 byte
		var num int
		if tt.format == "%u" {
			var u uint32
			num = Sscanf(tt.in, tt.format, &u)
			n = uint64(u)
		} else {
			num = Sscanf(tt.in, tt.format, &n, &c1, &c2)
		}
		if num != tt.num || n != tt.n || c1 != tt.c1 || c2 != tt.c2 {
			t.Errorf("Sscanf(%q, %q) = %d (%d %q %q), want %d (%d %q %q)", tt.in, tt.format, num, n, c1, c2, tt.num, tt.n, tt.c1, tt.c2)
		}
	}
	var d int32
	if num := Sscanf("-12", "%d", &d); num != 1 || d != -12 {
		t.Errorf("Sscanf(-12, %%d) = %d, %d", num, d)
	}
}
