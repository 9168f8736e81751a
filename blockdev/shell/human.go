package shell

import (
	"fmt"
	"math"
)

// humanCeil formats a byte count as gnulib's human_readable does for df -h
// (human_autoscale | human_base_1024 | human_ceiling): the largest power of
// 1024 that keeps the number at least 1, one decimal below 10, rounded up,
// and a one-letter unit ("16M", "1.5M", "812K").
func humanCeil(n uint64) string {
	const units = "KMGTPEZY"
	if n < 1024 {
		return fmt.Sprint(n)
	}
	e, d := 0, uint64(1024)
	for n/d >= 1024 && e < len(units)-1 {
		e, d = e+1, d*1024
	}
	if n/d < 10 {
		if t := ceilDiv(n*10, d); t < 100 {
			return fmt.Sprintf("%d.%d%c", t/10, t%10, units[e])
		}
	}
	i := ceilDiv(n, d)
	if i >= 1024 && e < len(units)-1 {
		return fmt.Sprintf("1.0%c", units[e+1])
	}
	return fmt.Sprintf("%d%c", i, units[e])
}

func ceilDiv(a, b uint64) uint64 { return (a + b - 1) / b }

// humanSI formats an amount of bytes as dd's statistics do
// (human_autoscale | human_round_to_nearest | human_space_before_unit |
// human_SI | human_B): powers of 1000, one decimal below 10, "512 B",
// "1.0 kB", "17 MB".
func humanSI(v float64) string {
	const units = "kMGTPEZY"
	if math.Round(v) < 1000 {
		return fmt.Sprintf("%d B", int64(math.Round(v)))
	}
	v, e := v/1000, 0
	for v >= 1000 && e < len(units)-1 {
		v, e = v/1000, e+1
	}
	if t := math.Round(v * 10); t < 100 {
		return fmt.Sprintf("%d.%d %cB", int64(t)/10, int64(t)%10, units[e])
	}
	i := math.Round(v)
	if i >= 1000 && e < len(units)-1 {
		return fmt.Sprintf("1.0 %cB", units[e+1])
	}
	return fmt.Sprintf("%d %cB", int64(i), units[e])
}
