/* Unit tests for net/trust.c: the system bundle, and ca_file joined to it under the cache. */
#include "check.h"
#include "check-tmp.h"

#include <stdbool.h>
#include <stdlib.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "net/trust.h"
#include "util/buf.h"
#include "util/fs.h"
#include "util/xalloc.h"

/* Three self-signed CA certificates made for these tests. */
static const char cert_one[] =
    "-----BEGIN CERTIFICATE-----\n"
    "MIIBmTCCAT+gAwIBAgIUE/uzZOamE5FbkX7fCz+B984Q+mYwCgYIKoZIzj0EAwIw\n"
    "ITEfMB0GA1UEAwwWdGF1YmUgdW5pdCB0ZXN0IENBIG9uZTAgFw0yNjExMjIwMzA5\n"
    "MDRaGA8yMTI2MTAyOTAzMDkwNFowITEfMB0GA1UEAwwWdGF1YmUgdW5pdCB0ZXN0\n"
    "IENBIG9uZTBZMBMGByqGSM49AgEGCCqGSM49AwEHA0IABPjYErg7V39r/HKMBZpt\n"
    "x+pvpGouHraVTCiPf0ssIUCH8k9pvfWF3nM2PhCqMZr1DrhO7lYw1h6G/9L3PV9/\n"
    "voSjUzBRMB0GA1UdDgQWBBRAQH8sy/lpib2uwvQn8WQ9BHSY7DAfBgNVHSMEGDAW\n"
    "gBRAQH8sy/lpib2uwvQn8WQ9BHSY7DAPBgNVHRMBAf8EBTADAQH/MAoGCCqGSM49\n"
    "BAMCA0gAMEUCIEnHiZe3X2stV7dFWrtXR6JdojeOOuurFh8vEDM8X4IMAiEApDmK\n"
    "7yFmUAQKTLl4pp4H8Bp3U1bOA7WKnLC3RnU2mqY=\n"
    "-----END CERTIFICATE-----\n";

static const char cert_two[] =
    "-----BEGIN CERTIFICATE-----\n"
    "MIIBmDCCAT+gAwIBAgIUdvY0Z4yBoCYNDOvOupfjF34O5PAwCgYIKoZIzj0EAwIw\n"
    "ITEfMB0GA1UEAwwWdGF1YmUgdW5pdCB0ZXN0IENBIHR3bzAgFw0yNjExMjIwMzA5\n"
    "MDRaGA8yMTI2MTAyOTAzMDkwNFowITEfMB0GA1UEAwwWdGF1YmUgdW5pdCB0ZXN0\n"
    "IENBIHR3bzBZMBMGByqGSM49AgEGCCqGSM49AwEHA0IABOBJHLZ6Md9cBlglNX0l\n"
    "T+sUjZj+OmVn9gm06HXDNGBHu5RKMpqhgS7kYnHMpl3oFDY9vr5aNPAkCJXb2Xl4\n"
    "QBijUzBRMB0GA1UdDgQWBBSd5+yIW/vQsenqlzVTRS41SJggfzAfBgNVHSMEGDAW\n"
    "gBSd5+yIW/vQsenqlzVTRS41SJggfzAPBgNVHRMBAf8EBTADAQH/MAoGCCqGSM49\n"
    "BAMCA0cAMEQCIGssU824pqMwU0LAHfaVNYS7832EekGK3PLdu77bBj99AiBUhtwi\n"
    "rQYNz6wZWEPk3juYGxtpVTD8jXJisMeQ9jw8ag==\n"
    "-----END CERTIFICATE-----\n";

static const char cert_three[] =
    "-----BEGIN CERTIFICATE-----\n"
    "MIIBnTCCAUOgAwIBAgIUSvQVRiDC8N4Mw04nlsWJstExm0swCgYIKoZIzj0EAwIw\n"
    "IzEhMB8GA1UEAwwYdGF1YmUgdW5pdCB0ZXN0IENBIHRocmVlMCAXDTI2MTEyMjAz\n"
    "MDkwNFoYDzIxMjYxMDI5MDMwOTA0WjAjMSEwHwYDVQQDDBh0YXViZSB1bml0IHRl\n"
    "c3QgQ0EgdGhyZWUwWTATBgcqhkjOPQIBBggqhkjOPQMBBwNCAAQlEhJmgBws1lKL\n"
    "+ZfqXeeUQM958ihdca1JGN864gtuN5KhMd26vcuZJXJjyfTitpewid2b8II5vgV8\n"
    "sYOD9XyAo1MwUTAdBgNVHQ4EFgQUqiBZKT7EvnVuIxZLnUB+Q4wMcXEwHwYDVR0j\n"
    "BBgwFoAUqiBZKT7EvnVuIxZLnUB+Q4wMcXEwDwYDVR0TAQH/BAUwAwEB/zAKBggq\n"
    "hkjOPQQDAgNIADBFAiBAKLEulMWbZ8xTiGwE+rw60JF3Aw2EJ7x1ByXKhC9rDwIh\n"
    "AMiwWRs5uuKD7hnFCjgfGDZu0O8S717td4GwoOX1DzAv\n"
    "-----END CERTIFICATE-----\n";

/* A private directory with a system bundle (one and two), a ca_file (three) and a cache. */
struct fixture {
	char *dir;
	char *bundle;
	char *ca;
	char *cache;
};

static void
put_two(const char *path, const char *a, const char *b)
{
	struct buf data = BUF_INIT;

	buf_adds(&data, a);
	buf_adds(&data, b);
	if (fs_write_atomic(path, data.data, data.len, 0644, NULL) < 0) {
		perror(path);
		exit(99);
	}
	buf_free(&data);
}

static char *
slurp(const char *path)
{
	struct buf b = BUF_INIT;

	if (path == NULL || fs_read_file(path, &b, 1 << 20, NULL) < 0) {
		buf_free(&b);
		return xstrdup("(unreadable)");
	}
	return buf_detach(&b);
}

static void
fixture_make(struct fixture *f)
{
	f->dir = check_tmpdir("trust");
	f->bundle = xasprintf("%s/bundle.crt", f->dir);
	f->ca = xasprintf("%s/ca.pem", f->dir);
	f->cache = xasprintf("%s/cache", f->dir);
	put_two(f->bundle, cert_one, cert_two);
	put_two(f->ca, cert_three, "");
	setenv("XDG_CACHE_HOME", f->cache, 1);
}

static void
fixture_free(struct fixture *f)
{
	free(f->bundle);
	free(f->ca);
	free(f->cache);
	check_rm_tree(f->dir);
}

/* Whether t names the joined file under f's cache and it holds bundle, newline, ca_file. */
static bool
is_joined(const struct fixture *f, const struct trust_files *t, const char *bundle,
    const char *ca)
{
	char *prefix = xasprintf("%s/taube/trust/ca-", f->cache);
	char *want = xasprintf("%s\n%s", bundle, ca), *got = slurp(t->cafile);
	bool ok = t->capath == NULL && t->cafile != NULL &&
	    strncmp(t->cafile, prefix, strlen(prefix)) == 0 && strcmp(got, want) == 0;

	free(prefix);
	free(want);
	free(got);
	return ok;
}

static char *
both(const char *a, const char *b)
{
	return xasprintf("%s%s", a, b);
}

/* Changes one byte in the middle of path, keeping its size. */
static void
tamper(const char *path)
{
	char *data = slurp(path);
	size_t len = strlen(data);

	data[len / 2] = data[len / 2] == 'A' ? 'B' : 'A';
	if (fs_write_atomic(path, data, len, 0600, NULL) < 0) {
		perror(path);
		exit(99);
	}
	free(data);
}

static bool
is_link(const char *path)
{
	struct stat st;

	return lstat(path, &st) == 0 && S_ISLNK(st.st_mode);
}

/* Sets path's times to `ago` seconds in the past. */
static void
age(const char *path, time_t ago)
{
	struct timespec ts[2] = { { time(NULL) - ago, 0 }, { time(NULL) - ago, 0 } };

	if (utimensat(AT_FDCWD, path, ts, 0) < 0) {
		perror(path);
		exit(99);
	}
}

static time_t
mtime(const char *path)
{
	struct stat st;

	return lstat(path, &st) == 0 ? st.st_mtime : 0;
}

/* Whether t is the fallback: the directory and ca_file as they are. */
static bool
is_dir_and_ca(const struct trust_files *t, const char *dir, const char *ca)
{
	return t->capath != NULL && strcmp(t->capath, dir) == 0 &&
	    (ca == NULL ? t->cafile == NULL : t->cafile != NULL && strcmp(t->cafile, ca) == 0);
}

TEST(trust_system_bundle_is_libcurls_own_when_it_has_one)
{
	char *b = trust_system_bundle("/opt/ssl/bundle.pem");

	CHECK_STR_EQ(b, "/opt/ssl/bundle.pem");
	free(b);
}

TEST(trust_without_ca_file_is_the_bundle_alone)
{
	struct fixture f;
	struct trust_files t;

	fixture_make(&f);
	trust_files_get(&t, f.bundle, "/etc/ssl/certs", NULL);
	CHECK_STR_EQ(t.cafile, f.bundle);
	CHECK(t.capath == NULL);
	trust_files_free(&t);
	fixture_free(&f);
}

TEST(trust_ca_file_is_joined_to_the_bundle_in_a_private_cache_file)
{
	struct fixture f;
	struct trust_files t;
	struct stat st;
	char *bundle = both(cert_one, cert_two), *trustdir;

	fixture_make(&f);
	trust_files_get(&t, f.bundle, "/etc/ssl/certs", f.ca);
	CHECK(is_joined(&f, &t, bundle, cert_three));
	CHECK(t.cafile != NULL && stat(t.cafile, &st) == 0 && (st.st_mode & 077) == 0);
	trustdir = xasprintf("%s/taube/trust", f.cache);
	CHECK(stat(trustdir, &st) == 0 && (st.st_mode & 077) == 0);
	free(trustdir);
	trust_files_free(&t);
	free(bundle);
	fixture_free(&f);
}

TEST(trust_joined_file_follows_a_changed_ca_file_and_bundle)
{
	struct fixture f;
	struct trust_files t1, t2, t3;
	char *bundle = both(cert_one, cert_two);

	fixture_make(&f);
	trust_files_get(&t1, f.bundle, "/etc/ssl/certs", f.ca);
	put_two(f.ca, cert_one, "");
	trust_files_get(&t2, f.bundle, "/etc/ssl/certs", f.ca);
	CHECK(is_joined(&f, &t2, bundle, cert_one));
	put_two(f.bundle, cert_three, "");
	trust_files_get(&t3, f.bundle, "/etc/ssl/certs", f.ca);
	CHECK(is_joined(&f, &t3, cert_three, cert_one));
	/* the same sources, the same file: nothing piles up */
	CHECK(t1.cafile != NULL && t3.cafile != NULL && strcmp(t1.cafile, t3.cafile) == 0);
	trust_files_free(&t1);
	trust_files_free(&t2);
	trust_files_free(&t3);
	free(bundle);
	fixture_free(&f);
}

TEST(trust_joined_file_altered_in_the_cache_is_written_again)
{
	struct fixture f;
	struct trust_files t;
	char *bundle = both(cert_one, cert_two), *path;

	fixture_make(&f);
	trust_files_get(&t, f.bundle, "/etc/ssl/certs", f.ca);
	path = xstrdup(t.cafile != NULL ? t.cafile : "");
	trust_files_free(&t);
	/* same size, same times give or take: only the bytes tell */
	tamper(path);
	trust_files_get(&t, f.bundle, "/etc/ssl/certs", f.ca);
	CHECK(is_joined(&f, &t, bundle, cert_three));
	trust_files_free(&t);
	/* a link in its place is replaced, not followed */
	unlink(path);
	CHECK(symlink(f.bundle, path) == 0);
	trust_files_get(&t, f.bundle, "/etc/ssl/certs", f.ca);
	CHECK(is_joined(&f, &t, bundle, cert_three));
	CHECK(!is_link(path));
	trust_files_free(&t);
	free(path);
	free(bundle);
	fixture_free(&f);
}

TEST(trust_each_ca_file_has_its_own_joined_file)
{
	struct fixture f;
	struct trust_files t1, t2;
	char *bundle = both(cert_one, cert_two), *other;

	fixture_make(&f);
	other = xasprintf("%s/other.pem", f.dir);
	put_two(other, cert_one, "");
	trust_files_get(&t1, f.bundle, "/etc/ssl/certs", f.ca);
	trust_files_get(&t2, f.bundle, "/etc/ssl/certs", other);
	CHECK(is_joined(&f, &t1, bundle, cert_three));
	CHECK(is_joined(&f, &t2, bundle, cert_one));
	CHECK(t1.cafile != NULL && t2.cafile != NULL && strcmp(t1.cafile, t2.cafile) != 0);
	trust_files_free(&t1);
	trust_files_free(&t2);
	free(other);
	free(bundle);
	fixture_free(&f);
}

TEST(trust_ca_file_without_a_certificate_is_handed_on_by_itself)
{
	struct fixture f;
	struct trust_files t;

	fixture_make(&f);
	put_two(f.ca, "not a certificate\n", "");
	trust_files_get(&t, f.bundle, "/etc/ssl/certs", f.ca);
	CHECK(is_dir_and_ca(&t, "/etc/ssl/certs", f.ca));
	trust_files_free(&t);
	/* one good certificate and a broken one: the TLS library refuses the lot */
	put_two(f.ca, cert_three, "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n");
	trust_files_get(&t, f.bundle, "/etc/ssl/certs", f.ca);
	CHECK(is_dir_and_ca(&t, "/etc/ssl/certs", f.ca));
	trust_files_free(&t);
	fixture_free(&f);
}

TEST(trust_without_a_bundle_is_the_directory_and_ca_file)
{
	struct fixture f;
	struct trust_files t;
	char *missing;

	fixture_make(&f);
	trust_files_get(&t, NULL, "/etc/ssl/certs", f.ca);
	CHECK(is_dir_and_ca(&t, "/etc/ssl/certs", f.ca));
	trust_files_free(&t);
	trust_files_get(&t, NULL, "/etc/ssl/certs", NULL);
	CHECK(is_dir_and_ca(&t, "/etc/ssl/certs", NULL));
	trust_files_free(&t);
	missing = xasprintf("%s/missing.crt", f.dir);
	trust_files_get(&t, missing, "/etc/ssl/certs", NULL);
	CHECK(is_dir_and_ca(&t, "/etc/ssl/certs", NULL));
	trust_files_free(&t);
	free(missing);
	fixture_free(&f);
}

TEST(trust_cache_others_can_change_is_not_used)
{
	struct fixture f;
	struct trust_files t;
	char *trustdir;

	fixture_make(&f);
	trustdir = xasprintf("%s/taube/trust", f.cache);
	CHECK(fs_mkdir_p(trustdir, 0700, NULL) == 0 && chmod(trustdir, 0777) == 0);
	trust_files_get(&t, f.bundle, "/etc/ssl/certs", f.ca);
	CHECK(is_dir_and_ca(&t, "/etc/ssl/certs", f.ca));
	trust_files_free(&t);
	free(trustdir);
	fixture_free(&f);
}

TEST(trust_cache_that_cannot_be_made_falls_back)
{
	struct fixture f;
	struct trust_files t;

	fixture_make(&f);
	put_two(f.cache, "a file where the cache directory should be\n", "");
	trust_files_get(&t, f.bundle, "/etc/ssl/certs", f.ca);
	CHECK(is_dir_and_ca(&t, "/etc/ssl/certs", f.ca));
	trust_files_free(&t);
	fixture_free(&f);
}

TEST(trust_joined_file_in_use_keeps_a_recent_time)
{
	struct fixture f;
	struct trust_files t;
	char *path;

	fixture_make(&f);
	trust_files_get(&t, f.bundle, "/etc/ssl/certs", f.ca);
	path = xstrdup(t.cafile != NULL ? t.cafile : "");
	trust_files_free(&t);
	age(path, 3 * 60 * 60);
	trust_files_get(&t, f.bundle, "/etc/ssl/certs", f.ca);
	CHECK(time(NULL) - mtime(path) < 60 * 60);
	trust_files_free(&t);
	free(path);
	fixture_free(&f);
}

TEST(trust_writing_a_joined_file_removes_those_unused_for_a_day)
{
	struct fixture f;
	struct trust_files t;
	char *old, *recent, *sub, *other;

	fixture_make(&f);
	trust_files_get(&t, f.bundle, "/etc/ssl/certs", f.ca);
	trust_files_free(&t);
	old = xasprintf("%s/taube/trust/ca-old.pem", f.cache);
	recent = xasprintf("%s/taube/trust/ca-recent.pem", f.cache);
	sub = xasprintf("%s/taube/trust/sub", f.cache);
	other = xasprintf("%s/other.pem", f.dir);
	put_two(old, cert_one, "");
	put_two(recent, cert_one, "");
	CHECK(mkdir(sub, 0700) == 0);
	age(old, 2 * 24 * 60 * 60);
	age(recent, 2 * 60 * 60);
	age(sub, 2 * 24 * 60 * 60);
	/* a ca_file not seen before: a new joined file */
	put_two(other, cert_two, "");
	trust_files_get(&t, f.bundle, "/etc/ssl/certs", other);
	CHECK(t.cafile != NULL && access(t.cafile, R_OK) == 0);
	CHECK(access(old, F_OK) < 0);
	CHECK(access(recent, F_OK) == 0);
	CHECK(access(sub, F_OK) == 0);
	trust_files_free(&t);
	free(old);
	free(recent);
	free(sub);
	free(other);
	fixture_free(&f);
}

CHECK_MAIN(trust_system_bundle_is_libcurls_own_when_it_has_one,
    trust_without_ca_file_is_the_bundle_alone,
    trust_ca_file_is_joined_to_the_bundle_in_a_private_cache_file,
    trust_joined_file_follows_a_changed_ca_file_and_bundle,
    trust_joined_file_altered_in_the_cache_is_written_again,
    trust_each_ca_file_has_its_own_joined_file,
    trust_joined_file_in_use_keeps_a_recent_time,
    trust_writing_a_joined_file_removes_those_unused_for_a_day,
    trust_ca_file_without_a_certificate_is_handed_on_by_itself,
    trust_without_a_bundle_is_the_directory_and_ca_file,
    trust_cache_others_can_change_is_not_used,
    trust_cache_that_cannot_be_made_falls_back)
