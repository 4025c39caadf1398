package lab

import (
	"context"
	"fmt"
	"net"
	"net/netip"
)

// Dial connects like net.Dialer but refuses every address outside the
// loopback range: the lab's safety net against a test reaching the world.
func Dial(ctx context.Context, network, address string) (net.Conn, error) {
	host, _, err := net.SplitHostPort(address)
	if err != nil {
		return nil, err
	}
	a, err := netip.ParseAddr(host)
	if err != nil || !a.Unmap().IsLoopback() {
		return nil, &net.OpError{Op: "dial", Net: network, Err: fmt.Errorf("lab: refusing to dial %q, which is not a loopback address", address)}
	}
	var d net.Dialer
	return d.DialContext(ctx, network, address)
}
