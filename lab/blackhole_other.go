//go:build !linux

package lab

// Blackhole falls back to a listener that accepts and stalls: outside Linux
// the backlog trick is not reliable, so the connect succeeds and the next
// phase times out instead.
func Blackhole() (string, func(), error) {
	l, err := Stall("127.0.0.1")
	if err != nil {
		return "", nil, err
	}
	return l.Addr, func() { l.Close() }, nil
}
