package quiz

import (
	"fmt"
	"slices"
	"strings"
)

// Kind is one kind of problem: the chapters it fits and how to make one.
type Kind struct {
	Name     string
	What     string // what it asks, for blksim quiz -h
	From, To int    // the steps it fits
	make     func(step int, seed int64) (*Quiz, error)
}

// Kinds lists the kinds in the order the chapters bring them.
var Kinds = []Kind{
	{"scheduler", "the order in which a list of bios reaches a request-based driver under noop, deadline, cfq and anticipatory; requests and merges", 1, 2, makeScheduler},
	{"bio", "what a make_request driver sees of the same kind of list, against chapter 2's request-based queue", 3, 9, makeBio},
	{"geometry", "the geometry fdisk shows and the one HDIO_GETGEO returns for a disk of a given size", 5, 9, makeGeometry},
	{"buddyinfo", "the DMA and Normal zones' lines of /proc/buddyinfo after insmod on a fragmented machine", 6, 9, makeBuddyinfo},
	{"getparam", "what getparam makes of a size= string: the disk's size, or insmod's error", 8, 9, makeGetparam},
}

// defaultKinds is the kind natural for each step.
var defaultKinds = map[int]string{
	1: "scheduler", 2: "scheduler", 3: "bio", 4: "bio", 5: "geometry",
	6: "buddyinfo", 7: "buddyinfo", 8: "getparam", 9: "getparam",
}

// DefaultKind is the kind --kind defaults to at step ("" for a step the
// tutorial lacks).
func DefaultKind(step int) string { return defaultKinds[step] }

// KindNames lists the kinds' names.
func KindNames() []string {
	var names []string
	for _, k := range Kinds {
		names = append(names, k.Name)
	}
	return names
}

// New makes the problem of kind (DefaultKind(step) if "") for step from
// seed. The same arguments make the same quiz on every machine.
func New(step int, seed int64, kind string) (*Quiz, error) {
	if kind == "" {
		kind = DefaultKind(step)
	}
	i := slices.IndexFunc(Kinds, func(k Kind) bool { return k.Name == kind })
	if i < 0 {
		return nil, fmt.Errorf("unknown kind %q: kinds are %s", kind, strings.Join(KindNames(), ", "))
	}
	k := Kinds[i]
	if step < k.From || step > k.To {
		steps := fmt.Sprintf("steps %d to %d", k.From, k.To)
		if k.To == k.From+1 {
			steps = fmt.Sprintf("steps %d and %d", k.From, k.To)
		}
		return nil, fmt.Errorf("kind %s is for %s, not step %d (step %d's kind is %s)", kind, steps, step, step, DefaultKind(step))
	}
	q, err := k.make(step, seed)
	if err != nil {
		return nil, fmt.Errorf("%s quiz, seed %d: %v", kind, seed, err)
	}
	q.Step, q.Kind, q.Seed = step, kind, seed
	return q, nil
}
