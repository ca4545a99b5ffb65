// Command verify judges TLS server certificate chains the way a Go MQTT client (paho.golang, Eclipse Paho Go,
// anything on crypto/tls) does: crypto/x509's Certificate.Verify, standard library only.
//
// Usage: verify MANIFEST
//
// Each line of MANIFEST is one case, four fields separated by tabs:
//
//	chain.pem	anchors.pem	identity	unix-seconds
//
// chain.pem holds the certificates the server presents, leaf first, in the order sent; anchors.pem the
// certificates the client trusts; identity the DNS name or IP address the client dials; unix-seconds the
// instant to judge at. For every case verify prints one line: "OK", or "FAIL " and the error text Go gives
// (newlines folded to spaces). The exit status is 0 when every case was judged, accepted or not.
//
// What it mirrors, from crypto/tls (handshake_client.go, verifyServerCertificate): every presented certificate
// is parsed (a parse failure is "tls: failed to parse certificate from server: ..."); the leaf is verified
// with the others as Intermediates, the anchors as Roots (read with CertPool.AppendCertsFromPEM, as a client
// loading its CA file does, which skips what it cannot parse), CurrentTime the given instant and DNSName the
// identity. Go checks an IP address identity through DNSName too: VerifyHostname compares IP text (optionally
// in brackets) with the IPAddresses SANs and a name with the DNSNames SANs; it never falls back to the Common
// Name. KeyUsages is ExtKeyUsageServerAuth, Verify's default.
package main

import (
	"bufio"
	"crypto/x509"
	"encoding/pem"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: verify MANIFEST")
		os.Exit(2)
	}
	manifest, err := os.Open(os.Args[1])
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	defer manifest.Close()
	out := bufio.NewWriter(os.Stdout)
	defer out.Flush()
	lines := bufio.NewScanner(manifest)
	for lines.Scan() {
		if lines.Text() == "" {
			continue
		}
		fields := strings.Split(lines.Text(), "\t")
		if len(fields) != 4 {
			fmt.Fprintf(os.Stderr, "bad manifest line: %q\n", lines.Text())
			os.Exit(2)
		}
		seconds, err := strconv.ParseInt(fields[3], 10, 64)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(2)
		}
		if err := verify(fields[0], fields[1], fields[2], time.Unix(seconds, 0)); err != nil {
			fmt.Fprintln(out, "FAIL", strings.Join(strings.Fields(err.Error()), " "))
		} else {
			fmt.Fprintln(out, "OK")
		}
	}
	if err := lines.Err(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
}

// verify returns nil when a Go TLS client dialling identity at instant accepts the chain in chainFile.
func verify(chainFile, anchorsFile, identity string, instant time.Time) error {
	chainPEM, err := os.ReadFile(chainFile)
	if err != nil {
		return err
	}
	anchorsPEM, err := os.ReadFile(anchorsFile)
	if err != nil {
		return err
	}
	var certificates []*x509.Certificate
	for rest := chainPEM; ; {
		var block *pem.Block
		if block, rest = pem.Decode(rest); block == nil {
			break
		}
		certificate, err := x509.ParseCertificate(block.Bytes)
		if err != nil {
			return fmt.Errorf("tls: failed to parse certificate from server: %w", err)
		}
		certificates = append(certificates, certificate)
	}
	if len(certificates) == 0 {
		return fmt.Errorf("tls: server presented no certificate")
	}
	roots := x509.NewCertPool()
	roots.AppendCertsFromPEM(anchorsPEM)
	intermediates := x509.NewCertPool()
	for _, certificate := range certificates[1:] {
		intermediates.AddCert(certificate)
	}
	_, err = certificates[0].Verify(x509.VerifyOptions{
		DNSName:       identity,
		Roots:         roots,
		Intermediates: intermediates,
		CurrentTime:   instant,
		KeyUsages:     []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	})
	return err
}
