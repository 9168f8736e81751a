package blockdev

import (
	"errors"
	"strings"
	"testing"
)

// TestOopsKillsTheCaller: each system call whose driver code oopses ends
// with *Killed, on a plain goroutine; ExitOnKill's process does not see
// the call return.
func TestOopsKillsTheCaller(t *testing.T) {
	tests := []struct {
		name string
		info func() *ModuleInfo
		call func(k *Kernel) error // after the insmod, unless it is the insmod
	}{
		{"insmod of an init that oopses", func() *ModuleInfo { return oopsingRamdisk(nil, nil, true, false) },
			func(k *Kernel) error {
				_, err := k.InitModule(oopsingRamdisk(nil, nil, true, false), "")
				return err
			}},
		{"HDIO_GETGEO of a getgeo that oopses", func() *ModuleInfo { return oopsingRamdisk(nil, nil, false, true) },
			func(k *Kernel) error {
				b, err := k.Open("/dev/ramdisk")
				if err != nil {
					return err
				}
				defer b.Close()
				return b.Ioctl(HDIO_GETGEO, &HdGeometry{})
			}},
		{"a read whose request function oopses", func() *ModuleInfo { return oopsingRamdisk(requestNilPointer, nil, false, false) },
			func(k *Kernel) error {
				b, err := k.Open("/dev/ramdisk")
				if err != nil {
					return err
				}
				defer b.Close()
				_, err = b.ReadAt(make([]byte, 512), 0)
				return err
			}},
		{"a write whose make_request oopses", func() *ModuleInfo { return oopsingRamdisk(nil, makeRequestBUG, false, false) },
			func(k *Kernel) error {
				b, err := k.Open("/dev/ramdisk")
				if err != nil {
					return err
				}
				defer b.Close()
				_, err = b.WriteDirect(make([]byte, 4096), 0)
				return err
			}},
	}
	for _, tt := range tests {
		for _, process := range []bool{false, true} {
			name := tt.name
			if process {
				name += ", in a process"
			}
			t.Run(name, func(t *testing.T) {
				k, err := Boot(Config{Seed: 7})
				if err != nil {
					t.Fatal(err)
				}
				if !strings.HasPrefix(tt.name, "insmod") {
					if _, err := k.InitModule(tt.info(), ""); err != nil {
						t.Fatal(err)
					}
				}
				var returned bool
				err = func() (err error) {
					if process {
						defer ExitOnKill()()
						defer func() {
							if r := recover(); r != nil {
								err = r.(*Killed)
							}
						}()
					}
					err = tt.call(k)
					returned = true
					return err
				}()
				var killed *Killed
				if !errors.As(err, &killed) || killed.Signal != SIGSEGV || killed.Oops == nil || !errors.Is(err, ErrKilled) {
					t.Fatalf("got %v, want *Killed by SIGSEGV", err)
				}
				if errors.Is(err, EFAULT) || errors.Is(err, EIO) {
					t.Errorf("%v is taken for an errno", err)
				}
				if returned == process {
					t.Errorf("the call returned: %v, in a process: %v", returned, process)
				}
				if !strings.Contains(k.Dmesg(), killed.Oops.Text[:40]) {
					t.Errorf("dmesg lacks the oops %q:\n%s", killed.Oops.Text, k.Dmesg())
				}
				// The kill was for that call only.
				if _, err := k.Lstat("/proc/modules"); err != nil {
					t.Errorf("the next system call: %v", err)
				}
				if err := k.DeleteModule("nosuchmodule"); err != ENOENT {
					t.Errorf("the next system call: %v, want ENOENT", err)
				}
			})
		}
	}
}

// TestKblockdOopsKillsNoTask: a request function that the unplug timer has
// kblockd run oopses in kblockd's context: no system call is killed, and
// I/O to the queue fails with EIO afterwards.
func TestKblockdOopsKillsNoTask(t *testing.T) {
	k, err := Boot(Config{Seed: 7})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := k.InitModule(oopsingRamdisk(requestNilMap, nil, false, false), ""); err != nil {
		t.Fatal(err)
	}
	b, err := k.Open("/dev/ramdisk")
	if err != nil {
		t.Fatal(err)
	}
	k.SubmitBio(nil, WRITE, pageBio(k, b, 0, make([]byte, 4096)))
	k.Sleep(HZ)
	if k.Oopses() != 1 {
		t.Fatalf("%d oopses, want kblockd's:\n%s", k.Oopses(), k.Dmesg())
	}
	if _, err := b.ReadDirect(make([]byte, 4096), 4096); err != EIO {
		t.Errorf("a read after kblockd's oops: %v, want EIO", err)
	}
	if err := b.Close(); err != nil {
		t.Errorf("close: %v", err)
	}
}
