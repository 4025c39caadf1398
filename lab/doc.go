// Package lab is the loopback fault lab: real TLS servers, CONNECT and
// SOCKS proxies, a DNS server and misbehaving listeners on 127.0.0.1 and
// ::1, with certificates generated at start. The tests and `apidoctor demo`
// use it; no production package imports it.
//
// Every server binds to loopback only, and the dialer the lab hands out
// refuses any address outside 127.0.0.0/8 and ::1, so a scenario can use
// the real API host names without a single packet leaving the machine.
package lab
