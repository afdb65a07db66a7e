package output

import (
	"errors"
	"os"

	"golang.org/x/sys/unix"
)

// exchange atomically swaps the directories a and b with
// renameat2(RENAME_EXCHANGE): at every instant both names exist and each
// holds a complete tree. It reports errExchangeUnsupported when the kernel
// or file system cannot do it, so the caller can fall back.
func exchange(a, b string) error {
	err := unix.Renameat2(unix.AT_FDCWD, a, unix.AT_FDCWD, b, unix.RENAME_EXCHANGE)
	switch {
	case err == nil:
		return nil
	case errors.Is(err, unix.EINVAL), errors.Is(err, unix.ENOSYS), errors.Is(err, unix.EOPNOTSUPP):
		return errExchangeUnsupported
	}
	return &os.LinkError{Op: "renameat2", Old: a, New: b, Err: err}
}
