package quiz

import (
	"strings"
	"testing"
)

// TestMainErrors: what blksim quiz says, in one line on stderr with exit
// status 2, about what it cannot do; -h prints the help with every kind.
func TestMainErrors(t *testing.T) {
	for _, tc := range []struct {
		name string
		args []string
		want string
	}{
		{"unknown kind", []string{"--step", "2", "--kind", "elevator"},
			`blksim quiz: unknown kind "elevator": kinds are scheduler, bio, geometry, buddyinfo, getparam` + "\n"},
		{"kind of another step", []string{"--step", "2", "--kind", "getparam"},
			"blksim quiz: kind getparam is for steps 8 and 9, not step 2 (step 2's kind is scheduler)\n"},
		{"kind of a later step", []string{"--step", "4", "--kind", "geometry"},
			"blksim quiz: kind geometry is for steps 5 to 9, not step 4 (step 4's kind is bio)\n"},
		{"no such step", []string{"--step", "10"},
			"blksim quiz: no step 10: the chapters so far are 1 to 9\n"},
		{"bad flag", []string{"--answers"},
			"blksim quiz: flag provided but not defined: -answers\n"},
		{"bad seed", []string{"--seed", "x"},
			`blksim quiz: invalid value "x" for flag -seed: parse error` + "\n"},
		{"argument", []string{"--step", "2", "noop"},
			`blksim quiz: unexpected argument "noop" (blksim quiz -h says more)` + "\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var out, errs strings.Builder
			if st := Main(tc.args, &out, &errs); st != 2 {
				t.Errorf("status %d, want 2", st)
			}
			if out.Len() > 0 {
				t.Errorf("stdout %q, want nothing", out.String())
			}
			if errs.String() != tc.want {
				t.Errorf("stderr %q, want %q", errs.String(), tc.want)
			}
		})
	}
}

func TestMainHelp(t *testing.T) {
	var out, errs strings.Builder
	if st := Main([]string{"-h"}, &out, &errs); st != 0 || errs.Len() > 0 {
		t.Fatalf("status %d, stderr %q", st, errs.String())
	}
	for _, k := range Kinds {
		if !strings.Contains(out.String(), "\n  "+k.Name+" ") {
			t.Errorf("-h does not list kind %s:\n%s", k.Name, out.String())
		}
	}
}

// TestDefaultKinds: every chapter has a kind that fits it.
func TestDefaultKinds(t *testing.T) {
	for step := 1; step <= 9; step++ {
		name := DefaultKind(step)
		fits := false
		for _, k := range Kinds {
			fits = fits || k.Name == name && k.From <= step && step <= k.To
		}
		if !fits {
			t.Errorf("step %d: default kind %q does not fit it", step, name)
		}
	}
}
