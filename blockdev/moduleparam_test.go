package blockdev

import (
	"io/fs"
	"testing"
)

// paramModule is a module with chapter 8's parameter shape: a charp named
// size, readable by all (S_IRUGO), and a hidden int with permission 0.
type paramModule struct {
	size   string
	hidden int
}

func (m *paramModule) Init() Errno { return 0 }
func (m *paramModule) Exit()       {}
func (m *paramModule) Params() []*KernelParam {
	return []*KernelParam{ParamCharp("size", &m.size, S_IRUGO), ParamInt("hidden_int", &m.hidden, 0)}
}

func paramInfo() *ModuleInfo {
	return &ModuleInfo{Name: "params", License: "GPL", CoreSize: 4096,
		New: func(*Kernel, *Module) ModuleCode { return &paramModule{size: "16M"} }}
}

// TestModuleParams: insmod's arguments reach the parameters ('-' and '_'
// alike, quotes dropped); sysfs shows only those with a permission, with
// that permission; a bad value or name fails insmod with the kernel's
// errors and lines.
func TestModuleParams(t *testing.T) {
	tests := []struct {
		args    string
		err     error  // what init_module(2) returns
		size    string // what parameters/size reads, when loaded
		logLine string
	}{
		{"", nil, "16M\n", ""},
		{"size=20M", nil, "20M\n", ""},
		{`size="20480k"`, nil, "20480k\n", ""},
		{"hidden-int=3 size=1G", nil, "1G\n", ""},
		{"size", EINVAL, "", "size: string parameter expected\nparams: `' invalid for parameter `size'"},
		{"hidden_int=x", EINVAL, "", "params: `x' invalid for parameter `hidden_int'"},
		{"colour=blue", ENOENT, "", "params: Unknown parameter `colour'"},
	}
	for _, tt := range tests {
		t.Run(tt.args, func(t *testing.T) {
			k, err := Boot(Config{Seed: 1})
			if err != nil {
				t.Fatal(err)
			}
			k.ClearLog()
			_, err = k.InitModule(paramInfo(), tt.args)
			if err != tt.err {
				t.Fatalf("insmod %q = %v, want %v", tt.args, err, tt.err)
			}
			if tt.logLine != "" {
				if got := k.Dmesg(); got != tt.logLine+"\n" {
					t.Errorf("dmesg = %q, want %q", got, tt.logLine+"\n")
				}
				if k.FindModule("params") != nil {
					t.Error("a module whose arguments failed stays loaded")
				}
				return
			}
			n, err := k.Lstat("/sys/module/params/parameters/size")
			if err != nil {
				t.Fatal(err)
			}
			if n.Mode != fs.FileMode(0444) {
				t.Errorf("mode %v, want -r--r--r--", n.Mode)
			}
			if got, _ := n.Show(); got != tt.size {
				t.Errorf("size reads %q, want %q", got, tt.size)
			}
			if n.Store != nil {
				t.Error("a read-only parameter accepts writes")
			}
			if _, err := k.Lstat("/sys/module/params/parameters/hidden_int"); err == nil {
				t.Error("a parameter with permission 0 has a sysfs file")
			}
		})
	}
}
