//go:build !linux

package output

// exchange is only available on Linux; elsewhere Write uses two renames.
func exchange(a, b string) error { return errExchangeUnsupported }
