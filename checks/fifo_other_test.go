//go:build !unix

package checks

import "errors"

// makeFIFO fails: there are no named pipes in the file system here.
func makeFIFO(string) error { return errors.New("no named pipes in the file system") }
