//go:build unix

package output

import (
	"os"

	"golang.org/x/sys/unix"
)

// lockDir takes an exclusive advisory lock on directory dir, waiting for
// any holder to release it, and returns the function that releases it.
// Write locks the parent of the output so that two builds (a "serve" and a
// "build", or two goroutines) never clean up each other's temporary trees.
// The kernel drops the lock when the process dies, so a killed build never
// leaves it held.
func lockDir(dir string) (unlock func(), err error) {
	f, err := os.Open(dir)
	if err != nil {
		return nil, err
	}
	for {
		err = unix.Flock(int(f.Fd()), unix.LOCK_EX)
		if err != unix.EINTR {
			break
		}
	}
	if err != nil {
		f.Close()
		return nil, &os.PathError{Op: "flock", Path: dir, Err: err}
	}
	return func() { f.Close() }, nil
}
