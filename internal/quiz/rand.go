package quiz

import "math/rand/v2"

// newRand is the quiz's source of choices: PCG, seeded from the quiz's seed
// and its kind, so that a seed gives the same problem on every machine and
// Go release (math/rand/v2 fixes PCG's output), and two kinds with the same
// seed do not draw the same numbers.
func newRand(seed int64, kind string) *rand.Rand {
	var salt uint64 = 0x9e3779b97f4a7c15
	for _, c := range []byte(kind) {
		salt = salt*31 + uint64(c)
	}
	return rand.New(rand.NewPCG(uint64(seed), salt))
}
