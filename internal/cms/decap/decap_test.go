package decap

import (
	"crypto/sha256"
	"encoding/hex"
	"testing"
)

// The embedded script is the one npm publishes for Version, unchanged.
func TestEmbeddedIsThePinnedRelease(t *testing.T) {
	sum := sha256.Sum256(JS())
	if got := hex.EncodeToString(sum[:]); got != SHA256 {
		t.Errorf("decap-cms.js.gz holds a file with SHA-256 %s, not the %s of decap-cms %s: run update.sh", got, SHA256, Version)
	}
}
