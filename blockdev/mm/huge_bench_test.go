package mm

import (
	"bytes"
	"fmt"
	"os"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"testing"
	"time"
)

// hostMemory is what the host process holds: the Go heap in use after a
// collection (runtime.MemStats.HeapInuse) and, on Linux, the resident set
// after the runtime has returned what it can to the OS.
type hostMemory struct{ heap, rss int64 }

func measureHost() hostMemory {
	runtime.GC()
	debug.FreeOSMemory()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return hostMemory{heap: int64(ms.HeapInuse), rss: residentSet()}
}

// residentSet reads VmRSS from /proc/self/status; 0 where there is none.
func residentSet() int64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, l := range strings.Split(string(b), "\n") {
		if f := strings.Fields(l); len(f) >= 2 && f[0] == "VmRSS:" {
			kb, _ := strconv.ParseInt(f[1], 10, 64)
			return kb * kiB
		}
	}
	return 0
}

func mib(n int64) float64 { return float64(n) / float64(miB) }

// BenchmarkHugeDevice measures what a simp_blkdev-like device of 1 GiB and
// 16 GiB costs the host on a 20 GiB x86_64 machine, phase by phase, as
// insmod size=1G/16G, some I/O and rmmod would: allocate the device's pages
// (order 0 or order-2 segments, with or without __GFP_ZERO), write its
// first sixteenth whole, write one page per 4 MiB of its second sixteenth,
// read every page, free them all, then take them back with __GFP_ZERO and
// free them again. Metrics (one run per iteration; the last is reported):
//
//	boot-MiB     heap of the booted machine
//	alloc-ms     time to allocate the device (what insmod spends in mm)
//	alloc-MiB    heap added by the allocation
//	write-MiB    heap added by writing 1/16 of the device
//	sparse-MiB   heap added by writing one page per 4 MiB of the next 1/16
//	read-ms      time to read every page of the device
//	read-MiB     heap added by reading it
//	freed-MiB    heap above the booted machine once every page is freed
//	rezero-MiB   the same after the pages were taken back with __GFP_ZERO
//	             and freed again
//	rss-MiB      resident set above the booted machine after the writes
//
// The pages' handles are held in a slice made before the first measurement,
// so the figures are mm's alone (a driver's radix tree is its own cost).
// Run it with: go test ./blockdev/mm -run '^$' -bench HugeDevice -benchtime 1x
func BenchmarkHugeDevice(b *testing.B) {
	for _, size := range []int64{1 * giB, 16 * giB} {
		for _, order := range []int{0, 2} {
			for _, zero := range []bool{false, true} {
				name := fmt.Sprintf("size=%dG/order=%d/zero=%v", size/giB, order, zero)
				b.Run(name, func(b *testing.B) {
					for i := 0; i < b.N; i++ {
						runHugeDevice(b, size, order, zero)
					}
				})
			}
		}
	}
	// The plain-Go cost of the same bytes: make([]byte, n) and touch every
	// page. 16 GiB is made but not touched: touching it would take 16 GiB of
	// the host's RAM.
	for _, size := range []int64{1 * giB, 16 * giB} {
		b.Run(fmt.Sprintf("plain-go/size=%dG", size/giB), func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				before := measureHost()
				start := time.Now()
				buf := make([]byte, size)
				made := time.Since(start)
				if size <= 1*giB {
					for off := 0; off < len(buf); off += PAGE_SIZE {
						buf[off] = 1
					}
				}
				elapsed := time.Since(start)
				after := measureHost()
				runtime.KeepAlive(buf)
				b.ReportMetric(float64(made.Microseconds())/1000, "make-ms")
				b.ReportMetric(float64(elapsed.Microseconds())/1000, "alloc-ms")
				b.ReportMetric(mib(after.heap-before.heap), "alloc-MiB")
				b.ReportMetric(mib(after.rss-before.rss), "rss-MiB")
			}
		})
	}
}

func runHugeDevice(b *testing.B, size int64, order int, zero bool) {
	n := int(size / (PAGE_SIZE << order))
	pages := make([]*Page, 0, n)
	start := measureHost()
	m, err := New(Config{Preset: X86_64, RAM: 20 * giB, Seed: 1})
	if err != nil {
		b.Fatal(err)
	}
	booted := measureHost()
	gfp := GFP_KERNEL
	if zero {
		gfp |= GFP_ZERO
	}
	t0 := time.Now()
	for len(pages) < n {
		p := m.AllocPages(gfp, order)
		if p == nil {
			b.Fatalf("allocation %d of %d failed", len(pages), n)
		}
		pages = append(pages, p)
	}
	allocTime := time.Since(t0)
	allocated := measureHost()

	nPages := n << order
	page := func(i int) *Page { return m.Nth(pages[i>>order], i&(1<<order-1)) }
	data := bytes.Repeat([]byte("simp_blkdev "), PAGE_SIZE/12+1)[:PAGE_SIZE]
	for i := 0; i < nPages/16; i++ {
		m.WritePage(page(i), 0, data)
	}
	written := measureHost()
	for i := nPages / 16; i < nPages/8; i += pagesPerBlockBench {
		m.WritePage(page(i), 0, data)
	}
	sparse := measureHost()

	buf := make([]byte, PAGE_SIZE)
	t0 = time.Now()
	for i := 0; i < nPages; i++ {
		m.ReadPage(page(i), 0, buf)
	}
	readTime := time.Since(t0)
	read := measureHost()

	for _, p := range pages {
		m.FreePages(p, order)
	}
	freed := measureHost()
	pages = pages[:0]
	for len(pages) < n {
		pages = append(pages, m.AllocPages(GFP_KERNEL|GFP_ZERO, order))
	}
	for _, p := range pages {
		m.FreePages(p, order)
	}
	rezeroed := measureHost()
	runtime.KeepAlive(m)
	runtime.KeepAlive(pages)

	b.ReportMetric(mib(booted.heap-start.heap), "boot-MiB")
	b.ReportMetric(float64(allocTime.Microseconds())/1000, "alloc-ms")
	b.ReportMetric(mib(allocated.heap-booted.heap), "alloc-MiB")
	b.ReportMetric(mib(written.heap-allocated.heap), "write-MiB")
	b.ReportMetric(mib(sparse.heap-written.heap), "sparse-MiB")
	b.ReportMetric(float64(readTime.Microseconds())/1000, "read-ms")
	b.ReportMetric(mib(read.heap-sparse.heap), "read-MiB")
	b.ReportMetric(mib(freed.heap-booted.heap), "freed-MiB")
	b.ReportMetric(mib(rezeroed.heap-booted.heap), "rezero-MiB")
	b.ReportMetric(mib(sparse.rss-booted.rss), "rss-MiB")
}

// pagesPerBlockBench is the stride of the sparse write: one page per 4 MiB.
const pagesPerBlockBench = 1024
