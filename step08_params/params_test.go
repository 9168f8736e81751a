package step08params

import (
	"math/big"
	"strings"
	"testing"

	"simpblkdev/blockdev"
	"simpblkdev/blockdev/ktest"
	"simpblkdev/blockdev/shell"
)

// modelGetparam is a reference model of the chapter's getparam, written
// from the C without the kernel's Sscanf: sscanf("%llu%c%c") skips white
// space, needs a digit, takes the digits (mod 2^64, as simple_strtoull
// wraps), then one character for each %c while the input lasts; getparam
// wants exactly 2 conversions, a non-zero number and a known unit, shifts
// (mod 2^64 too) and rounds up to 512.
func modelGetparam(s string) (uint64, blockdev.Errno) {
	// Byte by byte: strings.TrimLeft reads its cutset as UTF-8, so "\xa0"
	// there would also trim any byte that is not UTF-8.
	for len(s) > 0 && strings.IndexByte(" \t\n\v\f\r\xa0", s[0]) >= 0 {
		s = s[1:]
	}
	i := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	if i == 0 || len(s)-i != 1 { // no number; or 1 or 3 conversions
		return 0, -blockdev.EINVAL
	}
	n, _ := new(big.Int).SetString(s[:i], 10)
	mod := new(big.Int).Lsh(big.NewInt(1), 64)
	n.Mod(n, mod)
	if n.Sign() == 0 {
		return 0, -blockdev.EINVAL
	}
	shift := map[byte]uint{'g': 30, 'G': 30, 'm': 20, 'M': 20, 'k': 10, 'K': 10, 'b': 0, 'B': 0}
	sh, ok := shift[s[i]]
	if !ok {
		return 0, -blockdev.EINVAL
	}
	n.Lsh(n, sh).Mod(n, mod)
	n.Add(n, big.NewInt(511)).Mod(n, mod)
	return n.Uint64() &^ 511, 0
}

// FuzzGetparam checks getparam against modelGetparam on any text the size
// parameter can hold.
func FuzzGetparam(f *testing.F) {
	for _, s := range []string{"16M", "20M", "20480k", "1G", "512b", "513B", "", "0", "16", "16MB", "-1", "1x",
		"99999999999999999999G", "2T", " 4K", "4 K", "17179869184G", "18446744073709551615b", "0x10M", "\xa07m", "\xe11B"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d := &simpBlkdev{simpBlkdevParamSize: s}
		ret := d.getparam()
		want, wantRet := modelGetparam(s)
		if ret != wantRet || (ret == 0 && d.simpBlkdevBytes != want) {
			t.Errorf("getparam(%q) = %v, %d bytes; the model says %v, %d", s, ret, d.simpBlkdevBytes, wantRet, want)
		}
	})
}

// TestBadSizes: the "Bad input" sizes fail insmod with the chapter's
// error (EINVAL from getparam; ENOMEM from alloc_diskmem for a size the
// machine cannot back) and leave every page, vmalloc byte and radix tree
// node free; the module loads afterwards.
func TestBadSizes(t *testing.T) {
	tests := []struct {
		size string
		err  error
	}{
		{"", blockdev.EINVAL},
		{"0", blockdev.EINVAL},
		{"16", blockdev.EINVAL},
		{"16MB", blockdev.EINVAL},
		{"-1", blockdev.EINVAL},
		{"1x", blockdev.EINVAL},
		{"2T", blockdev.EINVAL},                    // no T in the switch
		{"99999999999999999999G", blockdev.ENOMEM}, // wraps twice, to 16 EiB or so
		{"2G", blockdev.ENOMEM},                    // more than the machine's 1 GiB
		{"1048576K", blockdev.ENOMEM},              // the machine's whole RAM
	}
	k, err := blockdev.Boot(blockdev.Config{Seed: 1, Pristine: true})
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range tests {
		free, vm := k.Mem.NrFreePages(), k.Mem.VmallocUsed()
		if _, err := k.InitModule(Module, "size="+tt.size); err != tt.err {
			t.Errorf("insmod size=%s = %v, want %v", tt.size, err, tt.err)
		}
		if got := k.Mem.NrFreePages(); got != free {
			t.Errorf("size=%s: %d free pages after the failed insmod, %d before", tt.size, got, free)
		}
		if got := k.Mem.VmallocUsed(); got != vm {
			t.Errorf("size=%s: vmalloc used %d, %d before", tt.size, got, vm)
		}
		if n := k.RadixTreeNodes(); n != 0 {
			t.Errorf("size=%s: %d radix tree nodes left", tt.size, n)
		}
	}
	ktest.Insmod(t, k, Module, "size=1M")
}

// TestSameDisk: size=20M and size=20480k give the same disk, 40960 sectors
// of 1280 cylinders at 1 head and 32 sectors; a size that is no multiple of
// 512 is rounded up.
func TestSameDisk(t *testing.T) {
	for _, tt := range []struct {
		size  string
		bytes uint64
	}{{"20M", 20 << 20}, {"20480k", 20 << 20}, {"20971520b", 20 << 20}, {"1000B", 1024}} {
		k := ktest.Boot(t, 1)
		ktest.Insmod(t, k, Module, "size="+tt.size)
		b := ktest.Open(t, k, "simp_blkdev")
		var n uint64
		var geo blockdev.HdGeometry
		b.Ioctl(blockdev.BLKGETSIZE64, &n)
		b.Ioctl(blockdev.HDIO_GETGEO, &geo)
		if n != tt.bytes {
			t.Errorf("size=%s: %d bytes, want %d", tt.size, n, tt.bytes)
		}
		if tt.bytes == 20<<20 && (geo.Heads != 1 || geo.Sectors != 32 || n>>9/32 != 1280) {
			t.Errorf("size=%s: geometry %+v, want 1 head, 32 sectors, 1280 cylinders", tt.size, geo)
		}
	}
}

// TestParameterReadOnly: /sys/module/simp_blkdev/parameters/size shows
// the text insmod was given, mode 0444 (S_IRUGO), has no store method, and
// the shell's write to it is refused with a permission error (sysfs's open
// refuses FMODE_WRITE on a file without S_IWUGO, root or not).
func TestParameterReadOnly(t *testing.T) {
	k := ktest.Boot(t, 1)
	ktest.Insmod(t, k, Module, "size=20480k")
	n, err := k.Lstat("/sys/module/simp_blkdev/parameters/size")
	if err != nil {
		t.Fatal(err)
	}
	if got, _ := n.Show(); got != "20480k\n" {
		t.Errorf("parameters/size reads %q", got)
	}
	if n.Mode.Perm() != 0o444 {
		t.Errorf("parameters/size has mode %v, want -r--r--r--", n.Mode)
	}
	if n.Store != nil {
		t.Error("parameters/size has a store method: a read-only parameter accepts writes")
	}
	var out strings.Builder
	sh := shell.New(k, shell.Options{Module: Module, Step: 8, Stdout: &out})
	defer sh.Close()
	if status := sh.Exec("echo 32M > /sys/module/simp_blkdev/parameters/size"); status == 0 {
		t.Error("echo 32M > parameters/size succeeded")
	}
	if want := "Permission denied"; !strings.Contains(out.String(), want) {
		t.Errorf("echo 32M > parameters/size printed %q, want %q", out.String(), want)
	}
	if got, _ := n.Show(); got != "20480k\n" {
		t.Errorf("parameters/size reads %q after the refused write", got)
	}
}

// TestShiftWrapKept: the chapter's getparam checks for zero before the
// shift, which has no overflow check, so 2^34 G wraps to a disk of 0 bytes
// that loads (docs/ch08-params.md, exercise 2).
func TestShiftWrapKept(t *testing.T) {
	k := ktest.Boot(t, 1)
	ktest.Insmod(t, k, Module, "size=17179869184G")
	b := ktest.Open(t, k, "simp_blkdev")
	var n uint64
	b.Ioctl(blockdev.BLKGETSIZE64, &n)
	if n != 0 {
		t.Errorf("size=17179869184G gives %d bytes, want the 0 of the wrapped shift", n)
	}
}
