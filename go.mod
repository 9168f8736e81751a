module simpblkdev

go 1.25.0

require (
	github.com/diskfs/go-diskfs v1.9.4
	github.com/google/go-cmp v0.7.0
	github.com/google/uuid v1.6.0
	github.com/hanwen/go-fuse/v2 v2.12.1
	github.com/pojntfx/go-nbd v0.3.2
	golang.org/x/sys v0.47.0
	golang.org/x/term v0.45.0
)

require github.com/elliotwutingfeng/asciiset v0.0.0-20260129054604-cfde2086bc57 // indirect
