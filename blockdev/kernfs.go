package blockdev

import (
	"io/fs"
	"path"
	"sort"
	"strings"
)

// KNode is a file, directory, symlink or device node that the kernel shows
// user space under /dev, /sys or /proc. Directories list their children
// when asked, so what ls shows is always the kernel's current state.
type KNode struct {
	Name  string
	Mode  fs.FileMode            // permission bits plus fs.ModeDir, fs.ModeSymlink, fs.ModeDevice
	Dev   DevT                   // for device nodes
	Gid   int                    // the owning group: 0 (root), or GidDisk for udev's disk nodes
	Link  string                 // for symlinks
	MTime uint64                 // jiffies when it appeared
	Show  func() (string, error) // the attribute's show method
	Store func(string) error     // its store method: nil or a negative Errno
	// Children lists a directory's entries.
	Children func() []*KNode
}

// IsDir reports whether n is a directory.
func (n *KNode) IsDir() bool { return n.Mode&fs.ModeDir != 0 }

func dirNode(name string, children func() []*KNode) *KNode {
	return &KNode{Name: name, Mode: fs.ModeDir | 0755, Children: children}
}

func roFile(name string, show func() string) *KNode {
	return &KNode{Name: name, Mode: 0444, Show: func() (string, error) { return show(), nil }}
}

func rwFile(name string, show func() string, store func(string) error) *KNode {
	return &KNode{Name: name, Mode: 0644, Show: func() (string, error) { return show(), nil }, Store: store}
}

// lookupKernfs models the path walk (link_path_walk, fs/namei.c) to the
// node at an absolute path under /dev, /sys or /proc, following no
// symlinks. It fails with -ENOENT or -ENOTDIR.
func (k *Kernel) lookupKernfs(p string) (*KNode, Errno) {
	p = path.Clean(p)
	root := k.kernfsRoot()
	if p == "/" {
		return root, 0
	}
	n := root
	for _, part := range strings.Split(strings.TrimPrefix(p, "/"), "/") {
		if !n.IsDir() {
			return nil, -ENOTDIR
		}
		var next *KNode
		for _, c := range n.Children() {
			if c.Name == part {
				next = c
				break
			}
		}
		if next == nil {
			return nil, -ENOENT
		}
		n = next
	}
	return n, 0
}

func (k *Kernel) kernfsRoot() *KNode {
	return dirNode("/", func() []*KNode {
		return []*KNode{
			dirNode("dev", k.devChildren),
			dirNode("proc", k.procChildren),
			dirNode("sys", k.sysChildren),
		}
	})
}

// sortNodes orders a directory's entries by name.
func sortNodes(ns []*KNode) []*KNode {
	sort.Slice(ns, func(i, j int) bool { return ns[i].Name < ns[j].Name })
	return ns
}
