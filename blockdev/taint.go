package blockdev

// TAINT_PROPRIETARY_MODULE is the taint flag of a module whose license is
// not GPL-compatible (include/linux/kernel.h; "P" in an oops).
const TAINT_PROPRIETARY_MODULE = 1 << 0

// setLicense models set_license() (kernel/module.c, 2.6.18): a module whose
// license is not GPL-compatible taints the kernel, and the warning is
// printed only by the first one, while the kernel is not yet tainted; the
// taint lasts until reboot. Called with modMu held.
func (k *Kernel) setLicense(info *ModuleInfo) {
	if licenseIsGPLCompatible(info.License) {
		return
	}
	lic := info.License
	if lic == "" {
		lic = "unspecified"
	}
	if k.tainted.Load()&TAINT_PROPRIETARY_MODULE == 0 {
		k.Printk(KERN_WARNING+"%s: module license '%s' taints kernel.\n", info.Name, lic)
	}
	k.tainted.Or(TAINT_PROPRIETARY_MODULE)
}
