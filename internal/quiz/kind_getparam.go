package quiz

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"

	"simpblkdev/blockdev"
)

// sizeString is one size= of a getparam problem and what it exercises.
type sizeString struct {
	text, point string
}

// genSizeStrings draws four size= strings: a size in k or m, one in bytes
// that is no whole number of sectors, one that getparam refuses, and one
// more of either sort, the unit's shift wrapping around 2^64 included.
func genSizeStrings(r *rand.Rand) []sizeString {
	units := "kKmM"
	u := units[r.IntN(len(units))]
	n := 1 + r.IntN(32)
	if u == 'k' || u == 'K' {
		n = 4 * (1 + r.IntN(8192))
	}
	refused := []func() sizeString{
		func() sizeString {
			return sizeString{fmt.Sprint(1 + r.IntN(64)), "%llu%c%c must match twice: a number and a unit"}
		},
		func() sizeString {
			return sizeString{fmt.Sprintf("%dMB", 1+r.IntN(64)), "%llu%c%c matching three times is as bad as once"}
		},
		func() sizeString {
			return sizeString{fmt.Sprintf("%dT", 1+r.IntN(4)), "the prose promises T, but the switch has no case for it"}
		},
		func() sizeString {
			return sizeString{"0" + string(units[r.IntN(len(units))]), "zero is refused before the shift"}
		},
		func() sizeString {
			return sizeString{"M" + fmt.Sprint(1+r.IntN(64)), "%llu needs a digit first"}
		},
	}
	pick := r.IntN(len(refused))
	more := append(slices.Delete(slices.Clone(refused), pick, pick+1),
		func() sizeString {
			return sizeString{"18014398509481985k", "2^54+1 shifted left by 10 wraps around 2^64: no overflow check"}
		},
		func() sizeString {
			return sizeString{"17592186044417m", "2^44+1 shifted left by 20 wraps around 2^64: no overflow check"}
		},
	)
	return []sizeString{
		{fmt.Sprintf("%d%c", n, u), "a number and one unit, shifted"},
		{fmt.Sprintf("%db", 513+r.IntN(65536)), "b is bytes; the size is rounded up to whole sectors"},
		refused[pick](),
		more[r.IntN(len(more))](),
	}
}

func makeGetparam(step int, seed int64) (*Quiz, error) {
	strs := genSizeStrings(newRand(seed, "getparam"))
	b, err := newBox(blockdev.Config{Seed: 1}, step)
	if err != nil {
		return nil, err
	}
	defer b.close()
	q := &Quiz{
		Title: "module parameters: what getparam makes of size=",
		Givens: []string{
			fmt.Sprintf("Chapter %d's simp_blkdev takes its size as a string (module_param_named", step),
			"size, charp) and parses it in getparam:",
			"",
			"  if (sscanf(simp_blkdev_param_size, \"%llu%c%c\", &simp_blkdev_bytes,",
			"          &unit, &tailc) != 2)",
			"          return -EINVAL;",
			"  if (!simp_blkdev_bytes)",
			"          return -EINVAL;",
			"  switch (unit) {",
			"  case 'g': case 'G': simp_blkdev_bytes <<= 30; break;",
			"  case 'm': case 'M': simp_blkdev_bytes <<= 20; break;",
			"  case 'k': case 'K': simp_blkdev_bytes <<= 10; break;",
			"  case 'b': case 'B': break;",
			"  default: return -EINVAL;",
			"  }",
			"  simp_blkdev_bytes = (simp_blkdev_bytes + (1<<9) - 1) & ~((1ULL<<9) - 1);",
			"",
			"Each line below is run on its own: insmod, then, if it loaded,",
			"cat /sys/block/simp_blkdev/size and rmmod simp_blkdev.",
		},
	}
	for _, s := range strs {
		insmod := "insmod simp_blkdev.ko size=" + s.text
		msg, status := b.run(insmod)
		var ans string
		if status == 0 {
			sectors, _ := b.run("cat /sys/block/simp_blkdev/size")
			sectors = strings.TrimSpace(sectors)
			var n uint64
			fmt.Sscan(sectors, &n)
			ans = fmt.Sprintf("0: simp_blkdev_bytes = %d, a disk of %s sectors", n*512, sectors)
			if out, st := b.run("rmmod simp_blkdev"); st != 0 {
				return nil, fmt.Errorf("rmmod: %s", strings.TrimSpace(out))
			}
		} else {
			ans = strings.TrimSpace(msg)
			switch {
			case strings.Contains(msg, "Invalid parameters"):
				ans = "-EINVAL (" + ans + ")"
			case strings.Contains(msg, "Cannot allocate memory"):
				ans = "0, but alloc_diskmem fails with -ENOMEM (" + ans + ")"
			}
		}
		q.Questions = append(q.Questions, Question{
			Ask:    "# " + insmod,
			Blanks: []Blank{{"getparam returns", ans}},
			Why:    s.point,
		})
	}
	return q, nil
}
