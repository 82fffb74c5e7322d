/* trust.c: the system CA bundle, and ca_file joined to it in one file under the cache. */
#include "net/trust.h"

#include <dirent.h>
#include <fcntl.h>
#include <gnutls/crypto.h>
#include <gnutls/gnutls.h>
#include <gnutls/x509.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "util/buf.h"
#include "util/err.h"
#include "util/fs.h"
#include "util/xalloc.h"
#include "util/xdg.h"

/* The largest bundle or ca_file taube reads (a whole system store is a few hundred KB). */
#define TRUST_MAX_BYTES		(16 * 1024 * 1024)
/* Bytes compared at a time with the joined file. */
#define TRUST_CHUNK		16384
/*
 * A joined file's time is renewed when it is used and an hour old; when
 * a new one is written, those left unused for a day (their ca_file moved
 * or gone) are removed. Removing one still needed only costs rewriting it.
 */
#define TRUST_RENEW_SECONDS	(60 * 60)
#define TRUST_UNUSED_SECONDS	(24 * 60 * 60)

/* Where systems keep their CA bundle, for a libcurl built with only a directory. */
static const char *const trust_usual_bundles[] = {
	"/etc/ssl/certs/ca-certificates.crt",	/* Debian, Ubuntu, Arch, Gentoo */
	"/etc/pki/tls/certs/ca-bundle.crt",	/* Fedora, RHEL */
	"/etc/ssl/ca-bundle.pem",		/* openSUSE */
	"/etc/ssl/cert.pem",			/* Alpine, the BSDs */
};

char *
trust_system_bundle(const char *builtin)
{
	size_t n = sizeof(trust_usual_bundles) / sizeof(trust_usual_bundles[0]);

	if (builtin != NULL)
		return xstrdup(builtin);
	for (size_t i = 0; i < n; i++)
		if (access(trust_usual_bundles[i], R_OK) == 0)
			return xstrdup(trust_usual_bundles[i]);
	return NULL;
}

/* Whether data is PEM the TLS library reads as one or more certificates. */
static bool
has_certificates(const char *data, size_t len)
{
	gnutls_datum_t d = { (unsigned char *)data, (unsigned)len };
	gnutls_x509_crt_t *list = NULL;
	unsigned n = 0;

	if (len > TRUST_MAX_BYTES ||
	    gnutls_x509_crt_list_import2(&list, &n, &d, GNUTLS_X509_FMT_PEM, 0) < 0)
		return false;
	for (unsigned i = 0; i < n; i++)
		gnutls_x509_crt_deinit(list[i]);
	gnutls_free(list);
	return n > 0;
}

/* Creates dir if need be; true when it is a directory only its owner, this user, can change. */
static bool
private_dir(const char *dir)
{
	struct stat st;
	struct err e;

	if (fs_mkdir_p(dir, 0700, &e) < 0 || lstat(dir, &st) < 0)
		return false;
	return S_ISDIR(st.st_mode) && st.st_uid == geteuid() && (st.st_mode & 022) == 0;
}

/* dir/ca-HEX.pem, HEX the SHA-256 of both paths: one file per pair of sources. */
static char *
joined_path(const char *dir, const char *bundle, const char *ca_file)
{
	struct buf key = BUF_INIT, name = BUF_INIT;
	unsigned char md[32];
	char *path = NULL;

	buf_adds(&key, bundle);
	buf_addc(&key, '\0');
	buf_adds(&key, ca_file);
	if (gnutls_hash_fast(GNUTLS_DIG_SHA256, key.data, key.len, md) == 0) {
		buf_addf(&name, "%s/ca-", dir);
		for (size_t i = 0; i < sizeof(md); i++)
			buf_addf(&name, "%02x", md[i]);
		buf_adds(&name, ".pem");
		path = buf_detach(&name);
	}
	buf_free(&key);
	buf_free(&name);
	return path;
}

/* Whether path is a regular file (not a link) holding exactly data; then renews its time. */
static bool
is_current(const char *path, const char *data, size_t len)
{
	char chunk[TRUST_CHUNK];
	struct stat st;
	size_t done = 0;
	bool same;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NOCTTY);
	if (fd < 0)
		return false;
	same = fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && (size_t)st.st_size == len;
	while (same && done < len) {
		size_t want = len - done < sizeof(chunk) ? len - done : sizeof(chunk);
		ssize_t n = read(fd, chunk, want);

		same = n > 0 && memcmp(chunk, data + done, (size_t)n) == 0;
		if (same)
			done += (size_t)n;
	}
	if (same && time(NULL) - st.st_mtime > TRUST_RENEW_SECONDS)
		futimens(fd, NULL);
	close(fd);
	return same;
}

/* Removes what in dir was left unused for a day: joined files and any half-written one. */
static void
prune(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	struct stat st;
	time_t now = time(NULL);

	if (d == NULL)
		return;
	while ((de = readdir(d)) != NULL) {
		if (fstatat(dirfd(d), de->d_name, &st, AT_SYMLINK_NOFOLLOW) == 0 &&
		    !S_ISDIR(st.st_mode) && now - st.st_mtime > TRUST_UNUSED_SECONDS)
			unlinkat(dirfd(d), de->d_name, 0);
	}
	closedir(d);
}

/*
 * The joined file for bundle and ca_file, allocated, after making sure it
 * holds exactly their bytes; NULL when it cannot be had.
 */
static char *
joined_file(const char *bundle, const char *ca_file)
{
	struct buf want = BUF_INIT;
	char *dir = NULL, *path = NULL;
	size_t ca_start;
	struct err e;

	if (fs_read_file(bundle, &want, TRUST_MAX_BYTES, &e) < 0)
		goto out;
	/* a bundle that does not end its last line must not run into ca_file's first */
	buf_addc(&want, '\n');
	ca_start = want.len;
	if (fs_read_file(ca_file, &want, TRUST_MAX_BYTES, &e) < 0)
		goto out;
	dir = xdg_taube_path(XDG_CACHE, "trust");
	if (dir == NULL || !private_dir(dir) ||
	    (path = joined_path(dir, bundle, ca_file)) == NULL)
		goto out;
	if (is_current(path, want.data, want.len))
		goto out;
	if (!has_certificates(want.data + ca_start, want.len - ca_start) ||
	    fs_write_atomic(path, want.data, want.len, 0600, &e) < 0) {
		free(path);
		path = NULL;
		goto out;
	}
	prune(dir);
out:
	buf_free(&want);
	free(dir);
	return path;
}

void
trust_files_get(struct trust_files *t, const char *bundle, const char *dir,
    const char *ca_file)
{
	t->cafile = NULL;
	t->capath = NULL;
	if (bundle != NULL && access(bundle, R_OK) == 0) {
		t->cafile = ca_file == NULL ? xstrdup(bundle) : joined_file(bundle, ca_file);
		if (t->cafile != NULL)
			return;
	}
	/* the same anchors, as a libcurl built with a directory loads them */
	t->capath = dir != NULL ? xstrdup(dir) : NULL;
	t->cafile = ca_file != NULL ? xstrdup(ca_file) : NULL;
}

void
trust_files_free(struct trust_files *t)
{
	free(t->cafile);
	free(t->capath);
	t->cafile = NULL;
	t->capath = NULL;
}
