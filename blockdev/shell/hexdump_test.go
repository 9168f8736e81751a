package shell

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// hexdumpData is bytes with repeated lines (for "*"), a line that repeats
// only in part, text and binary, and a length that ends mid-line.
func hexdumpData() []byte {
	var b []byte
	b = append(b, make([]byte, 48)...)
	b = append(b, "The quick brown fox jumps over the lazy dog.\n\t\r"...)
	for i := 0; i < 300; i++ {
		b = append(b, byte(i*7+i/13))
	}
	b = append(b, make([]byte, 40)...)
	b = append(b, 0xff, 0x00, 0x7f, 0x80, 'x')
	return b
}

var hexdumpCases = [][]string{
	{},
	{"-v"},
	{"-C"},
	{"-C", "-v"},
	{"-n", "512"},
	{"-vn512"},
	{"-Cn", "64"},
	{"-n", "3"},
	{"-s", "3", "-n", "40"},
	{"-C", "-s", "0x10", "-n", "100"},
	{"-s", "1k"},
	{"-s", "5000"},
	{"-n", "0"},
	{"-x"},
	{"-d", "-n", "37"},
	{"-o"},
	{"-b", "-n", "33"},
	{"-C", "-x", "-n", "20"},
}

// TestHexdumpLikeReal compares our hexdump with the host's (util-linux) on
// the same bytes, read from /host and from the block device.
func TestHexdumpLikeReal(t *testing.T) {
	real, err := exec.LookPath("hexdump")
	if err != nil {
		t.Skip("no hexdump on this host")
	}
	host := t.TempDir()
	data := hexdumpData()
	for name, content := range map[string][]byte{"data": data, "empty": nil, "zeros": make([]byte, 24), "text": []byte("abc\tdef\n\x00\x01ghi")} {
		if err := os.WriteFile(filepath.Join(host, name), content, 0644); err != nil {
			t.Fatal(err)
		}
	}
	s, out := newShell(t, host)
	mustRun(t, s, out, "insmod simp_blkdev.ko")
	mustRun(t, s, out, "dd if=/host/data of=/dev/simp_blkdev 2>/dev/null")
	check := func(args []string, file, simFile string, limit int) {
		t.Helper()
		want, err := exec.Command(real, append(args, filepath.Join(host, file))...).Output()
		if err != nil {
			t.Fatalf("%s %v: %v", real, args, err)
		}
		cmd := "hexdump " + strings.Join(append(args, simFile), " ")
		got := mustRun(t, s, out, cmd)
		if limit > 0 {
			// The device is longer than the file: compare the file's part,
			// up to the line with the file's end address.
			got = got[:min(len(got), limit)]
			want = want[:min(len(want), limit)]
		}
		if got != string(want) {
			t.Errorf("%s:\n%s\nreal hexdump %v:\n%s", cmd, got, args, want)
		}
	}
	for _, args := range hexdumpCases {
		check(args, "data", "/host/data", 0)
		check(args, "empty", "/host/empty", 0)
		check(args, "zeros", "/host/zeros", 0)
	}
	check([]string{"-c"}, "text", "/host/text", 0)
	// Through the page cache of the device: the same bytes at the start.
	dataLines := len(data) / 16 * 16
	for _, args := range [][]string{{"-vn", "400"}, {"-Cvn", "400"}} {
		want, _ := exec.Command(real, append(args, filepath.Join(host, "data"))...).Output()
		check(args, "data", "/dev/simp_blkdev", min(len(want), dataLines))
	}
}

func TestHexdumpErrors(t *testing.T) {
	s, out := newShell(t, "")
	for _, tt := range []struct {
		cmd, want string
		status    int
	}{
		{"hexdump /nothere", "hexdump: /nothere: No such file or directory\n", 1},
		{"hexdump -z /etc/passwd", "hexdump: invalid option -- z\nusage: hexdump [-bcCdovx] [-e fmt] [-f fmt_file] [-n length] [-s skip] [file ...]\n", 1},
		{"hexdump -n", "hexdump: option requires an argument -- n\nusage: hexdump [-bcCdovx] [-e fmt] [-f fmt_file] [-n length] [-s skip] [file ...]\n", 1},
		{"hexdump -n -5 /etc/passwd", "hexdump: -5: bad length value\n", 1},
		{"hexdump /etc", "hexdump: /etc: Is a directory\n", 1},
		// atoi: "51200000a0" is 51200000, as in the tutorial's typo.
		{"echo -n ab | hexdump -vn51200000a0", "0000000 6261                                   \n0000002\n", 0},
	} {
		got, status := run(t, s, out, tt.cmd)
		if got != tt.want || status != tt.status {
			t.Errorf("%s: status %d, output\n%q\nwant status %d, output\n%q", tt.cmd, status, got, tt.status, tt.want)
		}
	}
}
