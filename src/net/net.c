/* net.c: process-wide set-up of libcurl, and small helpers every connection uses. */
#include "net/net.h"

#include <curl/curl.h>
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/buf.h"
#include "util/err.h"
#include "util/str.h"

static bool
has_protocol(const curl_version_info_data *v, const char *name)
{
	for (const char *const *p = v->protocols; p != NULL && *p != NULL; p++)
		if (strcmp(*p, name) == 0)
			return true;
	return false;
}

/* libssh2's LIBSSH2_INIT_NO_CRYPTO: "the program has set up the crypto library itself" */
#define SSH2_INIT_NO_CRYPTO	0x0001

/*
 * A libcurl built with libssh2 initialises it, and libssh2 then loads and
 * registers OpenSSL's engines (about 1.5 MiB of memory) for SCP and SFTP,
 * which taube never speaks (every handle is limited to its own protocols).
 * Initialising libssh2 first, without its crypto, skips that: libcurl's
 * call then only counts. Without libssh2 in the process nothing happens.
 */
static void
ssh2_init_without_crypto(void)
{
	int (*init)(int) = (int (*)(int))dlsym(RTLD_DEFAULT, "libssh2_init");

	if (init != NULL)
		init(SSH2_INIT_NO_CRYPTO);
}

static void
ssh2_exit(void)
{
	void (*done)(void) = (void (*)(void))dlsym(RTLD_DEFAULT, "libssh2_exit");

	if (done != NULL)
		done();
}

int
net_global_init(struct err *e)
{
	const curl_version_info_data *v;
	CURLcode rc;

	ssh2_init_without_crypto();
	rc = curl_global_init(CURL_GLOBAL_DEFAULT);
	if (rc != CURLE_OK) {
		ssh2_exit();
		return err_set(e, "cannot set up libcurl: %s", curl_easy_strerror(rc));
	}
	v = curl_version_info(CURLVERSION_NOW);
	if (!(v->features & CURL_VERSION_SSL)) {
		net_global_cleanup();
		return err_set(e, "libcurl %s was built without TLS; taube needs it", v->version);
	}
	if (!has_protocol(v, "imap") || !has_protocol(v, "imaps")) {
		net_global_cleanup();
		return err_set(e, "libcurl %s was built without IMAP; taube needs it", v->version);
	}
	return 0;
}

void
net_global_cleanup(void)
{
	curl_global_cleanup();
	ssh2_exit();
}
