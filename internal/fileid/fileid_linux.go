package fileid

import (
	"io/fs"
	"os"
	"syscall"
	"unsafe"
)

const listed = true

func ofSys(sys any) ID {
	if st, ok := sys.(*syscall.Stat_t); ok {
		return ID{Dev: st.Dev, Ino: st.Ino}
	}
	return ID{}
}

// ReadDir lists the directory name, unsorted, with the inode number of
// each entry as getdents gives it (d_ino). An entry whose type the file
// system does not say (DT_UNKNOWN) is looked at with lstat.
func ReadDir(name string) ([]Entry, error) {
	fd, err := syscall.Open(name, syscall.O_RDONLY|syscall.O_DIRECTORY|syscall.O_CLOEXEC, 0)
	if err != nil {
		return nil, &fs.PathError{Op: "open", Path: name, Err: err}
	}
	defer syscall.Close(fd)
	var out []Entry
	buf := make([]byte, 32<<10)
	for {
		n, err := syscall.ReadDirent(fd, buf)
		if err == syscall.EINTR {
			continue
		}
		if err != nil {
			return nil, &fs.PathError{Op: "readdirent", Path: name, Err: err}
		}
		if n <= 0 {
			return out, nil
		}
		for b := buf[:n]; len(b) > 0; {
			d := (*syscall.Dirent)(unsafe.Pointer(&b[0]))
			rec := int(d.Reclen)
			if rec == 0 || rec > len(b) {
				break
			}
			nameBytes := b[unsafe.Offsetof(d.Name):rec]
			for i, c := range nameBytes {
				if c == 0 {
					nameBytes = nameBytes[:i]
					break
				}
			}
			b = b[rec:]
			if d.Ino == 0 {
				continue // a deleted entry
			}
			e := Entry{Name: string(nameBytes), Ino: d.Ino}
			if e.Name == "." || e.Name == ".." {
				continue
			}
			switch d.Type {
			case syscall.DT_REG:
			case syscall.DT_DIR:
				e.Type = fs.ModeDir
			case syscall.DT_LNK:
				e.Type = fs.ModeSymlink
			case syscall.DT_UNKNOWN:
				info, err := os.Lstat(name + "/" + e.Name)
				if err != nil {
					return nil, err
				}
				e.Type = info.Mode().Type()
				if e.Type&^(fs.ModeDir|fs.ModeSymlink) != 0 {
					e.Type = fs.ModeIrregular
				}
			default:
				e.Type = fs.ModeIrregular
			}
			out = append(out, e)
		}
	}
}
