package shell

import (
	"fmt"
	"strings"
)

// opt is one parsed option: its letter and, for options that take one, its
// argument.
type opt struct {
	c   byte
	arg string
}

// getopt parses args the way glibc 2.5's getopt does for the tools: short
// options that may be clustered (-vn512, -rf), an option's argument either
// glued to it or in the next word, operands and options in any order (GNU
// permutation), and "--" ending the options. spec lists the option letters,
// each followed by ':' when it takes an argument. A failure comes back as
// glibc's message without the program name ("invalid option -- z").
func getopt(args []string, spec string) ([]opt, []string, error) {
	var opts []opt
	var operands []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		switch {
		case a == "--":
			return opts, append(operands, args[i+1:]...), nil
		case strings.HasPrefix(a, "--"):
			return nil, nil, fmt.Errorf("unrecognized option `%s'", a)
		case len(a) < 2 || a[0] != '-':
			operands = append(operands, a)
			continue
		}
		for j := 1; j < len(a); j++ {
			c := a[j]
			k := strings.IndexByte(spec, c)
			if k < 0 || c == ':' {
				return nil, nil, fmt.Errorf("invalid option -- %c", c)
			}
			if k+1 < len(spec) && spec[k+1] == ':' {
				arg := a[j+1:]
				if arg == "" {
					if i+1 >= len(args) {
						return nil, nil, fmt.Errorf("option requires an argument -- %c", c)
					}
					i++
					arg = args[i]
				}
				opts = append(opts, opt{c: c, arg: arg})
				break
			}
			opts = append(opts, opt{c: c})
		}
	}
	return opts, operands, nil
}
