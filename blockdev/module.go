package blockdev

import (
	"fmt"
	"strings"
	"sync"

	"simpblkdev/blockdev/mm"
)

// ModuleCode is what a driver's module_init and module_exit do: a step
// package returns a fresh one for every load, holding the variables the
// chapter's C keeps static (each insmod of a real module gets fresh .data
// and .bss too).
type ModuleCode interface {
	Init() Errno // module_init: 0 or a negative errno
	Exit()       // module_exit
}

// ModuleParams is implemented by module code that has parameters
// (module_param and friends). The kernel sets them from insmod's arguments
// before Init runs.
type ModuleParams interface {
	Params() []*KernelParam
}

// ModuleInfo describes a .ko file: its .modinfo strings, its symbols, the
// size of its core (text, data and the static arrays of its .bss, which
// lsmod prints as Size) and the constructor of its code.
type ModuleInfo struct {
	Name        string // the module name, from the .ko
	License     string // MODULE_LICENSE; empty taints the kernel
	Author      string // MODULE_AUTHOR
	Description string // MODULE_DESCRIPTION
	// Imports are the kernel functions the module's C calls: its undefined
	// symbols, which insmod resolves against the kernel's exports.
	Imports []string
	// Symbols are the module's own symbols as nm prints them, "t name"
	// (text), "d name" (data) or "b name" (.bss), for /proc/kallsyms.
	Symbols []string
	// CoreSize is the module core in bytes: what module_alloc() vmallocs
	// and lsmod prints. A driver with a 16 MiB static array has a core of
	// 16 MiB and a few KiB.
	CoreSize int64
	New      func(k *Kernel, this *Module) ModuleCode
}

// The states of a module (enum module_state, include/linux/module.h).
const (
	MODULE_STATE_LIVE = iota
	MODULE_STATE_COMING
	MODULE_STATE_GOING
)

// Module models struct module: a loaded module.
type Module struct {
	Info  *ModuleInfo
	k     *Kernel
	code  ModuleCode
	core  *mm.VmArea
	mu    sync.Mutex
	state int
	ref   int
	param []*KernelParam
}

// Name returns the module's name.
func (m *Module) Name() string { return m.Info.Name }

// Refcount models module_refcount(): what lsmod's "Used by" shows.
func (m *Module) Refcount() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.ref
}

// tryGet models try_module_get(): it fails for a module on its way out.
// A nil module (a driver without an owner) always succeeds.
func (m *Module) tryGet() bool {
	if m == nil {
		return true
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.state == MODULE_STATE_GOING {
		return false
	}
	m.ref++
	return true
}

// put models module_put().
func (m *Module) put() {
	if m == nil {
		return
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.ref > 0 {
		m.ref--
	}
}

// initModule models the kernel side of sys_init_module() and load_module()
// (kernel/module.c, 2.6.27): allocate the core, check the license, resolve
// the module's symbols, parse the arguments, run init; when any step fails everything is undone and the
// negative errno returned. An init that returns a positive number is
// warned about and, unlike 2.6.27, which loads the module anyway, fails
// with that number made negative.
func (k *Kernel) initModule(info *ModuleInfo, args string) (*Module, Errno) {
	k.modMu.Lock()
	defer k.modMu.Unlock()
	if k.findModule(info.Name) != nil {
		return nil, -EEXIST
	}
	m := &Module{Info: info, k: k, state: MODULE_STATE_COMING}
	core := k.Mem.Vmalloc(info.CoreSize, mm.GFP_KERNEL|mm.GFP_HIGHMEM)
	if core == nil {
		return nil, -ENOMEM
	}
	m.core = core
	k.setLicense(info)
	if errno := k.simplifySymbols(info); errno != 0 {
		k.Mem.Vfree(m.core)
		return nil, errno
	}
	if oops := k.callDriver(info.New, func() {
		m.code = info.New(k, m)
		if p, ok := m.code.(ModuleParams); ok {
			m.param = p.Params()
		}
	}); oops != nil {
		k.Mem.Vfree(m.core)
		k.killCaller(oops) // insmod never sees the -EFAULT (oops_kill.go)
		return nil, -EFAULT
	}
	if errno := k.parseArgs(m, args); errno != 0 {
		k.Mem.Vfree(m.core)
		return nil, errno
	}
	k.modules = append(k.modules, m)
	k.publishModules()
	var ret Errno
	if oops := k.callDriver(m.code, func() { ret = m.code.Init() }); oops != nil {
		// The oops killed insmod in init: the module stays "Loading"
		// with what init had allocated (oops.go).
		k.killCaller(oops)
		return nil, -EFAULT
	}
	if ret != 0 {
		if ret > 0 {
			k.Printk(KERN_WARNING+"%s: '%s'->init suspiciously returned %d, it should follow 0/-E convention\n", "sys_init_module", info.Name, int(ret))
		}
		k.dropModule(m)
		k.Mem.Vfree(m.core)
		if ret > 0 {
			ret = -ret
		}
		return nil, ret
	}
	m.mu.Lock()
	m.state = MODULE_STATE_LIVE
	m.mu.Unlock()
	return m, 0
}

// deleteModule models the kernel side of sys_delete_module()
// (kernel/module.c, 2.6.27): refuse with -EWOULDBLOCK while the module is in
// use (-ENOENT if it is not loaded), else run its exit and free its core. It
// reports kmaps the module left behind.
func (k *Kernel) deleteModule(name string) Errno {
	k.modMu.Lock()
	defer k.modMu.Unlock()
	m := k.findModule(name)
	if m == nil {
		return -ENOENT
	}
	m.mu.Lock()
	if m.ref != 0 {
		m.mu.Unlock()
		return -EWOULDBLOCK
	}
	if m.state != MODULE_STATE_LIVE {
		// Left half-loaded or half-unloaded by an oops (oops.go).
		m.mu.Unlock()
		return -EBUSY
	}
	m.state = MODULE_STATE_GOING
	m.mu.Unlock()
	kmaps := k.Mem.KmapsInUse()
	if oops := k.callDriver(m.code, m.code.Exit); oops != nil {
		k.killCaller(oops) // the module stays "Unloading" (oops.go)
		return -EFAULT
	}
	k.dropModule(m)
	k.Mem.Vfree(m.core)
	if n := k.Mem.KmapsInUse(); n > 0 && n >= kmaps {
		k.Printk(KERN_ERR+"%s: %d kmap(s) still mapped at unload\n", name, n)
	}
	if n := k.Mem.CheckKmapPoison(); n > 0 {
		k.Printk(KERN_ERR+"%s: %d write(s) through a kmap after kunmap\n", name, n)
	}
	return 0
}

func (k *Kernel) findModule(name string) *Module {
	name = strings.ReplaceAll(name, "-", "_")
	for _, m := range k.modules {
		if m.Info.Name == name {
			return m
		}
	}
	return nil
}

func (k *Kernel) dropModule(m *Module) {
	for i, x := range k.modules {
		if x == m {
			k.modules = append(k.modules[:i], k.modules[i+1:]...)
			k.publishModules()
			return
		}
	}
}

// FindModule returns the loaded module called name, or nil.
func (k *Kernel) FindModule(name string) *Module {
	k.modMu.Lock()
	defer k.modMu.Unlock()
	return k.findModule(name)
}

// Modules returns the loaded modules, the most recently loaded first, as
// /proc/modules lists them.
func (k *Kernel) Modules() []*Module {
	k.modMu.Lock()
	defer k.modMu.Unlock()
	ms := make([]*Module, len(k.modules))
	for i, m := range k.modules {
		ms[len(ms)-1-i] = m
	}
	return ms
}

// ProcModules models /proc/modules (kernel/module.c m_show):
// "name size refcount users state address".
func (k *Kernel) ProcModules() string {
	var b strings.Builder
	for _, m := range k.Modules() {
		state := "Live"
		m.mu.Lock()
		switch m.state {
		case MODULE_STATE_COMING:
			state = "Loading"
		case MODULE_STATE_GOING:
			state = "Unloading"
		}
		ref := m.ref
		m.mu.Unlock()
		fmt.Fprintf(&b, "%s %d %d - %s 0x%0*x\n", m.Info.Name, m.Info.CoreSize, ref, state, k.Mem.Preset().AddrWidth, m.core.Addr())
	}
	return b.String()
}

// licenseIsGPLCompatible models license_is_gpl_compatible().
func licenseIsGPLCompatible(l string) bool {
	switch l {
	case "GPL", "GPL v2", "GPL and additional rights", "Dual BSD/GPL", "Dual MIT/GPL", "Dual MPL/GPL":
		return true
	}
	return false
}
