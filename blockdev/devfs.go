package blockdev

import (
	"io/fs"
	"strings"
)

// The simulated /dev is what udev keeps there: the character devices of
// drivers/char/mem.c from boot, and a node when a disk or partition is added
// (brw-r----- root disk, as RHEL5's udev rules make block nodes), gone when
// it is removed; mknod and rm change it by hand.

// GidDisk is the group "disk" of RHEL5's /etc/group, which udev gives disks.
const GidDisk = 6

// devAdd models udev creating the block device node /dev/<name> for dev,
// brw-r----- root disk.
func (k *Kernel) devAdd(name string, dev DevT) { k.devAddNode(name, fs.ModeDevice|0640, GidDisk, dev) }

// devAddNode models udev creating /dev/<name> with mode (type and
// permission bits) and group, dated now.
func (k *Kernel) devAddNode(name string, mode fs.FileMode, gid int, dev DevT) {
	k.devMu.Lock()
	defer k.devMu.Unlock()
	if k.devNodes == nil {
		k.devNodes = map[string]*KNode{}
	}
	k.devNodes[name] = &KNode{Name: name, Mode: mode, Dev: dev, Gid: gid, MTime: k.Jiffies()}
}

// devRemove models udev removing /dev/<name> when its device goes.
func (k *Kernel) devRemove(name string, dev DevT) {
	k.devMu.Lock()
	defer k.devMu.Unlock()
	if n, ok := k.devNodes[name]; ok && n.Dev == dev {
		delete(k.devNodes, name)
	}
}

// devMknod models vfs_mknod() of a device node in /dev: mknod /dev/x b 72
// 0 (mode has fs.ModeCharDevice for a character node). The node belongs to
// the caller's group, root's (the VFS gives a new inode current->fsgid). It
// returns 0 or a negative errno.
func (k *Kernel) devMknod(name string, mode fs.FileMode, dev DevT) Errno {
	if strings.Contains(name, "/") || name == "" {
		return -ENOENT
	}
	k.devMu.Lock()
	defer k.devMu.Unlock()
	if k.devNodes == nil {
		k.devNodes = map[string]*KNode{}
	}
	if _, ok := k.devNodes[name]; ok {
		return -EEXIST
	}
	k.devNodes[name] = &KNode{Name: name, Mode: fs.ModeDevice | mode&fs.ModeCharDevice | mode.Perm(), Dev: dev, MTime: k.Jiffies()}
	return 0
}

// devUnlink models vfs_unlink() of a node in /dev: 0 or -ENOENT.
func (k *Kernel) devUnlink(name string) Errno {
	k.devMu.Lock()
	defer k.devMu.Unlock()
	if _, ok := k.devNodes[name]; !ok {
		return -ENOENT
	}
	delete(k.devNodes, name)
	return 0
}

func (k *Kernel) devChildren() []*KNode {
	k.devMu.Lock()
	defer k.devMu.Unlock()
	var ns []*KNode
	for _, n := range k.devNodes {
		ns = append(ns, n)
	}
	return sortNodes(ns)
}
