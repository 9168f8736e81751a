package fs

import (
	"bytes"
	"errors"
	iofs "io/fs"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"simpblkdev/blockdev/errno"
)

var mountable = []Type{Ext4, Vfat}

// mkfsMount makes a file system of type t on a fresh 16 MiB memory device
// and mounts it.
func mkfsMount(t *testing.T, typ Type, size int64) (*memDevice, FS) {
	t.Helper()
	dev := newMemDevice(size)
	if _, err := Mkfs(dev, typ, MkfsOptions{Seed: 7}); err != nil {
		t.Fatalf("Mkfs %s: %v", typ, err)
	}
	f, err := Mount(dev)
	if err != nil {
		t.Fatalf("Mount: %v", err)
	}
	return dev, f
}

func names(ents []Entry) []string {
	var n []string
	for _, e := range ents {
		n = append(n, e.Name)
	}
	return n
}

func TestMountReportsType(t *testing.T) {
	for _, tc := range []struct {
		mkfs, mount Type
		root        []string
	}{
		{Ext4, Ext4, []string{"lost+found"}},
		{Vfat, Vfat, nil},
		{Msdos, Vfat, nil},
	} {
		t.Run(string(tc.mkfs), func(t *testing.T) {
			_, f := mkfsMount(t, tc.mkfs, 16<<20)
			if f.Type() != tc.mount {
				t.Errorf("Type() = %q, want %q", f.Type(), tc.mount)
			}
			ents, err := f.ReadDir("/")
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tc.root, names(ents)); diff != "" {
				t.Errorf("root after mkfs (-want +got):\n%s", diff)
			}
		})
	}
}

func TestRoundTrip(t *testing.T) {
	for _, typ := range mountable {
		t.Run(string(typ), func(t *testing.T) {
			dev, f := mkfsMount(t, typ, 16<<20)
			want := map[string][]byte{
				"/empty.txt": nil,
				"/one":       []byte("x"),
				"/passwd":    []byte("root:x:0:0:root:/root:/bin/bash\n"),
				"/big":       bytes.Repeat([]byte("0123456789abcdef"), 70000), // 1.1 MB, many blocks
				"/d1/d2/f":   initdScript("deep"),
			}
			if typ == Vfat {
				delete(want, "/empty.txt") // see doc.go: go-diskfs gives an empty FAT file a cluster
			}
			for _, d := range []string{"/d1", "/d1/d2"} {
				if err := f.Mkdir(d); err != nil {
					t.Fatal(err)
				}
			}
			for p, data := range want {
				if err := f.WriteFile(p, data, 0o644); err != nil {
					t.Fatalf("WriteFile %s: %v", p, err)
				}
			}
			check := func(f FS) {
				t.Helper()
				for p, data := range want {
					got, err := f.ReadFile(p)
					if err != nil {
						t.Fatalf("ReadFile %s: %v", p, err)
					}
					if !bytes.Equal(got, data) {
						t.Errorf("ReadFile %s: %d bytes, want %d", p, len(got), len(data))
					}
					e, err := f.Stat(p)
					if err != nil {
						t.Fatal(err)
					}
					if e.Size != int64(len(data)) || e.IsDir || e.Nlink != 1 {
						t.Errorf("Stat %s = %+v", p, e)
					}
				}
				d, err := f.Stat("/d1")
				if err != nil || !d.IsDir || d.Nlink != 3 || d.Mode&iofs.ModeDir == 0 {
					t.Errorf("Stat /d1 = %+v, %v; want a directory with 3 links", d, err)
				}
				root, err := f.Stat("/")
				if err != nil || !root.IsDir || root.Name != "/" {
					t.Errorf("Stat / = %+v, %v", root, err)
				}
			}
			check(f)
			// overwrite = truncate and write, as cp onto an existing file
			want["/one"] = []byte("second version\n")
			if err := f.WriteFile("/one", want["/one"], 0o600); err != nil {
				t.Fatal(err)
			}
			check(f)
			// written in pieces, as a shell's cp does: each call appends
			big := initdScript("pieces")
			for i := 0; i <= len(big); i += 1000 {
				if err := f.WriteFile("/d1/pieces", big[:min(i+1000, len(big))], 0o755); err != nil {
					t.Fatal(err)
				}
			}
			want["/d1/pieces"] = big
			check(f)
			if err := f.Unmount(); err != nil {
				t.Fatal(err)
			}
			f2, err := Mount(dev)
			if err != nil {
				t.Fatal(err)
			}
			check(f2)
			if typ == Ext4 {
				e, _ := f2.Stat("/one")
				if e.Mode != 0o644 {
					t.Errorf("mode of /one = %v, want -rw-r--r-- (kept when rewritten)", e.Mode)
				}
				lf, _ := f2.Stat("/lost+found")
				if lf.Mode != iofs.ModeDir|0o700 {
					t.Errorf("mode of /lost+found = %v, want drwx------", lf.Mode)
				}
			}
		})
	}
}

func TestErrors(t *testing.T) {
	for _, typ := range mountable {
		t.Run(string(typ), func(t *testing.T) {
			_, f := mkfsMount(t, typ, 16<<20)
			must := func(err error) {
				t.Helper()
				if err != nil {
					t.Fatal(err)
				}
			}
			must(f.Mkdir("/dir"))
			must(f.WriteFile("/dir/file", []byte("data"), 0o644))
			must(f.WriteFile("/file", []byte("data"), 0o644))
			for _, tc := range []struct {
				name string
				err  error
				want errno.Errno
				text string
			}{
				{"ReadFile missing", second(f.ReadFile("/nope")), errno.ENOENT, "No such file or directory"},
				{"Stat missing", second(f.Stat("/nope/x")), errno.ENOENT, "No such file or directory"},
				{"ReadDir missing", second(f.ReadDir("/nope")), errno.ENOENT, "No such file or directory"},
				{"Remove missing", f.Remove("/nope"), errno.ENOENT, "No such file or directory"},
				{"WriteFile in missing dir", f.WriteFile("/nope/x", nil, 0o644), errno.ENOENT, "No such file or directory"},
				{"Mkdir existing dir", f.Mkdir("/dir"), errno.EEXIST, "File exists"},
				{"Mkdir over file", f.Mkdir("/file"), errno.EEXIST, "File exists"},
				{"Mkdir in missing dir", f.Mkdir("/a/b"), errno.ENOENT, "No such file or directory"},
				{"Remove non-empty dir", f.Remove("/dir"), errno.ENOTEMPTY, "Directory not empty"},
				{"file as directory", f.WriteFile("/file/x", nil, 0o644), errno.ENOTDIR, "Not a directory"},
				{"ReadDir of a file", second(f.ReadDir("/file")), errno.ENOTDIR, "Not a directory"},
				{"ReadFile of a dir", second(f.ReadFile("/dir")), errno.EISDIR, "Is a directory"},
				{"WriteFile over a dir", f.WriteFile("/dir", nil, 0o644), errno.EISDIR, "Is a directory"},
				{"Remove root", f.Remove("/"), errno.EBUSY, "Device or resource busy"},
				{"long name", f.WriteFile("/"+strings.Repeat("n", 256), nil, 0o644), errno.ENAMETOOLONG, "File name too long"},
			} {
				var pe *iofs.PathError
				if !errors.As(tc.err, &pe) {
					t.Errorf("%s: %v is not a *fs.PathError", tc.name, tc.err)
					continue
				}
				if !errors.Is(tc.err, tc.want) || pe.Err.Error() != tc.text {
					t.Errorf("%s: got %v, want %s", tc.name, tc.err, tc.text)
				}
			}
			if !errors.Is(second(f.ReadFile("/nope")), iofs.ErrNotExist) {
				t.Error("ENOENT is not fs.ErrNotExist")
			}
			if err := f.RemoveAll("/nope"); err != nil {
				t.Errorf("RemoveAll of a missing path: %v", err)
			}
			must(f.RemoveAll("/dir"))
			if _, err := f.Stat("/dir/file"); !errors.Is(err, errno.ENOENT) {
				t.Errorf("Stat after RemoveAll: %v", err)
			}
			must(f.Unmount())
			if _, err := f.ReadDir("/"); !errors.Is(err, errno.EINVAL) {
				t.Errorf("ReadDir after Unmount: %v, want EINVAL", err)
			}
		})
	}
}

func second[T any](_ T, err error) error { return err }

func TestRemoveFreesSpaceAndKeepsTheRest(t *testing.T) {
	for _, typ := range mountable {
		t.Run(string(typ), func(t *testing.T) {
			dev, f := mkfsMount(t, typ, 16<<20)
			empty, err := f.Statfs()
			if err != nil {
				t.Fatal(err)
			}
			for _, n := range initdNames {
				if err := f.WriteFile("/"+n, initdScript(n), 0o755); err != nil {
					t.Fatal(err)
				}
			}
			full, err := f.Statfs()
			if err != nil {
				t.Fatal(err)
			}
			if full.Bfree >= empty.Bfree {
				t.Fatalf("copying used no space: %+v then %+v", empty, full)
			}
			// Remove every other file, then the directory listing and the
			// contents of the rest must be what they were.
			var kept []string
			for i, n := range initdNames {
				if i%2 == 0 {
					if err := f.Remove("/" + n); err != nil {
						t.Fatal(err)
					}
				} else {
					kept = append(kept, n)
				}
			}
			ents, err := f.ReadDir("/")
			if err != nil {
				t.Fatal(err)
			}
			got := names(ents)
			if typ == Ext4 {
				got = slices.DeleteFunc(got, func(s string) bool { return s == "lost+found" })
			}
			if diff := cmp.Diff(kept, got); diff != "" {
				t.Errorf("listing after removing half (-want +got):\n%s", diff)
			}
			half, err := f.Statfs()
			if err != nil {
				t.Fatal(err)
			}
			if !(half.Bfree > full.Bfree && half.Bfree < empty.Bfree) {
				t.Errorf("free blocks: empty %d, full %d, half %d", empty.Bfree, full.Bfree, half.Bfree)
			}
			// rm -rf /mnt/temp1/* takes everything, lost+found too.
			ents, _ = f.ReadDir("/")
			for _, e := range ents {
				if err := f.RemoveAll("/" + e.Name); err != nil {
					t.Fatal(err)
				}
			}
			if ents, _ := f.ReadDir("/"); len(ents) != 0 {
				t.Errorf("after rm -rf: %v", names(ents))
			}
			if err := f.Unmount(); err != nil {
				t.Fatal(err)
			}
			f, err = Mount(dev)
			if err != nil {
				t.Fatal(err)
			}
			if ents, _ := f.ReadDir("/"); len(ents) != 0 {
				t.Errorf("after rm -rf and remount: %v", names(ents))
			}
			gone, err := f.Statfs()
			if err != nil {
				t.Fatal(err)
			}
			wantFree := empty.Bfree
			if typ == Ext4 {
				wantFree++ // lost+found's block
			}
			if gone.Bfree != wantFree {
				t.Errorf("free blocks after removing everything: %d, want %d", gone.Bfree, wantFree)
			}
		})
	}
}

func TestStatfsFigures(t *testing.T) {
	t.Run("ext4", func(t *testing.T) {
		_, f := mkfsMount(t, Ext4, 16<<20)
		s, err := f.Statfs()
		if err != nil {
			t.Fatal(err)
		}
		// 16384 blocks less the overhead ext3_statfs counts: block 0, the
		// superblock and descriptor block of groups 0 and 1, and per group
		// two bitmaps and 2048*256/1024 inode table blocks.
		const overhead = 1 + 2*2 + 2*(2+512)
		want := Statfs{Type: Ext4, Bsize: 1024, Blocks: 16384 - overhead, Files: 4096, Namelen: 255}
		// used after mkfs: the 4096-block journal and one block each for
		// the root directory and lost+found.
		want.Bfree = want.Blocks - 4096 - 2
		want.Bavail = want.Bfree - 819
		want.Ffree = 4096 - 11
		if diff := cmp.Diff(want, s); diff != "" {
			t.Errorf("Statfs after mkfs (-want +got):\n%s", diff)
		}
		k, used, avail, pct := s.DF()
		if k != 15351 || used != 4098 || avail != 10434 || pct != 29 {
			t.Errorf("DF() = %d %d %d %d%%", k, used, avail, pct)
		}
		// A file of 3000 bytes takes three 1 KiB blocks.
		if err := f.WriteFile("/x", make([]byte, 3000), 0o644); err != nil {
			t.Fatal(err)
		}
		s2, _ := f.Statfs()
		if s.Bfree-s2.Bfree != 3 || s.Ffree-s2.Ffree != 1 {
			t.Errorf("after a 3000-byte file: %d blocks and %d inodes used, want 3 and 1", s.Bfree-s2.Bfree, s.Ffree-s2.Ffree)
		}
	})
	t.Run("vfat", func(t *testing.T) {
		_, f := mkfsMount(t, Vfat, 16<<20)
		s, err := f.Statfs()
		if err != nil {
			t.Fatal(err)
		}
		want := Statfs{Type: Vfat, Bsize: 1024, Blocks: 16302, Bfree: 16302, Bavail: 16302, Namelen: 260}
		if diff := cmp.Diff(want, s); diff != "" {
			t.Errorf("Statfs after mkfs (-want +got):\n%s", diff)
		}
		if err := f.WriteFile("/x", make([]byte, 3000), 0o644); err != nil {
			t.Fatal(err)
		}
		s2, _ := f.Statfs()
		if s.Bfree-s2.Bfree != 3 {
			t.Errorf("a 3000-byte file took %d clusters, want 3", s.Bfree-s2.Bfree)
		}
		if k, used, avail, pct := s2.DF(); k != 16302 || used != 3 || avail != 16299 || pct != 1 {
			t.Errorf("DF() = %d %d %d %d%%", k, used, avail, pct)
		}
	})
	t.Run("df of the tutorial", func(t *testing.T) {
		// /dev/simp_blkdev 15863 1440 13604 10% /mnt/temp1
		s := Statfs{Bsize: 1024, Blocks: 15863, Bfree: 15863 - 1440, Bavail: 13604}
		k, used, avail, pct := s.DF()
		if k != 15863 || used != 1440 || avail != 13604 || pct != 10 {
			t.Errorf("DF() = %d %d %d %d%%, want 15863 1440 13604 10%%", k, used, avail, pct)
		}
	})
}

func TestFillingUpGivesENOSPCAndKeepsEarlierFiles(t *testing.T) {
	for _, typ := range mountable {
		t.Run(string(typ), func(t *testing.T) {
			dev, f := mkfsMount(t, typ, 8<<20)
			written := map[string][]byte{}
			var err error
			for i := 0; i < 1000; i++ {
				name := "/f" + strings.Repeat("x", i%7) + string(rune('a'+i%26)) + itoa(i)
				data := bytes.Repeat([]byte{byte(i)}, 100_000+i)
				if err = f.WriteFile(name, data, 0o644); err != nil {
					break
				}
				written[name] = data
			}
			if !errors.Is(err, errno.ENOSPC) || err.(*iofs.PathError).Err.Error() != "No space left on device" {
				t.Fatalf("filling up: %v, want No space left on device", err)
			}
			if len(written) < 20 {
				t.Fatalf("only %d files fitted", len(written))
			}
			s, _ := f.Statfs()
			if s.Bavail > 100 {
				t.Errorf("ENOSPC with %d blocks available", s.Bavail)
			}
			if err := f.Unmount(); err != nil {
				t.Fatal(err)
			}
			f, err = Mount(dev)
			if err != nil {
				t.Fatal(err)
			}
			for name, data := range written {
				got, err := f.ReadFile(name)
				if err != nil || !bytes.Equal(got, data) {
					t.Fatalf("after ENOSPC, %s: %d bytes, %v", name, len(got), err)
				}
			}
			// Freeing space makes room again.
			for name := range written {
				if err := f.Remove(name); err != nil {
					t.Fatal(err)
				}
				break
			}
			if err := f.WriteFile("/after", []byte("fits again"), 0o644); err != nil {
				t.Errorf("after removing a file: %v", err)
			}
		})
	}
}

func itoa(i int) string { return strconv.Itoa(i) }

func TestMountGarbageFails(t *testing.T) {
	garbage := newMemDevice(16 << 20)
	x := uint32(2463534242)
	for i := range garbage.b {
		x ^= x << 13
		x ^= x >> 17
		x ^= x << 5
		garbage.b[i] = byte(x)
	}
	for name, dev := range map[string]*memDevice{
		"zeros":   newMemDevice(16 << 20),
		"garbage": garbage,
		"tiny":    newMemDevice(100),
	} {
		t.Run(name, func(t *testing.T) {
			_, err := Mount(dev)
			if !errors.Is(err, ErrWrongFSType) || !errors.Is(err, errno.EINVAL) {
				t.Fatalf("Mount = %v, want wrong fs type (EINVAL)", err)
			}
			if !strings.Contains(err.Error(), "wrong fs type, bad option, bad superblock") {
				t.Errorf("message %q", err)
			}
		})
	}
}

func TestEveryByteGoesThroughTheDevice(t *testing.T) {
	for _, typ := range mountable {
		dev, f := mkfsMount(t, typ, 16<<20)
		before := dev.writes
		if err := f.WriteFile("/x", []byte("hello"), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := f.Sync(); err != nil {
			t.Fatal(err)
		}
		if dev.writes == before || dev.syncs == 0 {
			t.Errorf("%s: writes %d -> %d, syncs %d", typ, before, dev.writes, dev.syncs)
		}
		if !bytes.Contains(dev.bytes(), []byte("hello")) {
			t.Errorf("%s: the data is not on the device", typ)
		}
	}
}

func TestConcurrentUse(t *testing.T) {
	_, f := mkfsMount(t, Ext4, 16<<20)
	done := make(chan error)
	for i := 0; i < 4; i++ {
		go func(i int) {
			var err error
			for j := 0; j < 5 && err == nil; j++ {
				name := "/g" + itoa(i) + "-" + itoa(j)
				if err = f.WriteFile(name, []byte(name), 0o644); err == nil {
					_, err = f.ReadDir("/")
				}
			}
			done <- err
		}(i)
	}
	for i := 0; i < 4; i++ {
		if err := <-done; err != nil {
			t.Error(err)
		}
	}
	ents, _ := f.ReadDir("/")
	if len(ents) != 21 {
		t.Errorf("%d entries, want 20 files and lost+found", len(ents))
	}
}
