package serve

// BusyError is a mount point, port or mount that is in use.
type BusyError struct{ What, Why string }

func (e *BusyError) Error() string { return e.What + " " + e.Why }
