package check

import (
	"fmt"
	"slices"
	"strings"

	"simpblkdev/blockdev"
	"simpblkdev/blockdev/fault"
	"simpblkdev/exercises/exercise"
)

// The scheduler lines of queue/scheduler: deadline chosen, and the
// default (cfq) a failed switch keeps.
const (
	deadlineLine = "noop anticipatory [deadline] cfq \n"
	cfqLine      = "noop anticipatory deadline [cfq] \n"
)

// deadlineTunables are deadline's files in queue/iosched, in the order sysfs
// lists them, with what a new instance holds (block/deadline-iosched.c):
// the batch size, front merging on, the FIFO expiry times in milliseconds,
// and how often reads may pass waiting writes.
var deadlineTunables = []struct{ name, value string }{
	{"fifo_batch", "16\n"},
	{"front_merges", "1\n"},
	{"read_expire", "500\n"},
	{"write_expire", "5000\n"},
	{"writes_starved", "2\n"},
}

// cfqTunables are the names in queue/iosched while cfq runs the queue.
var cfqTunables = []string{"back_seek_max", "back_seek_penalty", "fifo_expire_async", "fifo_expire_sync",
	"quantum", "slice_async", "slice_async_rq", "slice_idle", "slice_sync"}

const sysQueue = "/sys/block/simp_blkdev/queue"

// checkDeadline loads the driver: its queue runs deadline, whose tunables,
// at their defaults, are what queue/iosched holds.
func checkDeadline(module *blockdev.ModuleInfo) error {
	k, err := exercise.Load(module)
	if err != nil {
		return err
	}
	line, err := show(k, sysQueue+"/scheduler")
	if err != nil {
		return err
	}
	if line != deadlineLine {
		return fmt.Errorf("queue/scheduler = %q, want %q: elevator_init(q, \"deadline\") (TODO 1)", line, deadlineLine)
	}
	names, err := dir(k, sysQueue+"/iosched")
	if err != nil {
		return err
	}
	var want []string
	for _, t := range deadlineTunables {
		want = append(want, t.name)
	}
	if !slices.Equal(names, want) {
		return fmt.Errorf("queue/iosched holds %v, want deadline's %v", names, want)
	}
	for _, t := range deadlineTunables {
		v, err := show(k, sysQueue+"/iosched/"+t.name)
		if err != nil {
			return err
		}
		if v != t.value {
			return fmt.Errorf("queue/iosched/%s = %q, want %q, deadline's default", t.name, v, t.value)
		}
	}
	return nil
}

// checkSwitchFails makes elevator_init(q, "deadline") fail (the second
// scheduler allocation; the first is blk_init_queue's cfq): insmod still
// succeeds, logs the chapter's warning, and the queue keeps cfq.
func checkSwitchFails(module *blockdev.ModuleInfo) error {
	k, err := blockdev.Boot(blockdev.Config{Seed: 1})
	if err != nil {
		return err
	}
	k.Fault.FailNth(fault.Elevator, 2)
	if _, err := k.InitModule(module, ""); err != nil {
		return fmt.Errorf("insmod with the switch to deadline failing: %v, want it loaded with cfq (TODO 1)\n%s", err, k.Dmesg())
	}
	const warning = "Switch elevator failed, using default\n"
	if !strings.Contains(k.Dmesg(), warning) {
		return fmt.Errorf("with the switch to deadline failing, dmesg lacks %q: print it when elevator_init fails (TODO 1)\n%s", strings.TrimSpace(warning), k.Dmesg())
	}
	line, err := show(k, sysQueue+"/scheduler")
	if err != nil {
		return err
	}
	if line != cfqLine {
		return fmt.Errorf("with the switch to deadline failing, queue/scheduler = %q, want %q: keep the default, and give it back only when the switch worked (TODO 1)", line, cfqLine)
	}
	names, err := dir(k, sysQueue+"/iosched")
	if err != nil {
		return err
	}
	if !slices.Equal(names, cfqTunables) {
		return fmt.Errorf("with the switch to deadline failing, queue/iosched holds %v, want cfq's %v (TODO 1)", names, cfqTunables)
	}
	return nil
}

// show reads a /sys file of the simulated kernel.
func show(k *blockdev.Kernel, path string) (string, error) {
	n, err := k.Lstat(path)
	if err != nil {
		return "", fmt.Errorf("%s: %v", path, err)
	}
	s, err := n.Show()
	if err != nil {
		return "", fmt.Errorf("%s: %v", path, err)
	}
	return s, nil
}

// dir lists a /sys directory of the simulated kernel.
func dir(k *blockdev.Kernel, path string) ([]string, error) {
	n, err := k.Lstat(path)
	if err != nil {
		return nil, fmt.Errorf("%s: %v", path, err)
	}
	if !n.IsDir() {
		return nil, fmt.Errorf("%s is not a directory", path)
	}
	var names []string
	for _, c := range n.Children() {
		names = append(names, c.Name)
	}
	return names, nil
}
