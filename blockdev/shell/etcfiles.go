package shell

import (
	"fmt"
	"hash/fnv"
	iofs "io/fs"
	"slices"
	"strings"
	"time"
)

// The in-memory tree at boot: the directories the sessions use, a RHEL5
// /etc/passwd, and /etc/init.d with exactly the scripts of the tutorial's
// `ls /mnt/temp1` after `cp /etc/init.d/* /mnt/temp1` (chapter 1). The
// scripts are made up, deterministic and plausible: SysV init scripts of
// 1 to 12 KiB in Red Hat's style, so that copying them fills a small file
// system about as much as it did in the tutorial.

// initdNames are the 77 scripts of that listing (78 names with lost+found).
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

// etcTime is when the system was installed; the scripts carry their
// packages' build dates from 2007.
var etcTime = time.Date(2008, time.October, 24, 9, 41, 0, 0, time.UTC)

func populateEtc(m *memfs) {
	for _, d := range []string{"/dev", "/proc", "/sys", "/etc/init.d", "/mnt"} {
		m.mkdirAll(d, 0755, etcTime)
	}
	m.mkdirAll("/root", 0750, etcTime)
	m.mkdirAll("/tmp", iofs.ModeSticky|0777, epoch)
	m.putFile("/etc/passwd", []byte(passwd), 0644, etcTime)
	for _, name := range initdNames {
		h := fnv.New32a()
		h.Write([]byte(name))
		built := time.Date(2007, time.January, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(h.Sum32()%(300*24*60)) * time.Minute)
		perm := iofs.FileMode(0755)
		if name == "functions" {
			perm = 0644 // sourced, not run
		}
		m.putFile("/etc/init.d/"+name, initdScript(name), perm, built)
	}
}

// EtcFile returns what the file at path holds on a freshly started shell's
// machine, for the files the shell makes up (/etc/passwd and the scripts
// of /etc/init.d): tests use it to check copies of them.
func EtcFile(path string) ([]byte, bool) {
	if path == "/etc/passwd" {
		return []byte(passwd), true
	}
	name, ok := strings.CutPrefix(path, "/etc/init.d/")
	if !ok || !slices.Contains(initdNames, name) {
		return nil, false
	}
	return initdScript(name), true
}

const passwd = `root:x:0:0:root:/root:/bin/bash
bin:x:1:1:bin:/bin:/sbin/nologin
daemon:x:2:2:daemon:/sbin:/sbin/nologin
adm:x:3:4:adm:/var/adm:/sbin/nologin
lp:x:4:7:lp:/var/spool/lpd:/sbin/nologin
sync:x:5:0:sync:/sbin:/bin/sync
shutdown:x:6:0:shutdown:/sbin:/sbin/shutdown
halt:x:7:0:halt:/sbin:/sbin/halt
mail:x:8:12:mail:/var/spool/mail:/sbin/nologin
news:x:9:13:news:/etc/news:
uucp:x:10:14:uucp:/var/spool/uucp:/sbin/nologin
operator:x:11:0:operator:/root:/sbin/nologin
games:x:12:100:games:/usr/games:/sbin/nologin
gopher:x:13:30:gopher:/var/gopher:/sbin/nologin
ftp:x:14:50:FTP User:/var/ftp:/sbin/nologin
nobody:x:99:99:Nobody:/:/sbin/nologin
rpm:x:37:37::/var/lib/rpm:/sbin/nologin
dbus:x:81:81:System message bus:/:/sbin/nologin
avahi:x:70:70:Avahi daemon:/:/sbin/nologin
mailnull:x:47:47::/var/spool/mqueue:/sbin/nologin
smmsp:x:51:51::/var/spool/mqueue:/sbin/nologin
nscd:x:28:28:NSCD Daemon:/:/sbin/nologin
vcsa:x:69:69:virtual console memory owner:/dev:/sbin/nologin
haldaemon:x:68:68:HAL daemon:/:/sbin/nologin
rpc:x:32:32:Portmapper RPC user:/:/sbin/nologin
rpcuser:x:29:29:RPC Service User:/var/lib/nfs:/sbin/nologin
nfsnobody:x:65534:65534:Anonymous NFS User:/var/lib/nfs:/sbin/nologin
sshd:x:74:74:Privilege-separated SSH:/var/empty/sshd:/sbin/nologin
pcap:x:77:77::/var/arpwatch:/sbin/nologin
ntp:x:38:38::/etc/ntp:/sbin/nologin
xfs:x:43:43:X Font Server:/etc/X11/fs:/sbin/nologin
gdm:x:42:42::/var/gdm:/sbin/nologin
sabayon:x:86:86:Sabayon user:/home/sabayon:/sbin/nologin
`

// initdSize is the size a script is padded up to: a few are known to be big
// (the function library, halt, the firewall and network scripts), the rest
// fall between 1.5 and 5 KiB.
func initdSize(name string) int {
	switch name {
	case "functions":
		return 12 << 10
	case "iptables":
		return 9 << 10
	case "ip6tables":
		return 8 << 10
	case "network":
		return 7 << 10
	case "halt":
		return 6 << 10
	case "nfs", "smb", "kudzu":
		return 5 << 10
	case "killall":
		return 1400
	case "single":
		return 1600
	}
	h := fnv.New32a()
	h.Write([]byte(name))
	return 1536 + int(h.Sum32()%(3584))
}

// initdScript is /etc/init.d/name.
func initdScript(name string) []byte {
	var b strings.Builder
	switch name {
	case "functions":
		b.WriteString(functionsHead)
	case "halt":
		b.WriteString(haltHead)
	case "killall":
		b.WriteString(killallScript)
	case "single":
		b.WriteString(singleScript)
	default:
		serviceHead(&b, name)
	}
	tail := ""
	if name != "functions" && name != "killall" && name != "single" && name != "halt" {
		tail = serviceTail
	}
	target := initdSize(name) - len(tail)
	for i := 1; b.Len()+len(helper(name, i)) <= target; i++ {
		b.WriteString(helper(name, i))
	}
	b.WriteString(tail)
	return []byte(b.String())
}

// serviceHead is the top of a Red Hat style service script: the chkconfig
// header, the function library, the start/stop functions.
func serviceHead(b *strings.Builder, name string) {
	h := fnv.New32a()
	h.Write([]byte(name))
	start := 10 + h.Sum32()%80
	fmt.Fprintf(b, `#!/bin/bash
#
# %[1]s	This shell script takes care of starting and stopping
#		%[1]s.
#
# chkconfig: - %[2]d %[3]d
# description: %[1]s is started at boot time and stopped at shutdown \
#              by this script.
# processname: %[1]s
# pidfile: /var/run/%[1]s.pid

# Source function library.
. /etc/init.d/functions

[ -f /etc/sysconfig/%[1]s ] && . /etc/sysconfig/%[1]s

prog="%[1]s"
exec="/usr/sbin/$prog"
lockfile=/var/lock/subsys/$prog
RETVAL=0

start() {
	[ -x $exec ] || exit 5
	echo -n $"Starting $prog: "
	daemon $exec $OPTIONS
	RETVAL=$?
	echo
	[ $RETVAL -eq 0 ] && touch $lockfile
	return $RETVAL
}

stop() {
	echo -n $"Stopping $prog: "
	killproc $prog
	RETVAL=$?
	echo
	[ $RETVAL -eq 0 ] && rm -f $lockfile
	return $RETVAL
}

restart() {
	stop
	start
}

`, name, start, 100-start)
}

const serviceTail = `case "$1" in
  start)
	start
	;;
  stop)
	stop
	;;
  restart|reload)
	restart
	;;
  condrestart)
	[ -f $lockfile ] && restart || :
	;;
  status)
	status $prog
	RETVAL=$?
	;;
  *)
	echo $"Usage: $0 {start|stop|status|restart|condrestart|reload}"
	RETVAL=2
esac

exit $RETVAL
`

// helper is the i-th of the helper functions that fill a script out to its
// size: the chores a real script does around starting its daemon.
func helper(name string, i int) string {
	fn := strings.NewReplacer("-", "_", ".", "_").Replace(name)
	switch i % 5 {
	case 1:
		return fmt.Sprintf(`# Make sure the configuration of %[1]s is sane before acting on it.
%[2]s_check_config_%[3]d() {
	if [ -f /etc/sysconfig/%[1]s ]; then
		. /etc/sysconfig/%[1]s
	fi
	[ -n "$OPTIONS" ] || OPTIONS=""
	return 0
}

`, name, fn, i)
	case 2:
		return fmt.Sprintf(`# Wait up to $1 seconds for the pid file of %[1]s to appear.
%[2]s_wait_for_pid_%[3]d() {
	local timeout=${1:-10}
	while [ $timeout -gt 0 ]; do
		[ -s /var/run/%[1]s.pid ] && return 0
		sleep 1
		timeout=$((timeout - 1))
	done
	return 1
}

`, name, fn, i)
	case 3:
		return fmt.Sprintf(`# Keep the last few logs of %[1]s around for debugging.
%[2]s_rotate_log_%[3]d() {
	local log=/var/log/%[1]s.log
	[ -f "$log" ] || return 0
	for n in 3 2 1; do
		[ -f "$log.$n" ] && mv -f "$log.$n" "$log.$((n + 1))"
	done
	mv -f "$log" "$log.1"
}

`, name, fn, i)
	case 4:
		return fmt.Sprintf(`# Load the kernel modules %[1]s needs, quietly.
%[2]s_load_modules_%[3]d() {
	for mod in $MODULES; do
		/sbin/modprobe $mod >/dev/null 2>&1 || \
			echo $"%[1]s: could not load module $mod"
	done
}

`, name, fn, i)
	}
	return fmt.Sprintf(`# Restore the SELinux contexts of the files %[1]s writes.
%[2]s_fix_contexts_%[3]d() {
	[ -x /sbin/restorecon ] || return 0
	/sbin/restorecon -R /var/run/%[1]s* /var/lib/%[1]s 2>/dev/null
	return 0
}

`, name, fn, i)
}

const functionsHead = `# -*-Shell-script-*-
#
# functions	This file contains functions to be used by most or all
#		shell scripts in the /etc/init.d directory.
#

TEXTDOMAIN=initscripts

# Make sure umask is sane
umask 022

# Set up a default search path.
PATH="/sbin:/usr/sbin:/bin:/usr/bin"
export PATH

# Get a sane screen width
[ -z "${COLUMNS:-}" ] && COLUMNS=80

if [ -z "${BOOTUP:-}" ]; then
  if [ -f /etc/sysconfig/init ]; then
      . /etc/sysconfig/init
  else
      BOOTUP=color
      RES_COL=60
      MOVE_TO_COL="echo -en \\033[${RES_COL}G"
      SETCOLOR_SUCCESS="echo -en \\033[1;32m"
      SETCOLOR_FAILURE="echo -en \\033[1;31m"
      SETCOLOR_WARNING="echo -en \\033[1;33m"
      SETCOLOR_NORMAL="echo -en \\033[0;39m"
      LOGLEVEL=1
  fi
fi

# Check if $pid (could be plural) are running
checkpid() {
	local i

	for i in $* ; do
		[ -d "/proc/$i" ] && return 0
	done
	return 1
}

# A function to start a program.
daemon() {
	local gotbase= force= nicelevel corelimit
	local pid base= user= nice= bg= pid_file=
	nicelevel=0
	while [ "$1" != "${1##[-+]}" ]; do
	  case $1 in
	    '')    echo $"$0: Usage: daemon [+/-nicelevel] {program}"
	           return 1;;
	    --check)
		   base=$2
		   gotbase="yes"
		   shift 2
		   ;;
	    --user)
		   user=$2
		   shift 2
		   ;;
	    -*|+*) nicelevel=$1
	           shift
		   ;;
	     *)    nicelevel=0
	           ;;
	  esac
	done
	[ -z "$gotbase" ] && base=${1##*/}
	__pids_var_run "$base" "$pid_file"
	[ -n "$pid" -a -z "$force" ] && return
	corelimit="ulimit -S -c ${DAEMON_COREFILE_LIMIT:-0}"
	if [ -z "$user" ]; then
	   $nice /bin/bash -c "$corelimit >/dev/null 2>&1 ; $*"
	else
	   $nice runuser -s /bin/bash - $user -c "$corelimit >/dev/null 2>&1 ; $*"
	fi
	[ "$?" -eq 0 ] && success $"$base startup" || failure $"$base startup"
}

# A function to stop a program.
killproc() {
	local RC killlevel= base pid pid_file= delay

	RC=0; delay=3
	base=${1##*/}
	__pids_var_run "$1" "$pid_file"
	if [ -n "$pid" ] ; then
		kill -TERM $pid >/dev/null 2>&1
		usleep 100000
		if checkpid $pid && sleep 1 &&
		   checkpid $pid && sleep $delay &&
		   checkpid $pid ; then
			kill -KILL $pid >/dev/null 2>&1
			usleep 100000
		fi
		checkpid $pid
		RC=$?
		[ "$RC" -eq 0 ] && failure $"$base shutdown" || success $"$base shutdown"
		RC=$((! $RC))
	else
		failure $"$base shutdown"
		RC=7
	fi
	[ -z "$killlevel" ] && rm -f "${pid_file:-/var/run/$base.pid}"
	return $RC
}

# Log that something succeeded
success() {
  [ "$BOOTUP" = "color" ] && $MOVE_TO_COL
  echo -n "["
  [ "$BOOTUP" = "color" ] && $SETCOLOR_SUCCESS
  echo -n $"  OK  "
  [ "$BOOTUP" = "color" ] && $SETCOLOR_NORMAL
  echo -n "]"
  echo -ne "\r"
  return 0
}

# Log that something failed
failure() {
  local rc=$?
  [ "$BOOTUP" = "color" ] && $MOVE_TO_COL
  echo -n "["
  [ "$BOOTUP" = "color" ] && $SETCOLOR_FAILURE
  echo -n $"FAILED"
  [ "$BOOTUP" = "color" ] && $SETCOLOR_NORMAL
  echo -n "]"
  echo -ne "\r"
  return $rc
}

`

const haltHead = `#!/bin/bash
#
# halt          This file is executed by init when it goes into runlevel
#               0 (halt) or runlevel 6 (reboot). It kills all processes,
#               unmounts file systems and then either halts or reboots.
#

NOLOCALE=1
. /etc/init.d/functions

UMOUNT="umount"
[ ! -w /etc ] && UMOUNT="umount -n"

action() {
   echo -n "$1 "
   shift
   "$@" && success $"$1" || failure $"$1"
   rc=$?
   echo
   return $rc
}

# See how we were called.
case "$0" in
   *halt)
	message=$"Halting system..."
	command="/sbin/halt"
	;;
   *reboot)
	message=$"Please stand by while rebooting the system..."
	command="/sbin/reboot"
	;;
   *)
	echo $"$0: call me as 'halt' or 'reboot' please!"
	exit 1
	;;
esac

# Kill all processes.
[ "${BASH+bash}" = bash ] && enable kill

action $"Sending all processes the TERM signal..." /sbin/killall5 -15
sleep 5
action $"Sending all processes the KILL signal..."  /sbin/killall5 -9

# Write to wtmp file before unmounting /var
/sbin/halt -w

# Save mixer settings, here for lack of a better place.
if [ -s /etc/alsa/alsactl.conf -a -x /sbin/alsactl ]; then
   action $"Saving mixer settings" /sbin/alsactl -E ALSA_CONFIG_PATH=/etc/alsa/alsactl.conf store
fi

# Sync the system clock.
ARC=0
SRM=0
UTC=0
if [ -f /etc/sysconfig/clock ]; then
   . /etc/sysconfig/clock
fi
CLOCKFLAGS="$CLOCKFLAGS --systohc"
case "$UTC" in
   yes|true)	CLOCKFLAGS="$CLOCKFLAGS --utc";;
   *)		CLOCKFLAGS="$CLOCKFLAGS --localtime";;
esac
[ -x /sbin/hwclock ] && action $"Syncing hardware clock to system time" /sbin/hwclock $CLOCKFLAGS

# Turn off swap, then unmount file systems.
SWAPS=$(awk '! /^Filename/ { print $1 }' /proc/swaps)
[ -n "$SWAPS" ] && action $"Turning off swap: " swapoff $SWAPS

action $"Unmounting file systems: " $UMOUNT -a -t nonfs,nosmbfs,noproc,nosysfs
sync

# Now halt or reboot.
echo $"$message"
[ -f /fastboot ] && echo $"On the next boot fsck will be skipped."
[ -f /forcefsck ] && echo $"On the next boot fsck will be forced."

`

const killallScript = `#! /bin/bash
#
# killall	Bring down all unneeded services that are still running.
#		There should be none left when this runs, so this is
#		only a sanity check at the end of a runlevel change.
#

case "$1" in
  *start)
	;;
  *)
	echo $"Usage: $0 {start}"
	exit 1
	;;
esac

for i in /var/lock/subsys/* ; do
	# Check if the script is there.
	[ -f "$i" ] || continue

	# Get the subsystem name.
	subsys=${i#/var/lock/subsys/}

	# Networking could be needed for NFS root.
	[ $subsys = network ] && continue

	# Bring the subsystem down.
	if [ -f /etc/init.d/$subsys ] ; then
		/etc/init.d/$subsys stop
	else
		rm -f "$i"
	fi
done
`

const singleScript = `#!/bin/bash
#
# single	This file is executed by init when it goes into runlevel
#		1, which is the administrative state. It kills all
#		daemons and then puts the system into single user mode.
#		Note that the file systems are kept mounted.
#

. /etc/init.d/functions

# Kill all processes.
[ "${BASH+bash}" = bash ] && enable kill

# Set SELinux to permissive for the repairs.
if [ -e /selinux/enforce ]; then
	echo 0 > /selinux/enforce
fi

# Run the killall script to stop what is left.
/etc/init.d/killall start

# If they asked for ide-scsi, load it
if strstr "$(cat /proc/cmdline)" ide-scsi ; then
	modprobe ide-cd >/dev/null 2>&1
	modprobe ide-scsi >/dev/null 2>&1
fi

# Now go to the single user level.
echo $"Telling INIT to go to single user mode."
exec init -t1 S
`
