//go:build !windows

package platform

import "errors"

// userValue has no registry to read off Windows.
func userValue(string, string) (string, error) { return "", errors.ErrUnsupported }
