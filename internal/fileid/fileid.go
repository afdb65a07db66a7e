// Package fileid names a file by its device and inode number, where the
// system gives them (Linux). The image cache records the ID of each file
// it makes, and the output reads the inode numbers of the previous
// output from its directories (ReadDir, which costs nothing more than
// listing them): a rebuild then knows that a published variant of a
// photo is the cache's very file, hard-linked, without a stat of each.
// Elsewhere IDs are unknown and callers fall back to a stat.
package fileid

import "io/fs"

// ID is a file's device and inode number; the zero ID is unknown.
type ID struct{ Dev, Ino uint64 }

// Listed is true where ReadDir gives inode numbers and stats give IDs.
const Listed = listed

// Known reports whether id names a file.
func (id ID) Known() bool { return id.Ino != 0 }

// Identified is a FileInfo that knows its file's ID without a stat: the
// image cache's description of a file it made.
type Identified interface {
	fs.FileInfo
	FileID() ID
}

// Of returns the ID of the file info describes: its own (Identified), or
// the system's stat of it (Sys); the zero ID if neither says.
func Of(info fs.FileInfo) ID {
	if i, ok := info.(Identified); ok {
		return i.FileID()
	}
	return ofSys(info.Sys())
}

// Entry is a directory entry and its inode number (0 if unknown).
type Entry struct {
	Name string
	Type fs.FileMode // 0 (regular), ModeDir, ModeSymlink, or ModeIrregular for the rest
	Ino  uint64
}
