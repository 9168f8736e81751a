package mm

import (
	"fmt"
	"runtime"
	"sync"
	"time"
	"weak"
)

// machines finds a Memory from the id its pages carry, so that a Page, which
// holds no Go pointer, can still name its zone. Entries are weak: a machine
// nobody uses any more is collected, and its id is given to a later one.
var machines struct {
	mu   sync.RWMutex
	live []weak.Pointer[Memory] // live[id-1]
	free []uint16               // ids of collected machines
}

// maxMachines is how many machines can be alive at once: ids fit in 15 bits
// of Page.ident.
const maxMachines = 1<<15 - 1

// register gives m an id and enters it in the registry; when m is collected
// the id returns to the pool.
func register(m *Memory) error {
	for attempt := 0; ; attempt++ {
		machines.mu.Lock()
		var id uint16
		switch {
		case len(machines.free) > 0:
			id = machines.free[len(machines.free)-1]
			machines.free = machines.free[:len(machines.free)-1]
		case len(machines.live) < maxMachines:
			machines.live = append(machines.live, weak.Pointer[Memory]{})
			id = uint16(len(machines.live))
		}
		if id != 0 {
			machines.live[id-1] = weak.Make(m)
			machines.mu.Unlock()
			m.id = id
			runtime.AddCleanup(m, release, id)
			return nil
		}
		machines.mu.Unlock()
		if attempt == 10 {
			return fmt.Errorf("mm: %d machines are alive; no id left for another", maxMachines)
		}
		// Collect the machines nobody holds and let their cleanups return
		// the ids, then try again.
		runtime.GC()
		time.Sleep(time.Millisecond)
	}
}

func release(id uint16) {
	machines.mu.Lock()
	defer machines.mu.Unlock()
	machines.live[id-1] = weak.Pointer[Memory]{}
	machines.free = append(machines.free, id)
}

// machineByID returns the live machine with id, or nil.
func machineByID(id uint16) *Memory {
	if id == 0 {
		return nil
	}
	machines.mu.RLock()
	defer machines.mu.RUnlock()
	if int(id) > len(machines.live) {
		return nil
	}
	return machines.live[id-1].Value()
}
