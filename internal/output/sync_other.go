//go:build !linux

package output

import "path/filepath"

// perFileSync is true where syncfs(2) does not exist: every written file
// is fsynced as it is closed, and syncTree then syncs the directories.
const perFileSync = true

// syncTree makes the directory entries of the tree at root durable; the
// files were synced as they were written. dirs are relative to root.
func syncTree(root string, dirs []string, workers int) error {
	all := append([]string{""}, dirs...)
	return forEach(len(all), workers, func(_, i int) error {
		return syncDir(filepath.Join(root, filepath.FromSlash(all[i])))
	})
}
