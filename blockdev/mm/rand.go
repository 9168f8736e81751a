package mm

// splitMix is SplitMix64 (Steele, Lea, Flood 2014): a tiny, fast generator
// whose whole state is one counter. Everything random in the machine comes
// from one of these seeded from Config.Seed, so the same seed boots the same
// machine.
type splitMix struct{ state uint64 }

const golden = 0x9e3779b97f4a7c15

func mix64(z uint64) uint64 {
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}

func (s *splitMix) next() uint64 {
	s.state += golden
	return mix64(s.state)
}

// intn returns a value in [0, n) for n > 0.
func (s *splitMix) intn(n int) int {
	return int(s.next() % uint64(n))
}

// chance reports true with probability num/den.
func (s *splitMix) chance(num, den int) bool {
	return s.intn(den) < num
}
