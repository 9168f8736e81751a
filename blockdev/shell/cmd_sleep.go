package shell

import (
	"math"
	"strconv"
	"strings"

	"simpblkdev/blockdev"
)

func init() {
	commands["sleep"] = command{run: sleepCmd, synopsis: "sleep NUMBER[SUFFIX]...  let virtual time pass (s, m, h, d)"}
}

// sleepCmd models coreutils 5.97's sleep: the sum of its arguments, each a
// decimal number with an optional unit s, m, h or d, passes on the
// machine's virtual clock, and the kernel's timers (the unplug timer,
// pdflush's wb_timer) run as they fall due. No wall-clock time passes.
func sleepCmd(p *proc) int {
	if len(p.args) == 0 {
		p.errorf("missing operand")
		p.tryHelp()
		return 1
	}
	var seconds float64
	for _, a := range p.args {
		s, ok := sleepInterval(a)
		if !ok {
			p.errorf("invalid time interval `%s'", a)
			p.tryHelp()
			return 1
		}
		seconds += s
	}
	p.s.k.Sleep(uint64(math.Ceil(seconds * blockdev.HZ)))
	return 0
}

// sleepInterval models sleep.c's xstrtod and apply_suffix: a non-negative
// decimal number, then at most one unit letter. Unlike coreutils it refuses
// more than a week, which would only spend the host's time running timers.
func sleepInterval(a string) (float64, bool) {
	mult := 1.0
	if n := len(a); n > 0 {
		switch a[n-1] {
		case 's':
			a = a[:n-1]
		case 'm':
			a, mult = a[:n-1], 60
		case 'h':
			a, mult = a[:n-1], 60*60
		case 'd':
			a, mult = a[:n-1], 24*60*60
		}
	}
	if a == "" || strings.ContainsAny(a, "xXpPnN_") || strings.HasPrefix(a, "+") {
		return 0, false
	}
	v, err := strconv.ParseFloat(a, 64)
	// A virtual week is plenty; longer only costs timer runs.
	if err != nil || v < 0 || v*mult > 7*24*60*60 {
		return 0, false
	}
	return v * mult, true
}
