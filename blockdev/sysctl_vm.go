package blockdev

import (
	"fmt"
	"strconv"
	"sync"
)

// USER_HZ is the tick that clock_t values in /proc are counted in
// (include/asm-i386/param.h).
const USER_HZ = 100

// vmTunables holds the write-back tunables of /proc/sys/vm with 2.6.18's
// defaults (mm/page-writeback.c): intervals in jiffies, ratios in percent.
// Each is a C int.
type vmTunables struct {
	mu                     sync.Mutex
	dirtyBackgroundRatio   int32
	dirtyRatio             int32
	dirtyWritebackInterval int32
	dirtyExpireInterval    int32
	laptopMode             int32
}

// setDefaults gives the tunables the values a 2.6.18 kernel boots with.
func (t *vmTunables) setDefaults() {
	t.dirtyBackgroundRatio = 10
	t.dirtyRatio = 40
	t.dirtyWritebackInterval = 5 * HZ
	t.dirtyExpireInterval = 30 * HZ
}

func (t *vmTunables) get(v *int32) int32 {
	t.mu.Lock()
	defer t.mu.Unlock()
	return *v
}

// intConv is one of the conv callbacks of do_proc_dointvec (kernel/sysctl.c,
// 2.6.18): write turns a parsed value into what the int holds (ok false
// refuses it), read turns the int back into the number shown.
type intConv struct {
	write func(neg bool, v uint64) (int32, bool)
	read  func(v int32) int64
}

// procDointvec is proc_dointvec's plain conversion.
var procDointvec = intConv{
	write: func(neg bool, v uint64) (int32, bool) {
		if neg {
			return -int32(uint32(v)), true
		}
		return int32(uint32(v)), true
	},
	read: func(v int32) int64 { return int64(v) },
}

// procDointvecMinmax is proc_dointvec_minmax with extra1 and extra2.
func procDointvecMinmax(lo, hi int32) intConv {
	return intConv{
		write: func(neg bool, v uint64) (int32, bool) {
			x, _ := procDointvec.write(neg, v)
			return x, x >= lo && x <= hi
		},
		read: procDointvec.read,
	}
}

// procDointvecJiffies is proc_dointvec_jiffies: seconds in, jiffies stored.
var procDointvecJiffies = intConv{
	write: func(neg bool, v uint64) (int32, bool) {
		if v > (1<<31-1)/HZ { // LONG_MAX / HZ on i386
			return 0, false
		}
		x := int32(uint32(v) * HZ)
		if neg {
			x = -x
		}
		return x, true
	},
	read: func(v int32) int64 {
		if v < 0 {
			return -int64(uint32(-v) / HZ)
		}
		return int64(v) / HZ
	},
}

// procDointvecUserhzJiffies is proc_dointvec_userhz_jiffies: 1/USER_HZ
// seconds (centiseconds) in, jiffies stored, with clock_t_to_jiffies() and
// jiffies_to_clock_t() of HZ=250 (not a multiple of USER_HZ) on 32-bit
// unsigned longs, so a negative value wraps as it did.
var procDointvecUserhzJiffies = intConv{
	write: func(neg bool, v uint64) (int32, bool) {
		if v > (1<<31-1)/HZ*USER_HZ {
			return 0, false
		}
		x := uint32(v)
		if neg {
			x = -x
		}
		return int32(uint32(uint64(x) * HZ / USER_HZ)), true
	},
	read: func(v int32) int64 {
		if v < 0 {
			return -int64(uint64(uint32(-v)) * USER_HZ / HZ)
		}
		return int64(v) * USER_HZ / HZ
	},
}

// doProcDointvec models __do_proc_dointvec() (kernel/sysctl.c, 2.6.18) for
// one int. A write skips white space, takes an optional '-' and a number as
// simple_strtoul(p, &p, 0) reads it (0x hex, 0 octal), which must end in
// white space or the end; if that first number is missing or malformed, or
// conv refuses it, the write fails with -EINVAL and nothing changes. What
// follows a good first number is ignored.
func doProcDointvec(s string, conv intConv) (int32, Errno) {
	i := 0
	for i < len(s) && kernelIsSpace(s[i]) {
		i++
	}
	if i == len(s) {
		return 0, -EINVAL
	}
	neg := false
	if s[i] == '-' && len(s)-i > 1 {
		neg = true
		i++
	}
	if s[i] < '0' || s[i] > '9' {
		return 0, -EINVAL
	}
	v, n := simpleStrtoul(s[i:])
	if end := i + n; end < len(s) && s[end] != 0 && !kernelIsSpace(s[end]) {
		return 0, -EINVAL
	}
	x, ok := conv.write(neg, v)
	if !ok {
		return 0, -EINVAL
	}
	return x, 0
}

// simpleStrtoul models simple_strtoul(s, &end, 0) (lib/vsprintf.c): the
// value and how many bytes it took. The value wraps at 32 bits, as an i386
// unsigned long does.
func simpleStrtoul(s string) (uint64, int) {
	base, i := uint32(10), 0
	if len(s) > 0 && s[0] == '0' {
		base, i = 8, 1
		if len(s) > 2 && (s[1] == 'x' || s[1] == 'X') && isHexDigit(s[2]) {
			base, i = 16, 2
		}
	}
	var v uint32
	for ; i < len(s); i++ {
		d, err := strconv.ParseUint(s[i:i+1], 16, 8)
		if err != nil || uint32(d) >= base {
			break
		}
		v = v*base + uint32(d)
	}
	return uint64(v), i
}

func isHexDigit(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
}

// sysctlInt is one int of /proc/sys: its file, the int and its conversion,
// and what changing it does besides (a proc_handler that does more).
type sysctlInt struct {
	name    string
	v       *int32
	conv    intConv
	handler func(k *Kernel, s string) error // nil: proc_dointvec with conv
}

// vmSysctls lists the write-back part of vm_table (kernel/sysctl.c, 2.6.18).
func (k *Kernel) vmSysctls() []sysctlInt {
	t := &k.vm
	return []sysctlInt{
		{name: "dirty_background_ratio", v: &t.dirtyBackgroundRatio, conv: procDointvecMinmax(0, 100)},
		{name: "dirty_expire_centisecs", v: &t.dirtyExpireInterval, conv: procDointvecUserhzJiffies},
		{name: "dirty_ratio", v: &t.dirtyRatio, conv: procDointvecMinmax(0, 100)},
		{name: "dirty_writeback_centisecs", v: &t.dirtyWritebackInterval, conv: procDointvecUserhzJiffies, handler: (*Kernel).dirtyWritebackCentisecsHandler},
		{name: "laptop_mode", v: &t.laptopMode, conv: procDointvecJiffies},
	}
}

// store is the write side of the sysctl's proc_handler.
func (c sysctlInt) store(k *Kernel, s string) error {
	if c.handler != nil {
		return c.handler(k, s)
	}
	x, err := doProcDointvec(s, c.conv)
	if err != 0 {
		return err
	}
	k.vm.mu.Lock()
	*c.v = x
	k.vm.mu.Unlock()
	return nil
}

// dirtyWritebackCentisecsHandler models dirty_writeback_centisecs_handler()
// (mm/page-writeback.c, 2.6.18): it ignores what proc_dointvec_userhz_jiffies
// returns, so a bad value is no error (and changes nothing), and either way
// wb_timer is re-armed one interval from now, or stopped by 0.
func (k *Kernel) dirtyWritebackCentisecsHandler(s string) error {
	t := &k.vm
	if x, err := doProcDointvec(s, procDointvecUserhzJiffies); err == 0 {
		t.mu.Lock()
		t.dirtyWritebackInterval = x
		t.mu.Unlock()
	}
	if iv := t.get(&t.dirtyWritebackInterval); iv != 0 {
		ModTimer(k.pdflush.wbTimer, k.Jiffies()+jiffiesOf(iv))
	} else {
		DelTimer(k.pdflush.wbTimer)
	}
	return nil
}

// procSysChildren models /proc/sys as far as the simulator has it: vm/ with
// the write-back tunables, each file mode 0644 and read as "%d\n".
func (k *Kernel) procSysChildren() []*KNode {
	return []*KNode{dirNode("vm", func() []*KNode {
		var ns []*KNode
		for _, c := range k.vmSysctls() {
			ns = append(ns, rwFile(c.name,
				func() string { return fmt.Sprintf("%d\n", c.conv.read(k.vm.get(c.v))) },
				func(s string) error { return c.store(k, s) }))
		}
		return ns
	})}
}
