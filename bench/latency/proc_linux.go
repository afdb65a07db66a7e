package main

import (
	"io/fs"
	"syscall"
)

// childAttr makes the kernel kill a server if the driver dies without
// stopping it (kill -9, a crash): no server outlives a benchmark.
func childAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
}

// inode tells a file rewritten in place from one replaced by another.
func inode(info fs.FileInfo) uint64 {
	if st, ok := info.Sys().(*syscall.Stat_t); ok {
		return st.Ino
	}
	return 0
}
