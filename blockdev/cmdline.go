package blockdev

import "strings"

// DefaultCmdline is the command line GRUB passed the tutorial's box, as
// RHEL 5's installer writes it for a root file system on a plain partition.
const DefaultCmdline = "ro root=LABEL=/ rhgb quiet"

// parseCmdline models the part of parse_args() and obsolete_checksetup()
// (init/main.c, 2.6.18) the simulator acts on: each "name=value" word whose
// name has a __setup handler runs it. The only handler here is elevator=;
// the other words are kept for /proc/cmdline and do nothing.
func (k *Kernel) parseCmdline() {
	for _, word := range strings.Fields(k.cmdline) {
		if v, ok := strings.CutPrefix(word, "elevator="); ok {
			k.elevatorSetup(v)
		}
	}
}

// elevatorSetup models elevator_setup(), the __setup("elevator=") handler
// (block/elevator.c, 2.6.18): it remembers the name, at most 15 bytes, for
// elv_register and elevator_init; "as" means anticipatory, as it did in
// earlier kernels.
func (k *Kernel) elevatorSetup(name string) {
	if name == "as" {
		name = "anticipatory"
	}
	if len(name) > ElvNameMax-1 {
		name = name[:ElvNameMax-1]
	}
	k.chosenElevator = name
}

// procCmdline models /proc/cmdline (cmdline_read_proc, fs/proc/proc_misc.c):
// saved_command_line and a newline.
func (k *Kernel) procCmdline() string { return k.cmdline + "\n" }
