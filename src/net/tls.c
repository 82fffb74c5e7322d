/* tls.c: the TLS options set on every curl handle (the policy is in tls.h). */
#include "net/tls.h"

#include <stdlib.h>

/* The directory of CAs when no bundle file is known: libcurl's own, else Debian's. */
static const char *
system_ca_dir(CURL *h)
{
	char *path = NULL;

	if (curl_easy_getinfo(h, CURLINFO_CAPATH, &path) == CURLE_OK && path != NULL)
		return path;
	return "/etc/ssl/certs";
}

void
net_tls_trust(CURL *h, const struct net_endpoint *ep, struct trust_files *t)
{
	CURL *scratch = NULL;
	char *builtin = NULL, *bundle;

	/* libcurl tells its built-in defaults only through a handle */
	if (h == NULL && (h = scratch = curl_easy_init()) == NULL) {
		trust_files_get(t, NULL, "/etc/ssl/certs", ep->ca_file);
		return;
	}
	if (curl_easy_getinfo(h, CURLINFO_CAINFO, &builtin) != CURLE_OK)
		builtin = NULL;
	bundle = trust_system_bundle(builtin);
	trust_files_get(t, bundle, system_ca_dir(h), ep->ca_file);
	free(bundle);
	if (scratch != NULL)
		curl_easy_cleanup(scratch);
}

void
net_tls_setup(CURL *h, const struct net_endpoint *ep)
{
	struct trust_files t;

	curl_easy_setopt(h, CURLOPT_USE_SSL, (long)CURLUSESSL_ALL);
	curl_easy_setopt(h, CURLOPT_SSLVERSION, (long)CURL_SSLVERSION_TLSv1_2);
	if (ep->tls_pin != NULL) {
		/*
		 * A pinned key is the trust anchor itself: it is a stronger
		 * statement than any CA's, so a self-signed certificate or one
		 * for another name is fine when its key matches. No CA is
		 * consulted, so none is loaded (libcurl would parse the whole
		 * store for nothing).
		 */
		curl_easy_setopt(h, CURLOPT_PINNEDPUBLICKEY, ep->tls_pin);
		curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 0L);
		curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, 0L);
		curl_easy_setopt(h, CURLOPT_CAINFO, NULL);
		curl_easy_setopt(h, CURLOPT_CAPATH, NULL);
		return;
	}
	/* both set, NULL too: libcurl's built-in places must not load the store twice */
	net_tls_trust(h, ep, &t);
	curl_easy_setopt(h, CURLOPT_CAINFO, t.cafile);
	curl_easy_setopt(h, CURLOPT_CAPATH, t.capath);
	trust_files_free(&t);
}
