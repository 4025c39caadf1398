package lab

import (
	"io"
	"log"
)

// quietLog keeps servers from printing the TLS errors the lab provokes on purpose.
func quietLog() *log.Logger { return log.New(io.Discard, "", 0) }
