//go:build !linux

package main

import (
	"io/fs"
	"os"
	"syscall"
	"time"
)

// childAttr: only Linux can tie a child's life to its parent's; elsewhere
// the driver's own cleanup stops the servers.
func childAttr() *syscall.SysProcAttr { return nil }

func inode(fs.FileInfo) uint64 { return 0 }

func cpuTime(int) (time.Duration, bool) { return 0, false }

func peakRSS(*os.ProcessState) int64 { return 0 }

func lowerPeakRSS() int64 { return 0 }
