/* check-tmp.h: private temporary directories for unit tests, made and removed in one place. */
#ifndef TAUBE_TEST_CHECK_TMP_H
#define TAUBE_TEST_CHECK_TMP_H

#include <dirent.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "util/xalloc.h"

/* A fresh private directory under $TMPDIR (or /tmp); remove it with check_rm_tree. */
static inline char *
check_tmpdir(const char *tag)
{
	const char *base = getenv("TMPDIR");
	char *dir = xasprintf("%s/taube-test-%s-XXXXXX",
	    base != NULL && base[0] == '/' ? base : "/tmp", tag);

	if (mkdtemp(dir) == NULL) {
		perror("mkdtemp");
		exit(99);
	}
	return dir;
}

static inline int
check_rm_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

/* Removes dir and everything in it, then frees the name. */
static inline void
check_rm_tree(char *dir)
{
	nftw(dir, check_rm_entry, 16, FTW_DEPTH | FTW_PHYS);
	free(dir);
}

/* Writes text to path (made or emptied); exits on failure. */
static inline void
put_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	if (f == NULL) {
		perror(path);
		exit(99);
	}
	fputs(text, f);
	fclose(f);
}

/* Entries in DIR/SUB other than . and .. */
static inline int
count_in(const char *dir, const char *sub)
{
	char *path = xasprintf("%s/%s", dir, sub);
	DIR *d = opendir(path);
	struct dirent *de;
	int n = 0;

	free(path);
	if (d == NULL)
		return -1;
	while ((de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") != 0 && strcmp(de->d_name, "..") != 0)
			n++;
	}
	closedir(d);
	return n;
}

#endif
