package shell

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"path"
	"strings"

	"simpblkdev/blockdev"
	"simpblkdev/blockdev/errno"
)

// The module tools of module-init-tools 3.3 (RHEL5's 3.3-pre3): insmod,
// rmmod, lsmod and modinfo, with their output formats and messages.

const mitVersion = "module-init-tools version 3.3-pre3"

// vermagic is what the machine's modules were built for: the tutorial's
// i686 kernel, or the same release built for x86_64.
func vermagic(k *blockdev.Kernel) string {
	if k.Mem.Preset().Name == "x86_64" {
		return blockdev.UtsRelease + " SMP mod_unload gcc-4.1"
	}
	return blockdev.UtsRelease + " SMP mod_unload 686 REGPARM 4KSTACKS gcc-4.1"
}

func init() {
	commands["insmod"] = command{run: insmod, synopsis: "insmod FILE [name=value...]  load a module"}
	commands["rmmod"] = command{run: rmmod, synopsis: "rmmod [-fwsv] NAME...  unload modules"}
	commands["lsmod"] = command{run: lsmod, synopsis: "lsmod  list loaded modules"}
	commands["modinfo"] = command{run: modinfo, synopsis: "modinfo [-adlnp0] [-F field] FILE...  show a module's .modinfo"}
}

// koImage is the content of a .ko file: enough of an i386 ELF relocatable
// object to look like one to hexdump, with the module's .modinfo strings.
// The file name is in it too, so that two modules with the same strings
// (two chapters' simp_blkdev.ko) stay two files; the shell finds the module
// from the file's bytes, so a copied .ko still loads.
func koImage(file string, info *blockdev.ModuleInfo, magic string) []byte {
	var b bytes.Buffer
	b.Write([]byte{0x7f, 'E', 'L', 'F', 1, 1, 1, 0})
	b.Write(make([]byte, 8))
	binary.Write(&b, binary.LittleEndian, struct {
		Type, Machine uint16
		Version       uint32
	}{1, 3, 1}) // ET_REL, EM_386, EV_CURRENT
	b.Write(make([]byte, 64-b.Len()))
	for _, s := range modinfoStrings(info, magic) {
		b.WriteString(s)
		b.WriteByte(0)
	}
	b.WriteString("__this_module\x00" + info.Name + "\x00" + file + "\x00")
	// Pad to the size of a small module without debugging information.
	b.Write(make([]byte, (b.Len()+4095)/4096*4096+4096-b.Len()))
	return b.Bytes()
}

// modinfoStrings is the module's .modinfo section as modpost and the
// MODULE_* macros fill it.
func modinfoStrings(info *blockdev.ModuleInfo, magic string) []string {
	var ss []string
	for _, kv := range [][2]string{{"license", info.License}, {"author", info.Author}, {"description", info.Description}} {
		if kv[1] != "" {
			ss = append(ss, kv[0]+"="+kv[1])
		}
	}
	return append(ss, "srcversion="+info.Srcversion(), "depends=", "vermagic="+magic)
}

// moduleFile reads a module file as insmod's grab_file does and tells which
// module it is; info is nil for a file that is not one of the shell's
// modules.
func (p *proc) moduleFile(name string) (info *blockdev.ModuleInfo, data []byte, err error) {
	data, err = p.s.ns.readFile(p.files, p.s.abs(name))
	if err != nil {
		return nil, nil, err
	}
	return p.s.kos[string(data)], data, nil
}

// insmod models insmod.c: read the file, join the remaining arguments
// (each followed by a space) into the option string and call init_module;
// errors are printed with insmod's loose translation of errno (moderror).
func insmod(p *proc) int {
	args := p.args
	if len(args) > 0 && (args[0] == "--version" || args[0] == "-V") {
		fmt.Fprintln(p.out, mitVersion)
		return 0
	}
	for len(args) > 0 && (args[0] == "-p" || args[0] == "-s" || args[0] == "-f") {
		args = args[1:]
	}
	if len(args) == 0 {
		fmt.Fprintf(p.err, "Usage: insmod filename [args]\n")
		return 1
	}
	file := args[0]
	var options strings.Builder
	for _, a := range args[1:] {
		options.WriteString(a + " ")
	}
	info, _, err := p.moduleFile(file)
	if err != nil {
		p.errorf("can't read '%s': %s", file, errText(err))
		return 1
	}
	err = errno.ENOEXEC
	if info != nil {
		_, err = p.s.k.InitModule(info, options.String())
	}
	if err != nil {
		p.errorf("error inserting '%s': -1 %s", file, moderror(errnoOf(err)))
		return 1
	}
	return 0
}

// moderror models insmod.c's moderror().
func moderror(e errno.Errno) string {
	switch e {
	case errno.ENOEXEC:
		return "Invalid module format"
	case errno.ENOENT:
		return "Unknown symbol in module"
	case errno.ESRCH:
		return "Module has wrong symbol version"
	case errno.EINVAL:
		return "Invalid parameters"
	}
	return e.Error()
}

// rmmod models rmmod.c: by default it checks /proc/modules first (a module
// that is not there or is in use is refused without a system call), then
// calls delete_module.
func rmmod(p *proc) int {
	opts, names, err := getopt(p.args, "afh?swvV")
	if err != nil {
		p.errorf("%v", err)
		rmmodUsage(p)
		return 1
	}
	force, wait, quiet, verbose := false, false, false, false
	for _, o := range opts {
		switch o.c {
		case 'f':
			force = true
		case 'w':
			wait = true
		case 's':
			quiet = true // messages go to syslog instead
		case 'v':
			verbose = true
		case 'V':
			fmt.Fprintln(p.out, mitVersion)
			return 0
		case 'a':
			if len(names) == 0 {
				return 1 // rmmod.c: "FIXME implement"
			}
		default:
			rmmodUsage(p)
			return 1
		}
	}
	if len(names) == 0 {
		fmt.Fprintf(p.err, "no module names given\n")
		rmmodUsage(p)
		return 1
	}
	errorf := func(format string, a ...any) {
		if !quiet {
			fmt.Fprintf(p.err, "ERROR: "+format+"\n", a...)
		}
	}
	status := 0
	for _, arg := range names {
		name := filename2modname(arg)
		if !wait && !force {
			if refs, ok := procModulesRefs(p.s.k, name); !ok {
				errorf("Module %s does not exist in /proc/modules", name)
				status = 1
				continue
			} else if refs != 0 {
				errorf("Module %s is in use", name)
				status = 1
				continue
			}
		}
		if verbose {
			w := "no"
			if wait {
				w = "yes"
			}
			if force {
				w += " force"
			}
			fmt.Fprintf(p.err, "rmmod %s, wait=%s\n", name, w)
		}
		if err := p.s.k.DeleteModule(name); err != nil {
			errorf("Removing '%s': %s", name, errText(err))
			status = 1
		}
	}
	return status
}

func rmmodUsage(p *proc) {
	fmt.Fprintf(p.err, "Usage: %s [-fhswvV] modulename ...\n"+
		" -f (or --force) forces a module unload, and may crash your\n"+
		"    machine.  This requires the Forced Module Removal option\n"+
		"    when the kernel was compiled.\n"+
		" -h (or --help) prints this help text\n"+
		" -s (or --syslog) says use syslog, not stderr\n"+
		" -v (or --verbose) enables more messages\n"+
		" -V (or --version) prints the version code\n"+
		" -w (or --wait) begins a module removal even if it is used\n"+
		"    and will stop new users from accessing the module (so it\n"+
		"    should eventually fall to zero).\n", p.name)
}

// filename2modname models rmmod.c's filename2modname: the base name up to
// the first dot, with - turned into _.
func filename2modname(file string) string {
	base := path.Base(file)
	if i := strings.IndexByte(base, '.'); i >= 0 {
		base = base[:i]
	}
	return strings.ReplaceAll(base, "-", "_")
}

// procModulesRefs finds a module's reference count in /proc/modules, as
// rmmod.c's check_usage does with sscanf("%s %lu %lu").
func procModulesRefs(k *blockdev.Kernel, name string) (refs int, ok bool) {
	for _, line := range strings.Split(k.ProcModules(), "\n") {
		f := strings.Fields(line)
		if len(f) >= 3 && f[0] == name {
			fmt.Sscan(f[2], &refs)
			return refs, true
		}
	}
	return 0, false
}

// lsmod models lsmod.c: each /proc/modules line cut into tokens and printed
// "%-19s %8s  %s %s"; the users field "-" prints as nothing, which leaves
// the trailing space of the format.
func lsmod(p *proc) int {
	if len(p.args) != 0 {
		fmt.Fprintf(p.err, "Usage: lsmod\n")
		return 1
	}
	fmt.Fprintf(p.out, "Module                  Size  Used by\n")
	for _, line := range strings.Split(p.s.k.ProcModules(), "\n") {
		f := strings.Fields(line)
		if len(f) == 0 {
			continue
		}
		fmt.Fprintf(p.out, "%-19s", f[0])
		if len(f) > 1 {
			fmt.Fprintf(p.out, " %8s", f[1])
		}
		if len(f) > 2 {
			users := ""
			if len(f) > 3 && f[3] != "-" {
				users = strings.TrimSuffix(f[3], ",")
			}
			fmt.Fprintf(p.out, "  %s %s", f[2], users)
		}
		fmt.Fprintln(p.out)
	}
	return 0
}

// modinfo models modinfo.c of 3.3: a name with a '.' or '/' is a file,
// anything else is looked up in modules.dep (of which the simulated machine
// has none of the tutorial's modules). The .modinfo strings print as
// "%-16s%s"; parameters come last, "name:description (type)".
func modinfo(p *proc) int {
	opts, files, err := getopt(p.args, "adlpVhn0F:k:b:")
	if err != nil {
		p.errorf("%v", err)
		modinfoUsage(p)
		return 1
	}
	field, sep := "", "\n"
	for _, o := range opts {
		switch o.c {
		case 'a':
			field = "author"
		case 'd':
			field = "description"
		case 'l':
			field = "license"
		case 'p':
			field = "parm"
		case 'n':
			field = "filename"
		case 'F':
			field = o.arg
		case '0':
			sep = "\x00"
		case 'V':
			fmt.Fprintln(p.out, mitVersion)
			return 0
		case 'h':
			modinfoUsage(p)
			return 0
		}
	}
	if len(files) == 0 {
		modinfoUsage(p)
		return 1
	}
	status := 0
	for _, file := range files {
		if !strings.ContainsAny(file, "./") {
			fmt.Fprintf(p.err, "modinfo: could not find module %s\n", file)
			status = 1
			continue
		}
		info, data, err := p.moduleFile(file)
		if err != nil {
			fmt.Fprintf(p.err, "modinfo: could not open %s: %s\n", file, errText(err))
			status = 1
			continue
		}
		if info == nil || !bytes.HasPrefix(data, []byte("\x7fELF")) {
			continue // no .modinfo section: modinfo prints nothing
		}
		tags := [][2]string{{"filename", file}}
		for _, s := range modinfoStrings(info, vermagic(p.s.k)) {
			k, v, _ := strings.Cut(s, "=")
			tags = append(tags, [2]string{k, v})
		}
		params := moduleParams(p.s.k, info)
		for _, prm := range params {
			if prm.Desc != "" {
				tags = append(tags, [2]string{"parm", prm.Name + ":" + prm.Desc})
			}
			tags = append(tags, [2]string{"parmtype", prm.Name + ":" + prm.Type})
		}
		if field != "" {
			for _, t := range tags {
				if t[0] == field {
					fmt.Fprintf(p.out, "%s%s", t[1], sep)
				}
			}
			continue
		}
		for _, t := range tags {
			if t[0] != "parm" && t[0] != "parmtype" {
				fmt.Fprintf(p.out, "%-16s%s%s", t[0]+":", t[1], sep)
			}
		}
		for _, prm := range params {
			v := prm.Type
			if prm.Desc != "" {
				v = prm.Desc + " (" + prm.Type + ")"
			}
			fmt.Fprintf(p.out, "%-16s%s:%s%s", "parm:", prm.Name, v, sep)
		}
	}
	return status
}

// moduleParams returns a module's parameters. ModuleInfo does not list
// them; only the module's code knows them, so for a module that is not
// loaded a fresh instance is made just to ask (ModuleInfo.New has no side
// effects on the kernel: init_module runs it before it checks arguments).
func moduleParams(k *blockdev.Kernel, info *blockdev.ModuleInfo) []*blockdev.KernelParam {
	if m := k.FindModule(info.Name); m != nil && m.Info == info {
		return m.Params()
	}
	if mp, ok := info.New(k, nil).(blockdev.ModuleParams); ok {
		return mp.Params()
	}
	return nil
}

func modinfoUsage(p *proc) {
	fmt.Fprintf(p.err, "Usage: %s [-0][-F field][-k kernelversion] module...\n"+
		" Prints out the information about one or more module(s).\n"+
		" If a fieldname is given, just print out that field (or nothing if not found).\n"+
		" Otherwise, print all information out in a readable form\n"+
		" If -0 is given, separate with nul, not newline.\n", p.name)
}
