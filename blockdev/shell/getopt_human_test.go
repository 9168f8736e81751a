package shell

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestHuman(t *testing.T) {
	for _, tt := range []struct {
		v    float64
		want string
	}{
		{0, "0 B"}, {1, "1 B"}, {512, "512 B"}, {999.4, "999 B"}, {999.6, "1.0 kB"},
		{1000, "1.0 kB"}, {1480, "1.5 kB"}, {12133, "12 kB"}, {16777216, "17 MB"},
		{4.2e6, "4.2 MB"}, {9.96e6, "10 MB"}, {999.7e6, "1.0 GB"},
	} {
		if got := humanSI(tt.v); got != tt.want {
			t.Errorf("humanSI(%v) = %q, want %q", tt.v, got, tt.want)
		}
	}
	for _, tt := range []struct {
		n    uint64
		want string
	}{
		{0, "0"}, {1023, "1023"}, {1024, "1.0K"}, {1440 << 10, "1.5M"}, {15863 << 10, "16M"},
		{13604 << 10, "14M"}, {10 << 20, "10M"}, {(10 << 20) - 1, "10M"}, {1048575 << 10, "1.0G"},
	} {
		if got := humanCeil(tt.n); got != tt.want {
			t.Errorf("humanCeil(%d) = %q, want %q", tt.n, got, tt.want)
		}
	}
}

func TestGetopt(t *testing.T) {
	for _, tt := range []struct {
		args     []string
		opts     []opt
		operands []string
		err      string
	}{
		{[]string{"-vn512", "/dev/x"}, []opt{{c: 'v'}, {c: 'n', arg: "512"}}, []string{"/dev/x"}, ""},
		{[]string{"/dev/x", "-Cn", "64"}, []opt{{c: 'C'}, {c: 'n', arg: "64"}}, []string{"/dev/x"}, ""},
		{[]string{"-rf", "--", "-v"}, []opt{{c: 'r'}, {c: 'f'}}, []string{"-v"}, ""},
		{[]string{"-", "x"}, nil, []string{"-", "x"}, ""},
		{[]string{"-z"}, nil, nil, "invalid option -- z"},
		{[]string{"-n"}, nil, nil, "option requires an argument -- n"},
		{[]string{"--color"}, nil, nil, "unrecognized option `--color'"},
	} {
		opts, operands, err := getopt(tt.args, "vn:Crf")
		if tt.err != "" {
			if err == nil || err.Error() != tt.err {
				t.Errorf("getopt(%q) error %v, want %q", tt.args, err, tt.err)
			}
			continue
		}
		if err != nil || !cmp.Equal(opts, tt.opts, cmp.AllowUnexported(opt{})) || !cmp.Equal(operands, tt.operands) {
			t.Errorf("getopt(%q) = %v, %q, %v", tt.args, opts, operands, err)
		}
	}
}
