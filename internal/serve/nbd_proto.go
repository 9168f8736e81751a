package serve

// The NBD protocol's numbers (the "fixed newstyle" handshake and simple
// replies of https://github.com/NetworkBlockDevice/nbd/blob/master/doc/proto.md),
// named as nbd's own nbd.h and proto.md name them.
const (
	nbdMagic        = 0x4e42444d41474943 // "NBDMAGIC"
	nbdOptMagic     = 0x49484156454f5054 // "IHAVEOPT"
	nbdRepMagic     = 0x0003e889045565a9 // option reply
	nbdRequestMagic = 0x25609513
	nbdReplyMagic   = 0x67446698

	// handshake flags (server) and client flags
	nbdFlagFixedNewstyle = 1 << 0
	nbdFlagNoZeroes      = 1 << 1

	// options
	nbdOptExportName = 1
	nbdOptAbort      = 2
	nbdOptList       = 3
	nbdOptInfo       = 6
	nbdOptGo         = 7

	// option replies
	nbdRepAck        = 1
	nbdRepServer     = 2
	nbdRepInfo       = 3
	nbdRepErrUnsup   = 1<<31 + 1
	nbdRepErrInvalid = 1<<31 + 3
	nbdRepErrUnknown = 1<<31 + 6

	// NBD_REP_INFO types
	nbdInfoExport    = 0
	nbdInfoBlockSize = 3

	// transmission flags
	nbdFlagHasFlags        = 1 << 0
	nbdFlagSendFlush       = 1 << 2
	nbdFlagSendFUA         = 1 << 3
	nbdFlagSendTrim        = 1 << 5
	nbdFlagSendWriteZeroes = 1 << 6
	nbdFlagCanMultiConn    = 1 << 8

	// commands
	nbdCmdRead        = 0
	nbdCmdWrite       = 1
	nbdCmdDisc        = 2
	nbdCmdFlush       = 3
	nbdCmdTrim        = 4
	nbdCmdWriteZeroes = 6

	// errors in replies: Linux's numbers, which the protocol reuses
	nbdEIO       = 5
	nbdEINVAL    = 22
	nbdENOSPC    = 28
	nbdEOVERFLOW = 75
	nbdENOTSUP   = 95

	// nbdMaxRequest is the largest read or write served: the 32 MiB
	// every client is expected to accept as the maximum block size.
	nbdMaxRequest = 32 << 20
)

// nbdTransmissionFlags is what every export offers: flush, FUA (writes
// are synchronous here anyway), trim and write-zeroes (both zero the
// range), and several connections at once (each request reaches the one
// simulated disk before it is answered, so all connections see the same
// data).
const nbdTransmissionFlags = nbdFlagHasFlags | nbdFlagSendFlush | nbdFlagSendFUA |
	nbdFlagSendTrim | nbdFlagSendWriteZeroes | nbdFlagCanMultiConn
