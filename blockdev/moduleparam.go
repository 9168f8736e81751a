package blockdev

import (
	"strconv"
	"strings"
)

// S_IRUGO and friends are the permission bits a parameter's sysfs file gets
// (include/linux/stat.h).
const (
	S_IRUSR = 0400
	S_IWUSR = 0200
	S_IRUGO = 0444
	S_IWUGO = 0222
)

// KernelParam models struct kernel_param (include/linux/moduleparam.h): one
// module parameter, its type name for modinfo, its sysfs permission (0: no
// file) and how to set and show it.
type KernelParam struct {
	Name string
	Type string // "charp", "int", "uint", "ulong", "bool", ...
	Perm uint32
	Desc string // MODULE_PARM_DESC
	Set  func(val string, present bool) Errno
	Get  func() string
}

// ParamCharp models module_param_named(name, *value, charp, perm): value
// points at the argument's text.
func ParamCharp(name string, value *string, perm uint32) *KernelParam {
	return &KernelParam{Name: name, Type: "charp", Perm: perm,
		Set: func(val string, present bool) Errno {
			if !present {
				return -EINVAL
			}
			if len(val) > 1024 {
				return -ENOSPC
			}
			*value = val
			return 0
		},
		Get: func() string { return *value },
	}
}

// ParamInt models module_param_named(name, *value, int, perm).
func ParamInt(name string, value *int, perm uint32) *KernelParam {
	return &KernelParam{Name: name, Type: "int", Perm: perm,
		Set: func(val string, present bool) Errno {
			if !present {
				return -EINVAL
			}
			n, err := strconv.ParseInt(val, 0, 32)
			if err != nil {
				return -EINVAL
			}
			*value = int(n)
			return 0
		},
		Get: func() string { return strconv.Itoa(*value) },
	}
}

// parseArgs models parse_args() (kernel/params.c) for a module: each
// "name=value" (or bare "name") is matched to a parameter, '-' and '_'
// being the same; values may be quoted.
func (k *Kernel) parseArgs(m *Module, args string) Errno {
	for _, arg := range splitArgs(args) {
		name, val, present := strings.Cut(arg, "=")
		p := m.findParam(name)
		if p == nil {
			k.Printk(KERN_ERR+"%s: Unknown parameter `%s'\n", m.Info.Name, name)
			return -ENOENT
		}
		switch errno := p.Set(val, present); errno {
		case 0:
		case -ENOSPC:
			k.Printk(KERN_ERR+"%s: `%s' too large for parameter `%s'\n", m.Info.Name, val, name)
			return errno
		default:
			if p.Type == "charp" && !present {
				k.Printk(KERN_ERR+"%s: string parameter expected\n", name)
			}
			k.Printk(KERN_ERR+"%s: `%s' invalid for parameter `%s'\n", m.Info.Name, val, name)
			return errno
		}
	}
	return 0
}

func (m *Module) findParam(name string) *KernelParam {
	norm := func(s string) string { return strings.ReplaceAll(s, "-", "_") }
	for _, p := range m.param {
		if norm(p.Name) == norm(name) {
			return p
		}
	}
	return nil
}

// Params returns the module's parameters.
func (m *Module) Params() []*KernelParam { return m.param }

// splitArgs models next_arg(): split at spaces outside double quotes, and
// drop the quotes.
func splitArgs(args string) []string {
	var out []string
	var cur strings.Builder
	inQuote, any := false, false
	for _, r := range args {
		switch {
		case r == '"':
			inQuote = !inQuote
			any = true
		case (r == ' ' || r == '\t' || r == '\n') && !inQuote:
			if any {
				out = append(out, cur.String())
				cur.Reset()
				any = false
			}
		default:
			cur.WriteRune(r)
			any = true
		}
	}
	if any {
		out = append(out, cur.String())
	}
	return out
}
