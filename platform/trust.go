package platform

import (
	"context"
	"crypto/sha256"
	"crypto/x509"
	"encoding/hex"
	"encoding/pem"
	"errors"
	"strings"
)

// ErrNotListable says a trust store cannot be read out from here; its
// ExportHint says how a person exports a root from it.
var ErrNotListable = errors.New("the store cannot be listed from here")

// TrustStore is where an OS keeps the roots it trusts beyond the files a
// client is told to use.
type TrustStore interface {
	Name() string
	// Roots lists the certificates the store adds, as PEM.
	Roots(ctx context.Context, h Host) ([]byte, error)
	// ExportHint is the command that writes the root with this subject
	// (a substring) to a PEM file, for NODE_EXTRA_CA_CERTS.
	ExportHint(subject, file string) string
}

// TrustStoreFor is the OS's store, or nil where the bundle files are the
// store (Linux: the fixes look in the usual CA folders).
func TrustStoreFor(goos string) TrustStore {
	switch goos {
	case "darwin":
		return Keychain{}
	case "windows":
		return WindowsStore{}
	}
	return nil
}

// Keychain reads macOS keychains with `security find-certificate -a -p`.
// The administrator's System keychain and the login keychain hold what
// was added (a corporate root); Apple's own roots are not listed, because
// Node and certifi already ship the public ones.
type Keychain struct{}

// Name names the store.
func (Keychain) Name() string { return "keychain" }

// Keychains are the keychains read, the login one below the home folder.
func Keychains(home string) []string {
	return []string{"/Library/Keychains/System.keychain", Join("darwin", home, "Library/Keychains/login.keychain-db")}
}

// Roots runs security for each keychain and keeps the CA certificates.
func (Keychain) Roots(ctx context.Context, h Host) ([]byte, error) {
	var all []byte
	for _, kc := range Keychains(h.Home) {
		all = append(all, h.run(ctx, "security", "find-certificate", "-a", "-p", kc)...)
	}
	return CACerts(all), nil
}

// ExportHint is the security command for one root.
func (Keychain) ExportHint(subject, file string) string {
	return `security find-certificate -a -c "` + subject + `" -p /Library/Keychains/System.keychain > ` + file
}

// WindowsStore is the Windows certificate store. Go's verifier already
// uses it; Node and Python do not, so a root in it has to be exported.
type WindowsStore struct{}

// Name names the store.
func (WindowsStore) Name() string { return "windows-store" }

// Roots cannot list the store without the Windows API.
func (WindowsStore) Roots(context.Context, Host) ([]byte, error) { return nil, ErrNotListable }

// ExportHint is a PowerShell line that writes the matching roots of the
// machine's and the user's Root stores as one PEM file.
func (WindowsStore) ExportHint(subject, file string) string {
	return `Get-ChildItem Cert:\LocalMachine\Root, Cert:\CurrentUser\Root | Where-Object Subject -like '*` + subject +
		"*' | ForEach-Object { \"-----BEGIN CERTIFICATE-----`n\" + [Convert]::ToBase64String($_.RawData, 'InsertLineBreaks') + \"`n-----END CERTIFICATE-----\" } | Set-Content -Encoding ascii " + file
}

// CACerts keeps the CA certificates of a PEM stream, each once.
func CACerts(data []byte) []byte {
	var out []byte
	seen := map[string]bool{}
	for {
		var b *pem.Block
		b, data = pem.Decode(data)
		if b == nil {
			return out
		}
		if b.Type != "CERTIFICATE" {
			continue
		}
		c, err := x509.ParseCertificate(b.Bytes)
		if err != nil || !c.IsCA {
			continue
		}
		sum := sha256.Sum256(c.Raw)
		if k := hex.EncodeToString(sum[:]); !seen[k] {
			seen[k] = true
			out = append(out, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: c.Raw})...)
		}
	}
}

// CommonName is the CN of a subject like "CN=Zscaler Root CA,O=Zscaler Inc.",
// what the export hints match on.
func CommonName(subject string) string {
	for _, part := range strings.Split(subject, ",") {
		if v, ok := strings.CutPrefix(strings.TrimSpace(part), "CN="); ok {
			return v
		}
	}
	return subject
}
