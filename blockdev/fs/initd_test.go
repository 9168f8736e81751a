package fs

import (
	"fmt"
	"hash/fnv"
	"strings"
)

// initdNames are the scripts of the tutorial's RHEL5 /etc/init.d (chapter 1's
// `ls /mnt/temp1` after `cp /etc/init.d/* /mnt/temp1`).
var initdNames = strings.Fields(`
acpid anacron apmd atd auditd autofs avahi-daemon avahi-dnsconfd bluetooth
conman cpuspeed crond cups cups-config-daemon dhcdbd dund firstboot frecord
functions gpm haldaemon halt hidd ip6tables ipmi iptables irda irqbalance
kdump killall krb524 kudzu lvm2-monitor mcstrans mdmonitor mdmpd messagebus
microcode_ctl multipathd netconsole netfs netplugd network NetworkManager
NetworkManagerDispatcher nfs nfslock nscd ntpd pand pcscd portmap psacct
rdisc readahead_early readahead_later restorecond rhnsd rpcgssd rpcidmapd
rpcsvcgssd saslauthd sendmail setroubleshoot single smartd smb sshd syslog
vmware vncserver winbind wpa_supplicant xfs xinetd ypbind yum-updatesd`)

// initdScript is plausible, deterministic content for /etc/init.d/name:
// a few hundred bytes to some KiB of shell script.
func initdScript(name string) []byte {
	h := fnv.New32a()
	h.Write([]byte(name))
	size := 400 + int(h.Sum32()%7000)
	var b strings.Builder
	fmt.Fprintf(&b, "#!/bin/bash\n#\n# %s\tThis shell script takes care of starting and stopping\n#\t\t%s.\n#\n", name, name)
	fmt.Fprintf(&b, "# chkconfig: 2345 %d %d\n# description: %s daemon\n\n. /etc/init.d/functions\n\n", 10+len(name), 90-len(name), name)
	fmt.Fprintf(&b, "prog=%q\nRETVAL=0\n\nstart() {\n\techo -n $\"Starting $prog: \"\n", name)
	for i := 0; b.Len() < size; i++ {
		fmt.Fprintf(&b, "\t# step %d of %s: check the configuration and the pid file\n", i, name)
	}
	b.WriteString("}\n\ncase \"$1\" in\n  start) start ;;\n  *) echo $\"Usage: $0 {start|stop}\"; exit 1\nesac\nexit $RETVAL\n")
	return []byte(b.String())
}
