/* fs.h: files that must not be lost: bounded reads, atomic replacement, mkdir -p, ~ expansion. */
#ifndef TAUBE_UTIL_FS_H
#define TAUBE_UTIL_FS_H

#include <stddef.h>
#include <sys/types.h>

struct buf;
struct err;

/*
 * Appends the contents of path to out. A file of more than max bytes is
 * refused (with a message naming it and the limit), so a stray huge file
 * cannot eat the memory. On -1, out is as it was.
 */
int fs_read_file(const char *path, struct buf *out, size_t max, struct err *e);

/*
 * Replaces path with data so that, after a crash or any failure, path holds
 * either its old contents or all of the new ones, never a mix: the data goes
 * to a new temporary file in the same directory (created with `mode`, less
 * the umask), is fsynced, renamed over path, and the directory is fsynced.
 * On failure the temporary file is removed and the old path left untouched.
 * A symbolic link at path is replaced, not followed.
 */
int fs_write_atomic(const char *path, const void *data, size_t len, mode_t mode,
    struct err *e);

/* Creates path and any missing parents with `mode` (less the umask), like mkdir -p. */
int fs_mkdir_p(const char *path, mode_t mode, struct err *e);

/*
 * Makes a directory's entries (a rename, a new file) durable. A file system
 * that cannot sync a directory (EINVAL) is not an error.
 */
int fs_fsync_dir(const char *path, struct err *e);

/* The home directory, allocated: $HOME if absolute, else the password database; NULL if neither. */
char *fs_home_dir(void);

/*
 * Returns an allocated copy of path with a leading "~" or "~/" replaced by
 * the home directory. Anything else ("~user/", no home known) is copied as it is.
 */
char *fs_expand_home(const char *path);

#endif
