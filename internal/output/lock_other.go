//go:build !unix

package output

import "sync"

// processLock stands in for flock(2) where it is unavailable: it
// serializes Writes within one process only.
var processLock sync.Mutex

func lockDir(string) (unlock func(), err error) {
	processLock.Lock()
	return processLock.Unlock, nil
}
