// Package output holds a built site in memory and publishes it to disk
// atomically.
//
// # The Set
//
// A [Set] maps slash-separated relative paths ("prensa/mi-nota/index.html",
// "eventos/calendario.ics") to their bytes. Renderers running in parallel
// add to one Set; it is safe for concurrent use. Add refuses any path that
// could land outside the output directory or that is not a clean relative
// path (see [CheckPath]), a path that is already present ("dos archivos
// generan la misma ruta", wrapping [ErrDuplicate]) and a path that another
// entry uses as a directory. [Set.Replace] and [Set.Remove] serve
// incremental rebuilds in serve mode; [ContentType] gives the media type to
// serve each file with. [Set.AddLazy] adds a file that is made when it is
// first read ([Set.Get]) or when the Set is settled ([Set.Settle]): serve
// publishes an edit before the pages it changed are executed, and executes
// each when it is asked for.
//
// # Streaming
//
// A [Stager] (from [Stage]) publishes a tree whose files are handed to it
// one by one, as they are rendered, through the small [Sink] interface
// that [Set] also implements: each is compared with the old tree and
// written (or hard-linked, or, while nothing has changed yet, only
// remembered by path) at once. [Stager.Commit] publishes and
// [Stager.Abort] discards the temporary tree. cabildo build uses it, so a
// build's memory does not grow with the size of its output. [Write] is the
// same Stager fed from a Set already in memory: there is one way to
// publish.
//
// # Writing
//
// [Write] makes a directory contain exactly the files of a Set, plus the
// marker file [MarkerName]: files of content that no longer exists
// disappear, and so does anything else found there.
//
// Atomicity. The new tree is built in a temporary sibling of the output
// directory (".public.tmp-XXXX" for "public"; same parent, so the same file
// system), made durable (one syncfs(2) on Linux, elsewhere an fsync of
// every file and directory; see [NoSync]), and swapped
// in with a single renameat2(RENAME_EXCHANGE) on Linux. A web server
// reading the directory, or a build killed at any instant (SIGKILL, power
// loss), sees either the complete old tree or the complete new one, never a
// mix. When the output does not exist yet, a single rename publishes it.
// Where the exchange is unavailable (other systems, or file systems that
// answer EINVAL), Write renames the old tree aside to ".public.old-XXXX"
// and then renames the new one in: readers may find the directory missing
// for that instant, but never a mix, and a build killed between the two
// renames is repaired by the next Write, which puts the old tree back.
// Every Write first removes the leftovers of killed builds
// (".public.tmp-*", ".public.old-*"), under an advisory lock on the parent
// directory so that two builds never collide. The output directory cannot
// be a mount point (its parent must be the same file system); use a
// subdirectory of the mount.
//
// Unchanged files. A file is unchanged when the old tree has a regular
// file at the same path with mode 0644 and the same bytes (sizes are
// compared first; bytes only when sizes match). Unchanged files are
// hard-linked into the new tree, so they keep their inode and modification
// time and rsync or a CDN uploader only sends what changed; where linking
// fails they are copied with their modification time. If nothing changed
// at all (same paths, same bytes, no extra entries), Write does not touch
// the disk: no temporary directory, no swap. If only the marker's bytes
// changed (a new stamp: a new cabildo, a clock decision that changed no
// page), the marker alone is replaced, by a rename inside the tree: its
// files are the same under the old marker and the new. [Stats] reports
// what happened.
// Because unchanged files share their inode with the previous tree, Write
// never modifies a file in place, and neither should anyone else.
//
// The marker rule. Write replaces the whole output directory, so it
// refuses targets whose loss would be a disaster: the file system root, a
// directory containing the current directory or the user's home, a path
// that exists and is not a directory, and a non-empty directory without the
// marker file ".cabildo" at its root. Write puts the marker in every tree it
// publishes (it is compared like any other file, so an unchanged build
// still writes nothing), which lets the next Write replace it. A missing or
// empty directory is fine. To reuse a directory that cabildo did not
// create, empty it first. The refusals wrap [ErrUnsafeDir] and tell the
// editor, in Spanish, to choose another -out. If the output path is a
// symbolic link, the directory it points to is replaced and the link is
// kept.
//
// Modes. Files are 0644 and directories 0755 regardless of the umask: the
// output is a public web site.
//
// Performance. Walking the old tree reads directories only; the size and
// byte comparisons, the writing and the deletion of the old tree run on
// runtime.NumCPU() goroutines (see [Workers]). Nothing is quadratic in the
// number of files.
package output
